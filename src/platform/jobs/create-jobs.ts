import type { PgBoss } from 'pg-boss';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Db, Tx } from '../db/db.js';
import { jobsEnqueued } from '../metrics.js';
import { type BossTimings, bossSchema, createBoss, inTransaction, startBoss } from './boss.js';

export { installJobsSchema } from './boss.js';

import { type Outcome, runJob } from './execute.js';
import { type EnqueueOptions, type JobDefinition, type Jobs, jobDefaults, scheduleTimeZone } from './jobs.js';

export interface CreateJobsOptions extends BossTimings {
  db: Db;
  logger: Logger;
  /** Read by `runDue()`; callers take `runAt` from the same clock. */
  clock: Clock;
  /** `serve` or `worker`: names this process in pg-boss's instance registry. */
  instanceName?: string;
  /** Connections of pg-boss's own pool on PostgreSQL (default 4). */
  poolMax?: number;
}

export interface WorkerOptions {
  /** Jobs of one kind this process runs at the same time (default 2). */
  concurrency?: number;
}

/** The jobs service plus its lifecycle, owned by the composition root (serve) or the worker CLI. */
export interface JobsRuntime extends Jobs {
  /** Installs/upgrades pg-boss's schema, creates a queue per defined job, applies schedules. */
  start(): Promise<void>;
  /** Starts running jobs in this process (after `start()`). */
  startWorker(options?: WorkerOptions): Promise<void>;
  /** Graceful drain: waits up to `graceMs` for running jobs, then hands unfinished ones back for retry. */
  stop(options?: { graceMs?: number }): Promise<void>;
  /**
   * Test helper: runs, in this process and before returning, every queued job that is due by the
   * database clock or whose `runAt` is at or before `until` (default `clock.now()`), including retries
   * that become due that way. Returns how many runs it made. Lets a test with a ManualClock advance
   * the clock past a deadline and then run the deadline job without waiting.
   */
  runDue(options?: { until?: Date }): Promise<number>;
  /** The names of every defined job. */
  readonly names: readonly string[];
}

type AnyJob = JobDefinition<z.ZodType>;
type State = 'new' | 'starting' | 'started' | 'stopped';

