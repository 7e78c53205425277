import { z } from 'zod';

export const AccountKind = z.enum(['citizen', 'staff']);

export const StaffLoginBody = z.strictObject({
  email: z
    .email()
    .max(254)
    .transform((s) => s.trim().toLowerCase()),
  password: z.string().min(1).max(1024),
});
export type StaffLoginBody = z.infer<typeof StaffLoginBody>;

export const RoleGrantView = z.object({
  role: z.string(),
  agencyId: z.string(),
  wardCode: z.string().nullable(),
});

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
  })
  .meta({ id: 'Me' });
export type MeView = z.infer<typeof MeView>;
