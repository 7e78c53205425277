import type { FastifyReply, FastifyRequest } from 'fastify';
import helmet from 'helmet';
import type { Config } from '../config.js';

/**
 * Built once: @fastify/helmet calls helmet(options) on every request, which parses the CSP directives
 * again each time; the headers never depend on the request, so the same middleware serves them all.
 */
export function createSecurityHeaders(config: Pick<Config, 'isProduction'>) {
  const headers = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        mediaSrc: ["'self'", 'blob:'],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    strictTransportSecurity: config.isProduction,
  });
  return (req: FastifyRequest, reply: FastifyReply) => headers(req.raw, reply.raw, () => undefined);
}
