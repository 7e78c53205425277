import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { SESSION_COOKIE } from '../accounts/routes.js';
import type { SecurityService } from './service.js';

const PasswordBody = z.strictObject({
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

const RecoveryCodesView = z
  .object({
    /** Shown once: keep them somewhere safe; each works once. */
    recoveryCodes: z.array(z.string()),
  })
  .meta({ id: 'RecoveryCodes' });

const SecondFactorBody = z.union([
  z.strictObject({ code: TotpCode }),
  z.strictObject({ recoveryCode: RecoveryCode }),
]);

const DeviceView = z
  .object({
    id: z.uuid(),
    userAgent: z.string().nullable(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    /** The session making this request. */
    current: z.boolean(),
  })
  .meta({ id: 'Device' });

const signedIn = { tags: ['identity'], security: [{ session: [] }] };

const SecurityStatusView = z
  .object({
    hasPassword: z.boolean(),
    /** True once enrolment is confirmed; a started but unconfirmed enrolment is still off. */
    totpEnabled: z.boolean(),
    recoveryCodesLeft: z.number().int(),
  })
  .meta({ id: 'SecurityStatus' });

export function securityRoutes(service: SecurityService) {
  return async (app: App) => {
    app.get(
      '/api/v1/me/security',
      {
        schema: {
          ...signedIn,
          summary: 'Whether a password and an authenticator app are set up, and recovery codes left',
          response: { 200: SecurityStatusView },
        },
      },
      async (req) => service.status(req.actor),
    );

    app.post(
      '/api/v1/me/password',
      {
        schema: {
          ...signedIn,
          summary: 'Sets or changes the password (signs out the other devices)',
          description:
            'Refused with a reason when too short, too common, or made of the phone number, name or e-mail address.',
          body: PasswordBody,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await service.setPassword(req.actor, req.body, req.id, req.locale);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/me/totp',
      {
        schema: {
          ...signedIn,
          summary: 'Starts authenticator-app enrolment (QR and secret); confirm with a first code',
          response: { 200: TotpEnrolmentView },
        },
      },
      async (req) => {
        const { uri, qrSvg, secret } = await service.startTotp(req.actor, req.id);
        return { uri, qrSvg, secret };
      },
    );

    app.post(
      '/api/v1/me/totp/confirm',
      {
        schema: {
          ...signedIn,
          summary: 'Confirms enrolment with a code from the app; returns 10 single-use recovery codes once',
          body: z.strictObject({ code: TotpCode }),
          response: { 200: RecoveryCodesView },
        },
      },
      async (req) => service.confirmTotp(req.actor, req.body.code, req.id, req.locale),
    );

    app.delete(
      '/api/v1/me/totp',
      {
        schema: {
          ...signedIn,
          summary: 'Turns the authenticator app off (needs a current code or a recovery code)',
          body: SecondFactorBody,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await service.disableTotp(req.actor, req.body, req.id, req.locale);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/me/sessions',
      {
        schema: {
          ...signedIn,
          summary: 'My devices: the signed-in sessions of this account',
          response: { 200: z.object({ items: z.array(DeviceView) }) },
        },
      },
      async (req) => ({ items: await service.devices(req.actor) }),
    );

    app.delete(
      '/api/v1/me/sessions/:id',
      {
        schema: {
          ...signedIn,
          summary: 'Signs one of my devices out',
          params: z.object({ id: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await service.revokeDevice(req.actor, req.params.id, req.id);
        if (
          req.actor.kind !== 'anonymous' &&
          'sessionId' in req.actor &&
          req.actor.sessionId === req.params.id
        ) {
          reply.clearCookie(SESSION_COOKIE, { path: '/' });
        }
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/auth/logout-all',
      {
        schema: {
          ...signedIn,
          summary: 'Signs out every device of this account, this one included',
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await service.logoutEverywhere(req.actor, req.id, req.locale);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );
  };
}
