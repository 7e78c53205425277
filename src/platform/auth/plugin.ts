import type { App } from '../http/app.js';
import { DomainError } from '../http/errors.js';
import { type ActorResolver, anonymous } from './actor.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * A volunteer in an assisted session may send this write (the service still checks the actor). Every
     * other write is refused to an `assistant` actor, so password, authenticator, devices and
     * consents stay with the citizen, and a new route is closed to assisted sessions until it opts in.
     */
    allowAssisted?: boolean;
  }
}

/**
 * Decorates every request with its actor. Cookie-authenticated writes must carry the session's
 * CSRF token in `x-csrf-token` (double-submit with a server-side value), checked by the resolver's
 * `csrfToken` for the session. Writes by a volunteer in an assisted session reach only the routes that
 * allow it (`config.allowAssisted`).
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
    if (
      req.actor.kind === 'assistant' &&
      !SAFE_METHODS.has(req.method) &&
      !req.routeOptions.config.allowAssisted
    ) {
      throw new DomainError('forbidden', 'auth.assisted_not_allowed');
    }
    if (SAFE_METHODS.has(req.method) || req.actor.kind === 'anonymous' || req.actor.kind === 'client') return;
    const expected = await csrf.expectedToken(req);
    if (expected !== null && req.headers['x-csrf-token'] !== expected) {
      throw new DomainError('forbidden', 'auth.csrf_failed');
    }
  });
}
