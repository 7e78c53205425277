import { z } from 'zod';
import type { App } from '../../../../platform/http/app.js';
import { MeView, StaffLoginBody } from '../../accounts/schema.js';
import type { IdentityService } from '../../accounts/service.js';
import { type CookiePolicy, setSessionCookie } from '../../accounts/session-cookie.js';
import { RecoveryCode, TotpCode, TotpEnrolmentView } from '../../security/schema.js';
import type { StaffLoginService } from './service.js';

const PendingId = z.string().min(20).max(100);

const StaffLoginStep = z
  .discriminatedUnion('step', [
    z.object({
      step: z.literal('totp'),
      pendingId: z.string(),
      expiresAt: z.string(),
    }),
    z.object({
      /** No authenticator app yet: scan this, then send the first code to `/api/v1/auth/staff/totp`. */
      step: z.literal('enrol_totp'),
      pendingId: z.string(),
      expiresAt: z.string(),
      enrolment: TotpEnrolmentView,
    }),
  ])
  .meta({ id: 'StaffLoginStep' });

const StaffTotpBody = z.union([
  z.strictObject({ pendingId: PendingId, code: TotpCode }),
  z.strictObject({ pendingId: PendingId, recoveryCode: RecoveryCode }),
]);

const StaffSignedIn = MeView.extend({
  /** Only after enrolling at this sign-in: shown once, never again. */
  recoveryCodes: z.array(z.string()).nullable(),
}).meta({ id: 'StaffSignedIn' });

export function staffLoginRoutes(
  service: StaffLoginService,
  identity: IdentityService,
  cookies: CookiePolicy,
) {
  return async (app: App) => {
    app.post(
      '/api/v1/auth/staff/login',
      {
        schema: {
          tags: ['identity'],
          summary: 'Staff sign-in, step 1: e-mail and password; then the authenticator code',
          description:
            'Never opens a session by itself: answers `totp` (send a code from the app) or `enrol_totp` (first sign-in: scan the QR, send its first code) with a 5-minute `pendingId`.',
          body: StaffLoginBody,
          response: { 200: StaffLoginStep },
        },
      },
      async (req) =>
        service.start(req.body, { userAgent: req.headers['user-agent'] ?? null, requestId: req.id }),
    );

    app.post(
      '/api/v1/auth/staff/totp',
      {
        schema: {
          tags: ['identity'],
          summary: 'Staff sign-in, step 2: authenticator or recovery code (sets the session cookie)',
          body: StaffTotpBody,
          response: { 200: StaffSignedIn },
        },
      },
      async (req, reply) => {
        const { account, session, token, expiresAt, recoveryCodes } = await service.finish(req.body, {
          userAgent: req.headers['user-agent'] ?? null,
          requestId: req.id,
        });
        setSessionCookie(reply, token, expiresAt, cookies);
        const resolved = { account, session: { ...session, revoked_at: null } };
        return { ...(await identity.me(await identity.actorFor(resolved), resolved)), recoveryCodes };
      },
    );
  };
}
