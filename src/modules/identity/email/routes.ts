import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { Problem } from '../../../platform/http/problem.js';
import { MeView, OtpChallengeView, OtpVerifyBody } from '../accounts/schema.js';
import type { IdentityService } from '../accounts/service.js';
import { parseEmail } from './address.js';
import type { EmailService } from './service.js';

/** An e-mail address as typed; out trimmed, NFC and lower-cased, or refused with the field's reason. */
const EmailAddress = z
  .string()
  .max(320)
  .transform((input, ctx) => {
    const parsed = parseEmail(input);
    if (parsed.ok) return parsed.email;
    ctx.addIssue({ code: 'custom', message: parsed.reason });
    return z.NEVER;
  })
  .meta({ description: 'An e-mail address, e.g. nguyenvanan@gmail.com', example: 'nguyenvanan@gmail.com' });

const signedIn = { tags: ['identity'], security: [{ session: [] }] };
// Writes by a volunteer in an assisted session are refused by the platform (no allowAssisted): the
// citizen adds or removes an address themselves.
const refusals = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem, 429: Problem };

export function emailRoutes(email: EmailService, identity: IdentityService) {
  return async (app: App) => {
    app.post(
      '/api/v1/me/email',
      {
        schema: {
          ...signedIn,
          summary: 'Sends a 6-digit code to an e-mail address the citizen wants on their account',
          description:
            'Citizens only (staff work e-mails are managed by their agency admin: 403). The code is valid for 10 minutes and 5 tries; one code per 60 s and a few per hour per account and per address (429 with Retry-After). The answer is the same whether or not another account holds the address.',
          body: z.strictObject({ email: EmailAddress }),
          response: { 200: OtpChallengeView, ...refusals },
        },
      },
      async (req) => email.request(req.actor, req.body.email, { locale: req.locale }),
    );

    app.post(
      '/api/v1/me/email/verify',
      {
        schema: {
          ...signedIn,
          summary: 'Checks the code and puts the address on the account (replacing an earlier one)',
          description:
            'Returns the account. A wrong, expired, used or locked code is a field error at /body/code; an address that another account holds is refused (409) only after the right code.',
          body: OtpVerifyBody,
          response: { 200: MeView, ...refusals },
        },
      },
      async (req) => {
        const account = await email.verify(req.actor, req.body, { requestId: req.id, locale: req.locale });
        const session = req.identitySession;
        return identity.me(req.actor, session && { ...session, account }, req.id);
      },
    );

    app.delete(
      '/api/v1/me/email',
      {
        schema: {
          ...signedIn,
          summary: 'Removes the e-mail address from the account (sign-in codes then go by SMS or Zalo)',
          response: { 204: z.null(), ...refusals },
        },
      },
      async (req, reply) => {
        await email.remove(req.actor, { requestId: req.id, locale: req.locale });
        return reply.code(204).send(null);
      },
    );
  };
}
