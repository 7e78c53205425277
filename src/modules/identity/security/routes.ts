import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { SESSION_COOKIE } from '../accounts/session-cookie.js';
import {
  DeviceView,
  PasswordBody,
  RecoveryCodesView,
  SecondFactorBody,
  SecurityStatusView,
  TotpCode,
  TotpEnrolmentView,
} from './schema.js';
import type { SecurityService } from './service.js';

const signedIn = { tags: ['identity'], security: [{ session: [] }] };

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
