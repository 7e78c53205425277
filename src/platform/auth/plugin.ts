import type { App } from '../http/app.js';
import { DomainError } from '../http/errors.js';
import { type ActorResolver, anonymous } from './actor.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Decorates every request with its actor. Cookie-authenticated writes must carry the session's
 * CSRF token in `x-csrf-token` (double-submit with a server-side value), checked by the resolver's
 * `csrfToken` for the session.
 */
export function registerActorResolution(
  app: App,
  resolve: ActorResolver,
  csrf: { expectedToken(req: import('fastify').FastifyRequest): Promise<string | null> },
): void {
  app.decorateRequest('actor', null as never);
  app.addHook('onRequest', async (req) => {
    req.actor = anonymous;
  });
  app.addHook('preHandler', async (req) => {
    if (req.routeOptions.config.isOperational) return;
    req.actor = await resolve(req);
    if (SAFE_METHODS.has(req.method) || req.actor.kind === 'anonymous' || req.actor.kind === 'client') return;
    const expected = await csrf.expectedToken(req);
    if (expected !== null && req.headers['x-csrf-token'] !== expected) {
      throw new DomainError('forbidden', 'auth.csrf_failed');
    }
  });
}
