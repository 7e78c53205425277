import { z } from 'zod';
import type { App } from '../../../platform/http/app.js';
import { MeView } from './schema.js';
import type { IdentityService } from './service.js';
import { ASSISTED_COOKIE, SESSION_COOKIE } from './session-cookie.js';

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
