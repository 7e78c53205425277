import { z } from 'zod';
import { MobilePhone, OtpVerifyBody } from '../accounts/schema.js';

export const AssistedStartBody = z.strictObject({
  /** The citizen's own mobile number: the code that approves the session goes there. */
  phone: MobilePhone,
  /** Zalo falls back to SMS (and SMS to Zalo) automatically. */
  channel: z.enum(['sms', 'zalo']).default('sms'),
});
export type AssistedStartBody = z.infer<typeof AssistedStartBody>;

/** The code the citizen reads out to the volunteer. */
export const AssistedVerifyBody = OtpVerifyBody;
export type AssistedVerifyBody = z.infer<typeof AssistedVerifyBody>;

export const AssistedSessionParams = z.strictObject({ id: z.uuid() });

const Cursor = z
  .string()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+$/, 'identity.bad_cursor');

export const AssistedListQuery = z.strictObject({
  cursor: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type AssistedListQuery = z.infer<typeof AssistedListQuery>;

const AssistedEndReason = z.enum(['assistant', 'citizen', 'signed_out', 'replaced', 'expired']);

/** One assisted session as its citizen sees it: who helped, when, how long, and what was done. */
export const AssistedSessionView = z
  .object({
    id: z.uuid(),
    assistant: z.object({
      name: z.string(),
      /** `community_member` or `reception`. */
      role: z.string(),
      agency: z.string().nullable(),
      ward: z.string().nullable(),
    }),
    /** ISO 8601. */
    startedAt: z.string(),
    /** When it ended, or will end at the latest while `live` (ISO 8601). */
    endsAt: z.string(),
    live: z.boolean(),
    /** Null while live; `expired` when it ran out (or ended with the volunteer's own session). */
    endReason: AssistedEndReason.nullable(),
    /** The citizen's account was created by approving this session. */
    registered: z.boolean(),
    /** Audited actions done in it, oldest first (codes such as `identity.profile_viewed`). */
    actions: z.array(z.object({ at: z.string(), action: z.string() })),
    /** More actions were done than listed. */
    actionsTruncated: z.boolean(),
  })
  .meta({ id: 'AssistedSession' });
export type AssistedSessionView = z.infer<typeof AssistedSessionView>;

export const AssistedSessionPage = z.object({
  items: z.array(AssistedSessionView),
  nextCursor: z.string().nullable(),
});
