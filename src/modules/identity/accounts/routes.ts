import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { ASSISTED_COOKIE } from '../assisted/routes.js';
import { MeView } from './schema.js';
import type { IdentityService, ResolvedSession } from './service.js';

export const SESSION_COOKIE = 'cds_session';

declare module 'fastify' {
  interface FastifyRequest {
    identitySession: ResolvedSession | null;
  }
}

export interface CookiePolicy {
  secure: boolean;
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, policy: CookiePolicy) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    secure: policy.secure,
    sameSite: 'lax',
    path: '/',
    expires: expiresAt,
  });
}

export function identityRoutes(service: IdentityService) {
  return async (app: App) => {
    app.get(
      '/api/v1/me',
      {
        schema: {
          tags: ['identity'],
          summary: 'The signed-in account (401 without a session)',
          response: { 200: MeView },
          security: [{ session: [] }],
        },
      },
      async (req) => service.me(req.actor, req.identitySession, req.id),
    );

    app.post(
      '/api/v1/auth/logout',
      {
        // A volunteer signing out during an assisted session ends it too.
        config: { allowAssisted: true },
        schema: {
          tags: ['identity'],
          summary: 'Ends the current session',
          response: { 204: z.null() },
          security: [{ session: [] }],
        },
      },
      async (req, reply) => {
        await service.logout(req.actor, req.id);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        reply.clearCookie(ASSISTED_COOKIE, { path: '/' });
        return reply.code(204).send(null);
      },
    );
  };
}

export function sessionTokenOf(req: FastifyRequest): string | undefined {
  return req.cookies?.[SESSION_COOKIE];
}
