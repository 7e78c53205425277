import type { App } from '../../../platform/http/app.js';
import { MeView, OtpChallengeView, OtpRequestBody, OtpVerifyBody } from '../accounts/schema.js';
import type { IdentityService } from '../accounts/service.js';
import { type CookiePolicy, setSessionCookie } from '../accounts/session-cookie.js';
import type { OtpService } from './service.js';

export function otpRoutes(otp: OtpService, service: IdentityService, cookies: CookiePolicy) {
  return async (app: App) => {
    app.post(
      '/api/v1/auth/otp',
      {
        schema: {
          tags: ['identity'],
          summary: 'Sends a one-time sign-in code to a mobile number (registers the citizen on first verify)',
          description:
            'The answer is the same whether or not the number has an account. Limits: one code per number per resend cooldown, a few per hour per number and per IP address (429 with Retry-After).',
          body: OtpRequestBody,
          response: { 200: OtpChallengeView },
        },
      },
      async (req) => otp.request(req.body, { ip: req.ip, locale: req.locale }),
    );

    app.post(
      '/api/v1/auth/otp/verify',
      {
        schema: {
          tags: ['identity'],
          summary: 'Checks the code, signs in (sets the session cookie) and returns the account',
          body: OtpVerifyBody,
          response: { 200: MeView },
        },
      },
      async (req, reply) => {
        const { account, token, session, expiresAt } = await otp.verify(req.body, {
          userAgent: req.headers['user-agent'] ?? null,
          requestId: req.id,
        });
        setSessionCookie(reply, token, expiresAt, cookies);
        const resolved = { account, session: { ...session, revoked_at: null } };
        return service.me(await service.actorFor(resolved), resolved);
      },
    );
  };
}
