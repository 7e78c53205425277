import type { z } from 'zod';
import type { Tx } from '../db/db.js';

/** A named background job `<module>.<kebab-action>` with a zod payload and an idempotent handler. */
export interface JobDefinition<P extends z.ZodType = z.ZodType> {
  name: `${string}.${string}`;
  payload: P;
  /** Delivery is at least once: the handler must be safe to run twice. */
  run(payload: z.infer<P>, ctx: { jobId: string; attempt: number }): Promise<void>;
  retryLimit?: number;
  /** Seconds before the first retry; doubles each attempt. */
  retryDelay?: number;
  /** Seconds a single run may take before it is considered dead and retried. */
  expireInSeconds?: number;
}

export interface EnqueueOptions {
  /** Run no earlier than this time (taken from the injected clock by callers). */
  runAt?: Date;
  /** At most one queued job with this key (e.g. one deadline check per dossier). */
  singletonKey?: string;
}

/** Durable jobs in PostgreSQL; enqueue inside the business transaction (outbox). */
export interface Jobs {
  define<P extends z.ZodType>(job: JobDefinition<P>): void;
  enqueue<P extends z.ZodType>(
    tx: Tx,
    job: JobDefinition<P> | string,
    payload: z.infer<P>,
    options?: EnqueueOptions,
  ): Promise<string>;
  /** A recurring timer (cron, Asia/Ho_Chi_Minh) that enqueues the job. */
  schedule(name: string, cron: string, payload?: Record<string, unknown>): Promise<void>;
}
