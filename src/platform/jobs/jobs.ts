import type { z } from 'zod';
import type { Tx } from '../db/db.js';

/**
 * What a handler learns about the run it is in. Delivery is at least once (a worker that dies or
 * overruns `expireInSeconds` has its job run again), so a handler must be idempotent: check the
 * state it is about to change (`update … where status = 'submitted'`), use natural keys or
 * `on conflict do nothing` for rows it inserts, and key outgoing messages by `jobId`.
 */
export interface JobContext {
  jobId: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  /** Aborted when the job expires or the worker stops without finishing it. */
  signal: AbortSignal;
}

/**
 * How jobs that share a `singletonKey` are deduplicated:
 * - `standard`: no deduplication; a `singletonKey` is only a label.
 * - `short`: at most one *queued* job per key (e.g. one deadline check per dossier).
 * - `stately`: at most one queued and one running job per key.
 * - `exclusive`: at most one queued-or-running job per key.
 */
export type JobPolicy = 'standard' | 'short' | 'stately' | 'exclusive';

/** A named background job `<module>.<kebab-action>` with a zod payload and an idempotent handler. */
export interface JobDefinition<P extends z.ZodType = z.ZodType> {
  name: `${string}.${string}`;
  /** An object schema: checked when the job is enqueued and again when it runs. */
  payload: P;
  /** Delivery is at least once: the handler must be safe to run twice (see JobContext). */
  run(payload: z.infer<P>, ctx: JobContext): Promise<void>;
  /** Retries after the first failed run (default 5). */
  retryLimit?: number;
  /** Seconds before the first retry; doubles each attempt, capped at one hour (default 10; 0 retries at once). */
  retryDelay?: number;
  /** Seconds a single run may take before it is considered dead and retried (default 900). */
  expireInSeconds?: number;
  policy?: JobPolicy;
}

export interface EnqueueOptions {
  /** Run no earlier than this time (taken from the injected clock by callers). */
  runAt?: Date;
  /** With a deduplicating `policy`, at most one job with this key (see JobPolicy). */
  singletonKey?: string;
}

/** Durable jobs in PostgreSQL; enqueue inside the business transaction (outbox). */
export interface Jobs {
  /** Registers a job; every job is defined before `start()`. */
  define<P extends z.ZodType>(job: JobDefinition<P>): void;
  /**
   * Inserts the job through `tx`: it exists if and only if the transaction commits. Returns the job
   * id, or with a deduplicating policy the id of the job already holding `singletonKey`.
   */
  enqueue<P extends z.ZodType>(
    tx: Tx,
    job: JobDefinition<P> | string,
    payload: z.infer<P>,
    options?: EnqueueOptions,
  ): Promise<string>;
  /** A recurring timer (cron, Asia/Ho_Chi_Minh) that enqueues the job; the same name replaces it. */
  schedule(name: string, cron: string, payload?: Record<string, unknown>): Promise<void>;
}

export const jobDefaults = {
  retryLimit: 5,
  retryDelay: 10,
  retryDelayMax: 3600,
  expireInSeconds: 900,
  policy: 'standard' as JobPolicy,
};

/** Recurring timers follow the city's wall clock. */
export const scheduleTimeZone = 'Asia/Ho_Chi_Minh';
