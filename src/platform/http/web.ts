import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { App } from './app.js';

/**
 * Serves the built SPA. Unknown GET paths outside /api, /oidc and /.well-known get index.html so deep
 * links work after a reload; the SPA renders its own "Không tìm thấy trang" for routes it does not know.
 */
export async function registerWebRoutes(app: App, distDir: string): Promise<void> {
  const index = path.join(distDir, 'index.html');
  if (!fs.existsSync(index)) return;
  await app.register(fastifyStatic, {
    root: distDir,
    prefix: '/',
    wildcard: false,
    index: false,
    cacheControl: false,
    setHeaders: (res, file) => {
      const immutable = file.includes(`${path.sep}assets${path.sep}`);
      res.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const html = fs.readFileSync(index);
  const spa = async (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  app.get('/', { schema: { hide: true } }, spa);
  app.get('/*', { schema: { hide: true }, config: { isSpaFallback: true } }, async (req, reply) => {
    const p = req.url.split('?')[0] ?? '/';
    if (/^\/(api|oidc|dev|\.well-known)(\/|$)/.test(p) || path.extname(p)) {
      return reply.callNotFound();
    }
    return spa(req, reply);
  });
}
