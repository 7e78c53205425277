import { z } from 'zod';
import type { Db } from '../db/db.js';
import { registry } from '../metrics.js';
import type { App } from './app.js';
import { operationalRouteConfig } from './app.js';
import { sendProblem } from './problem.js';

const Health = z.object({ status: z.literal('ok') });
const Ready = z.object({ status: z.literal('ok'), database: z.literal('ok') });

/** Liveness, readiness and Prometheus metrics; exempt from overload shedding and rate limits. */
export function registerOperationalRoutes(app: App, db: Db): void {
  app.get(
    '/healthz',
    {
      config: operationalRouteConfig,
      schema: { tags: ['operations'], summary: 'Liveness: the process is up', response: { 200: Health } },
    },
    async () => ({ status: 'ok' as const }),
  );
  app.get(
    '/readyz',
    {
      config: operationalRouteConfig,
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the database answers',
        response: { 200: Ready },
      },
    },
    async (req, reply) => {
      try {
        await withTimeout(db.ping(), 2000);
        return { status: 'ok' as const, database: 'ok' as const };
      } catch {
        return sendProblem(req, reply, { status: 503, code: 'http.database_unavailable', retryAfter: 5 });
      }
    },
  );
  app.get(
    '/metrics',
    {
      config: operationalRouteConfig,
      schema: {
        tags: ['operations'],
        summary: 'Prometheus metrics (text exposition format)',
        produces: ['text/plain'],
      },
    },
    async (_req, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
