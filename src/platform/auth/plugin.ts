import type { FastifyRequest } from 'fastify';
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

/** Operations declared with `security` in their schema (the OpenAPI document shows the same) need a session. */
function needsSession(req: FastifyRequest): boolean {
  const security = (req.routeOptions.schema as { security?: unknown[] } | undefined)?.security;
  return Array.isArray(security) && security.length > 0;
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
  csrf: { expectedToken(req: FastifyRequest): Promise<string | null> },
): void {
  app.decorateRequest('actor', null as never);
  app.addHook('onRequest', async (req) => {
    req.actor = anonymous;
  });
  // Before validation: a caller without a session learns nothing about a protected operation's fields.
  app.addHook('preValidation', async (req) => {
    if (req.routeOptions.config.isOperational) return;
    req.actor = await resolve(req);
    if (req.actor.kind === 'anonymous' && needsSession(req)) {
      throw new DomainError('unauthorized', 'http.unauthorized');
    }
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
