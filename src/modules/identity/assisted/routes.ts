import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { DomainError } from '../../../platform/http/errors.js';
import { MeView, OtpChallengeView } from '../accounts/schema.js';
import { ASSISTED_COOKIE, type CookiePolicy } from '../accounts/session-cookie.js';
import {
  AssistedListQuery,
  AssistedSessionPage,
  AssistedSessionParams,
  AssistedStartBody,
  AssistedVerifyBody,
} from './schema.js';
import type { AssistedService } from './service.js';
import { assistedMe } from './session.js';

export function assistedRoutes(service: AssistedService, cookies: CookiePolicy) {
  return async (app: App) => {
    app.post(
      '/api/v1/assisted-sessions',
      {
        schema: {
          tags: ['identity'],
          summary:
            'A community-team member or one-stop officer asks a citizen to approve an assisted session',
          description:
            "Sends the citizen's phone a code in a message naming the volunteer and their agency. Needs an active `community_member` or `reception` grant. Same limits as sign-in codes (429 with Retry-After); the answer is the same whether or not the number has an account.",
          body: AssistedStartBody,
          response: { 200: OtpChallengeView },
          security: [{ session: [] }],
        },
      },
      async (req) => service.start(req.actor, req.body, { ip: req.ip, requestId: req.id }),
    );

    app.post(
      '/api/v1/assisted-sessions/verify',
      {
        schema: {
          tags: ['identity'],
          summary:
            'Checks the code the citizen read out and starts the assisted session (registers a new number)',
          description:
            "Sets the `cds_assisted` cookie next to the volunteer's own session and answers with the citizen's view (as `GET /api/v1/me` does during the session, with `assisted`). Requests then act as the `assistant` of that citizen until the session ends or expires.",
          body: AssistedVerifyBody,
          response: { 200: MeView },
          security: [{ session: [] }],
        },
      },
      async (req, reply) => {
        const staffSession = req.identitySession?.session;
        if (!staffSession) throw new DomainError('unauthorized', 'http.unauthorized');
        const started = await service.verify(req.actor, req.body, { staffSession, requestId: req.id });
        reply.setCookie(ASSISTED_COOKIE, started.token, {
          httpOnly: true,
          secure: cookies.secure,
          sameSite: 'lax',
          path: '/',
          expires: started.session.expires_at,
        });
        return assistedMe(started.citizen, staffSession.csrf_token, started.session, started.assistantName);
      },
    );

    app.post(
      '/api/v1/assisted-sessions/current/end',
      {
        config: { allowAssisted: true },
        schema: {
          tags: ['identity'],
          summary:
            "The volunteer ends the assisted session; the browser is back in the volunteer's own session",
          response: { 204: z.null() },
          security: [{ session: [] }],
        },
      },
      async (req, reply) => {
        await service.endCurrent(req.actor, req.id);
        reply.clearCookie(ASSISTED_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/v1/me/assisted-sessions',
      {
        schema: {
          tags: ['identity'],
          summary: 'The citizen’s assisted sessions: who helped, when, for how long, and what was done',
          querystring: AssistedListQuery,
          response: { 200: AssistedSessionPage },
          security: [{ session: [] }],
        },
      },
      async (req) => service.listMine(req.actor, req.query),
    );

    app.delete(
      '/api/v1/me/assisted-sessions/:id',
      {
        schema: {
          tags: ['identity'],
          summary: 'The citizen ends an assisted session at once',
          params: AssistedSessionParams,
          response: { 204: z.null() },
          security: [{ session: [] }],
        },
      },
      async (req, reply) => {
        await service.endMine(req.actor, req.params.id, req.id);
        return reply.code(204).send(null);
      },
    );
  };
}
