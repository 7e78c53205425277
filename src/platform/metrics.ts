import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per process; tests build apps repeatedly, so collectors are created once. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP request latency by route template',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const jobsCompleted = new Counter({
  name: 'jobs_completed_total',
  help: 'Background jobs that finished successfully',
  labelNames: ['name'] as const,
  registers: [registry],
});

export const jobsFailed = new Counter({
  name: 'jobs_failed_total',
  help: 'Background job attempts that threw (each is retried until its limit)',
  labelNames: ['name'] as const,
  registers: [registry],
});

export const jobsEnqueued = new Counter({
  name: 'jobs_enqueued_total',
  help: 'Background jobs enqueued',
  labelNames: ['name'] as const,
  registers: [registry],
});
