import { z } from 'zod';
import { cleanOtpInput, OTP_DIGITS } from '../otp/code.js';
import { parseMobilePhone } from './phone.js';

const AccountKind = z.enum(['citizen', 'staff']);

export const StaffLoginBody = z.strictObject({
  email: z
    .email()
    .max(254)
    .transform((s) => s.trim().toLowerCase()),
  password: z.string().min(1).max(1024),
});
export type StaffLoginBody = z.infer<typeof StaffLoginBody>;

const RoleGrantView = z.object({
  role: z.string(),
  agencyId: z.string(),
  wardCode: z.string().nullable(),
});

/** In an assisted session (`/api/v1/me` then describes the citizen): who is helping, until when. */
const AssistedInfoView = z
  .object({
    sessionId: z.uuid(),
    assistantId: z.uuid(),
    assistantName: z.string(),
    /** The citizen's account was created when they approved this session. */
    registered: z.boolean(),
    /** ISO 8601. */
    startedAt: z.string(),
    /** ISO 8601; the session ends then at the latest (or earlier, with the volunteer's own session). */
    expiresAt: z.string(),
  })
  .meta({ id: 'AssistedSessionInfo' });

export const MeView = z
  .object({
    id: z.uuid(),
    kind: AccountKind,
    fullName: z.string(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
    assuranceLevel: z.number().int(),
    grants: z.array(RoleGrantView),
    /** Send back as `x-csrf-token` on every cookie-authenticated write. */
    csrfToken: z.string(),
    /** Present only while a volunteer acts for this citizen (assisted session). */
    assisted: AssistedInfoView.optional(),
  })
  .meta({ id: 'Me' });
export type MeView = z.infer<typeof MeView>;

/** A Vietnamese mobile number in any common format, out as E.164; the refusal reason is the field's code. */
export const MobilePhone = z
  .string()
  .max(40)
  .transform((input, ctx) => {
    const parsed = parseMobilePhone(input);
    if (parsed.ok) return parsed.e164;
    ctx.addIssue({ code: 'custom', message: parsed.reason });
    return z.NEVER;
  })
  .meta({
    description: 'Vietnamese mobile number, e.g. 0905 123 456 or +84905123456',
    example: '0905123456',
  });

const OtpChannel = z.enum(['sms', 'zalo', 'email']);

export const OtpRequestBody = z.strictObject({
  phone: MobilePhone,
  /** Where the citizen wants the code; another channel is tried automatically if it fails. */
  channel: OtpChannel.default('sms'),
});
export type OtpRequestBody = z.infer<typeof OtpRequestBody>;

export const OtpChallengeView = z
  .object({
    challengeId: z.uuid(),
    /** ISO 8601; show it as a clock time ("Mã có hiệu lực đến 14:35"). */
    expiresAt: z.string(),
  })
  .meta({ id: 'OtpChallenge' });

export const OtpVerifyBody = z.strictObject({
  challengeId: z.uuid(),
  /** Six digits; spaces and dashes (as pasted) are ignored. */
  code: z
    .string()
    .max(40)
    .transform(cleanOtpInput)
    .refine((code) => code.length === OTP_DIGITS && /^\d+$/.test(code), 'identity.otp_format'),
});
export type OtpVerifyBody = z.infer<typeof OtpVerifyBody>;