export function createJobs(options: CreateJobsOptions): JobsRuntime {
  const { db, clock } = options;
  const log = options.logger.child({ component: 'jobs' });
  const definitions = new Map<string, AnyJob>();
  const schedules = new Map<string, { cron: string; payload: object }>();
  let state: State = 'new';
  let boss: PgBoss | undefined;
  let working = false;

  const resolve = (job: AnyJob | string): AnyJob => {
    const name = typeof job === 'string' ? job : job.name;
    const def = definitions.get(name);
    if (!def) throw new Error(`jobs: "${name}" is not defined`);
    return def;
  };

  const parsePayload = (def: AnyJob, payload: unknown): object => {
    const data = def.payload.parse(payload);
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      throw new Error(`jobs: the payload of "${def.name}" must be an object`);
    }
    return data;
  };

  const started = (): PgBoss => {
    if (state !== 'started' || !boss) throw new Error('jobs: start() has not completed');
    return boss;
  };

  const queueOptions = (def: AnyJob) => {
    const retryDelay = def.retryDelay ?? jobDefaults.retryDelay;
    return {
      retryLimit: def.retryLimit ?? jobDefaults.retryLimit,
      retryDelay,
      retryBackoff: retryDelay > 0,
      ...(retryDelay > 0 ? { retryDelayMax: jobDefaults.retryDelayMax } : {}),
      expireInSeconds: def.expireInSeconds ?? jobDefaults.expireInSeconds,
      notify: true,
    };
  };

  async function applySchedule(b: PgBoss, name: string, cron: string, payload: object) {
    await b.schedule(name, cron, payload, { tz: scheduleTimeZone });
  }

  /** The job id holding `singletonKey` when a deduplicating policy refused a new one. */
  async function existingJobId(tx: Tx, name: string, key: string | undefined): Promise<string> {
    const { rows } = await tx.query<{ id: string }>(
      `select id from ${bossSchema}.job
        where name = $1 and coalesce(singleton_key, '') = $2 and state <= 'active'
        order by created_on desc limit 1`,
      [name, key ?? ''],
    );
    if (!rows[0]) throw new Error(`jobs: "${name}" was neither queued nor found`);
    return rows[0].id;
  }

  async function settle(b: PgBoss, def: AnyJob, job: { id: string; retryCount: number }, outcome: Outcome) {
    const attempt = { id: job.id, retryCount: job.retryCount };
    if (outcome.status === 'completed') {
      await b.complete(def.name, attempt);
      return;
    }
    if (outcome.status === 'invalid') {
      // A payload that fails its schema fails the same way every time: no retries left.
      await db.query(`update ${bossSchema}.job set retry_limit = retry_count where id = $1`, [job.id]);
    }
    await b.fail(def.name, attempt, outcome.output);
  }

  return {
    get names() {
      return [...definitions.keys()];
    },

    define(job) {
      if (state !== 'new') throw new Error(`jobs: define "${job.name}" before start()`);
      if (definitions.has(job.name)) throw new Error(`jobs: "${job.name}" is defined twice`);
      definitions.set(job.name, job as unknown as AnyJob);
    },

    async enqueue(tx, job, payload, opts: EnqueueOptions = {}) {
      const def = resolve(job as AnyJob | string);
      const data = parsePayload(def, payload);
      const id = await started().send(def.name, data, {
        db: inTransaction(tx),
        ...(opts.runAt ? { startAfter: opts.runAt } : {}),
        ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
      });
      if (!id) return existingJobId(tx, def.name, opts.singletonKey);
      tx.afterCommit(() => void jobsEnqueued.inc({ name: def.name }));
      return id;
    },

    async schedule(name, cron, payload = {}) {
      const def = resolve(name);
      const data = parsePayload(def, payload);
      if (state === 'started' && boss) await applySchedule(boss, def.name, cron, data);
      else schedules.set(def.name, { cron, payload: data });
    },

    async start() {
      if (state !== 'new') throw new Error('jobs: start() called twice');
      state = 'starting';
      const b = createBoss({
        db,
        instanceName: options.instanceName ?? 'serve',
        ...(options.poolMax ? { poolMax: options.poolMax } : {}),
        ...(options.superviseIntervalSeconds
          ? { superviseIntervalSeconds: options.superviseIntervalSeconds }
          : {}),
      });
      b.on('error', (err) => log.error({ err }, 'job queue error'));
      b.on('warning', (w) => log.warn({ warning: w.message }, 'job queue warning'));
      try {
        await startBoss(db, b, async () => {
          for (const def of definitions.values()) {
            const settings = queueOptions(def);
            await b.createQueue(def.name, { ...settings, policy: def.policy ?? jobDefaults.policy });
            // createQueue keeps an existing queue as it was: the retry and expiry settings in code win.
            await b.updateQueue(def.name, { retryDelayMax: null, ...settings });
          }
          for (const [name, s] of schedules) await applySchedule(b, name, s.cron, s.payload);
        });
      } catch (err) {
        state = 'stopped';
        await b.stop({ graceful: false }).catch(() => {});
        throw err;
      }
      boss = b;
      state = 'started';
      log.debug({ jobs: definitions.size }, 'job queue started');
    },

    async startWorker(workerOptions = {}) {
      const b = started();
      if (working) return;
      working = true;
      const concurrency = workerOptions.concurrency ?? 2;
      const polling = options.pollingIntervalSeconds ?? 2;
      for (const def of definitions.values()) {
        await b.work(
          def.name,
          {
            // One fetch loop per job kind taking up to `concurrency` jobs at once, fetching again at once
            // while batches come back full; NOTIFY wakes it when idle, the poll is the backstop.
            batchSize: concurrency,
            burstWhenBatchFull: concurrency > 1,
            pollingIntervalSeconds: polling,
            notifyPollingIntervalSeconds: polling,
            perJobResults: true,
          },
          async (batch) =>
            Promise.all(
              batch.map(async (job) => {
                const outcome = await runJob(def, job, log);
                const status = outcome.status === 'invalid' ? 'deadletter' : outcome.status;
                return { id: job.id, status, output: outcome.output };
              }),
            ),
        );
      }
      log.info({ jobs: definitions.size, concurrency }, 'job worker started');
    },

    async stop({ graceMs = 10_000 } = {}) {
      if (state === 'stopped') return;
      state = 'stopped';
      if (!boss) return;
      await boss.stop({ graceful: true, timeout: graceMs, close: true });
      boss = undefined;
      working = false;
    },

    async runDue({ until = clock.now() } = {}) {
      const b = started();
      const names = [...definitions.keys()];
      let runs = 0;
      for (;;) {
        // Moving start_after back is how a test clock ahead of the database's makes a job due.
        await db.query(
          `update ${bossSchema}.job set start_after = now() - interval '1 millisecond'
            where name = any($1::text[]) and state in ('created', 'retry')
              and start_after > now() and start_after <= $2`,
          [names, until],
        );
        let ran = 0;
        for (const def of definitions.values()) {
          for (const job of await b.fetch(def.name, { batchSize: 10 })) {
            ran += 1;
            await settle(b, def, job, await runJob(def, job, log));
          }
        }
        if (ran === 0) return runs;
        runs += ran;
      }
    },
  };
}
