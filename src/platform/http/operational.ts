import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/db.js';
import { registry } from '../metrics.js';
import type { App } from './app.js';
import { operationalRouteConfig } from './app.js';
import { isLoopback } from './loopback.js';
import { sendProblem } from './problem.js';

export interface MetricsAccess {
  /** `Authorization: Bearer <token>` opens /metrics from anywhere. */
  token: string | undefined;
  /** Without a token, production never serves /metrics (serve refuses to start first). */
  isProduction: boolean;
  /** Refreshes gauges that live in the database (e.g. the last audit verification) before a scrape. */
  beforeScrape?: () => Promise<void>;
}

const Health = z.object({ status: z.literal('ok') });
const Ready = z.object({ status: z.literal('ok'), database: z.literal('ok') });

/**
 * Liveness, readiness and Prometheus metrics; exempt from overload shedding and rate limits. Metrics tell
 * an outsider how busy each route is and when the audit log was last verified: they need the metrics
 * token, or, when none is configured outside production, a loopback caller.
 */
export function registerOperationalRoutes(app: App, db: Db, metrics: MetricsAccess): void {
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
    async (req, reply) => {
      const refusal = metricsRefusal(req, metrics);
      if (refusal === 'token') {
        reply.header('www-authenticate', 'Bearer realm="metrics"');
        return sendProblem(req, reply, { status: 401, code: 'http.metrics_token_required' });
      }
      if (refusal === 'loopback')
        return sendProblem(req, reply, { status: 403, code: 'http.metrics_loopback_only' });
      await metrics.beforeScrape?.();
      reply.type(registry.contentType);
      return registry.metrics();
    },
  );
}

function metricsRefusal(req: FastifyRequest, access: MetricsAccess): 'token' | 'loopback' | null {
  if (access.token) {
    const expected = Buffer.from(`Bearer ${access.token}`);
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected) ? null : 'token';
  }
  if (access.isProduction) return 'token';
  return isLoopback(req) ? null : 'loopback';
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
