import { z } from 'zod';

export const PasswordBody = z.strictObject({
  password: z.string().min(1).max(1024),
  /** Required when the account already has a password. */
  currentPassword: z.string().min(1).max(1024).optional(),
});

export const TotpCode = z.string().min(1).max(40);
export const RecoveryCode = z.string().min(1).max(40);

export const TotpEnrolmentView = z
  .object({
    /** `otpauth://totp/…` for authenticator apps. */
    uri: z.string(),
    /** The same URI as an SVG QR code. */
    qrSvg: z.string(),
    /** Base32, for typing into the app by hand. */
    secret: z.string(),
  })
  .meta({ id: 'TotpEnrolment' });

export const RecoveryCodesView = z
  .object({
    /** Shown once: keep them somewhere safe; each works once. */
    recoveryCodes: z.array(z.string()),
  })
  .meta({ id: 'RecoveryCodes' });

export const SecondFactorBody = z.union([
  z.strictObject({ code: TotpCode }),
  z.strictObject({ recoveryCode: RecoveryCode }),
]);

export const DeviceView = z
  .object({
    id: z.uuid(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    /** The session making this request. */
    current: z.boolean(),
  })
  .meta({ id: 'Device' });

export const SecurityStatusView = z
  .object({
    hasPassword: z.boolean(),
    /** True once enrolment is confirmed; a started but unconfirmed enrolment is still off. */
    totpEnabled: z.boolean(),
    recoveryCodesLeft: z.number().int(),
  })
  .meta({ id: 'SecurityStatus' });
