import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The response carries personal data even for an anonymous caller: never stored by any cache. */
    isPersonal?: boolean;
  }
}

const ME = /^\/api\/v1\/me(\/|$)/;

/**
 * `Cache-Control: no-store` on every response that may carry personal data: everything under /api/v1/me,
 * routes marked `isPersonal`, and every answer to a signed-in caller (citizen, staff, assistant, client)
 * unless the route chose its own caching, e.g. the public JWKS. A shared cache (proxy, CDN) or the
 * browser's disk would otherwise keep one person's data for the next request.
 */
export function registerNoStore(app: FastifyInstance): void {
  app.addHook('onSend', async (req, reply, payload) => {
    if (mustNotStore(req, reply)) reply.header('cache-control', 'no-store');
    return payload;
  });
}

function mustNotStore(req: FastifyRequest, reply: FastifyReply): boolean {
  if (req.routeOptions.config?.isPersonal) return true;
  if (ME.test(req.url.split('?')[0] ?? '')) return true;
  const actor = (req as { actor?: { kind: string } }).actor;
  return Boolean(actor && actor.kind !== 'anonymous' && !reply.hasHeader('cache-control'));
}
