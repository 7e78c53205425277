import type { FastifyRequest } from 'fastify';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Whether the TCP peer is this machine. The socket's address, never `req.ip`: with TRUST_PROXY that one
 * comes from X-Forwarded-For, which any client can write.
 */
export function isLoopback(req: FastifyRequest): boolean {
  return LOOPBACK.has(req.socket.remoteAddress ?? '');
}
