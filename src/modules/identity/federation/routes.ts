import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { DomainError } from '../../../platform/http/errors.js';
import { type CookiePolicy, setSessionCookie } from '../accounts/session-cookie.js';
import type { createFederationService } from './service.js';

const BROWSER_COOKIE = 'cds_federation';
const COOKIE_PATH = '/api/v1/auth/federated';
const LOGIN_PAGE = '/dang-nhap';

const Provider = z.object({ provider: z.string().min(1).max(20) });

/**
 * `start` answers errors as problem+json (it is called from our own page); `callback` is reached by
 * the browser coming back from the provider, so it always redirects: to `next`, or to the login page
 * with the error code, whose Vietnamese message the page shows from the catalogue.
 */
export function federationRoutes(service: ReturnType<typeof createFederationService>, cookies: CookiePolicy) {
  return async (app: App) => {
    app.get(
      '/api/v1/auth/federated',
      {
        schema: {
          tags: ['identity'],
          summary: 'External e-ID providers that are switched on (the login page shows a button for each)',
          response: {
            200: z.object({ providers: z.array(z.object({ id: z.string(), startUrl: z.string() })) }),
          },
        },
      },
      async () => ({
        providers: service.providers().map((id) => ({ id, startUrl: `/api/v1/auth/federated/${id}/start` })),
      }),
    );

    app.get(
      '/api/v1/auth/federated/:provider/start',
      {
        schema: {
          tags: ['identity'],
          summary: 'Starts sign-in with an external e-ID provider (VNeID, national portal): redirects there',
          params: Provider,
          querystring: z.object({ next: z.string().max(2000).optional() }),
        },
      },
      async (req, reply) => {
        const started = await service.start(req.params.provider, req.query.next);
        reply.setCookie(BROWSER_COOKIE, started.browserSecret, {
          httpOnly: true,
          secure: cookies.secure,
          sameSite: 'lax',
          path: COOKIE_PATH,
          maxAge: started.ttlSeconds,
        });
        return reply.redirect(started.redirectTo, 303);
      },
    );

    app.get(
      '/api/v1/auth/federated/:provider/callback',
      {
        schema: {
          tags: ['identity'],
          summary: 'Where the e-ID provider sends the browser back: signs in and redirects to `next`',
          params: Provider,
          querystring: z.record(z.string(), z.string()),
        },
      },
      async (req, reply) => {
        reply.clearCookie(BROWSER_COOKIE, { path: COOKIE_PATH });
        try {
          const done = await service.callback(req.params.provider, req.query, {
            browserSecret: req.cookies?.[BROWSER_COOKIE],
            userAgent: req.headers['user-agent'] ?? null,
            requestId: req.id,
          });
          setSessionCookie(reply, done.token, done.expiresAt, cookies);
          return reply.redirect(done.next, 303);
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          return toLoginPage(reply, err.code);
        }
      },
    );
  };
}

function toLoginPage(reply: FastifyReply, code: string) {
  return reply.redirect(`${LOGIN_PAGE}?error=${encodeURIComponent(code)}`, 303);
}
