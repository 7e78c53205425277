import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { waitFor } from '../../../test/fixtures/wait.js';
import { testDb } from '../../../test/helpers/db.js';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/db.js';
import { createLogger } from '../logger.js';
import { jobsCompleted } from '../metrics.js';
import { createJobs, installJobsSchema, type JobsRuntime } from './create-jobs.js';
import type { JobDefinition } from './jobs.js';

const Payload = z.strictObject({ n: z.number().int() });

let db: Db & { drop(): Promise<void> };
let jobs: JobsRuntime;
// Starts a day ahead of the database so `runAt` from it is in the future until the test moves it.
const clock = new ManualClock(new Date(Date.now() + 86_400_000));
const flakyAttempts: number[] = [];

const record: JobDefinition<typeof Payload> = {
  name: 'test.record',
  payload: Payload,
  retryDelay: 0,
  async run(p, ctx) {
    await db.query('insert into public.job_runs (job, n, attempt) values ($1, $2, $3)', [
      ctx.jobId,
      p.n,
      ctx.attempt,
    ]);
  },
};

const flaky: JobDefinition<typeof Payload> = {
  name: 'test.flaky',
  payload: Payload,
  retryLimit: 3,
  retryDelay: 0,
  async run(_p, ctx) {
    flakyAttempts.push(ctx.attempt);
    if (ctx.attempt < 3) throw new Error('temporary failure');
  },
};

const backoff: JobDefinition<typeof Payload> = {
  name: 'test.backoff',
  payload: Payload,
  retryDelay: 1,
  async run(p, ctx) {
    if (ctx.attempt === 1) throw new Error('first run fails');
    await record.run(p, ctx);
  },
};

const deadline: JobDefinition<typeof Payload> = {
  name: 'test.deadline',
  payload: Payload,
  policy: 'short',
  async run() {},
};

async function jobRow(id: string) {
  const { rows } = await db.query<{ state: string; retry_count: number; retry_backoff: boolean }>(
    'select state, retry_count, retry_backoff from pgboss.job where id = $1',
    [id],
  );
  return rows[0];
}

async function runs(n: number) {
  const { rows } = await db.query<{ attempt: number }>('select attempt from public.job_runs where n = $1', [
    n,
  ]);
  return rows;
}

beforeAll(async () => {
  db = await testDb();
  await db.query(
    'create table public.job_runs (job text not null, n int not null, attempt int not null, at timestamptz default now())',
  );
  await db.query('create table public.orders (n int primary key)');
  jobs = createJobs({
    db,
    logger: createLogger({ level: (process.env.JOBS_TEST_LOG as 'debug') ?? 'silent' }),
    clock,
    pollingIntervalSeconds: 0.5,
  });
  for (const def of [record, flaky, backoff, deadline]) jobs.define(def);
  await jobs.start();
});

afterAll(async () => {
  await jobs?.stop({ graceMs: 1000 });
  await db?.drop();
});

describe('outbox', () => {
  it('keeps a job enqueued in a committed transaction and runs it once', async () => {
    const id = await db.tx(async (tx) => {
      await tx.query('insert into public.orders (n) values (1)');
      return jobs.enqueue(tx, record, { n: 1 });
    });
    expect((await jobRow(id))?.state).toBe('created');
    expect(await jobs.runDue()).toBe(1);
    expect(await runs(1)).toEqual([{ attempt: 1 }]);
    expect((await jobRow(id))?.state).toBe('completed');
    expect(await jobs.runDue()).toBe(0);
  });

  it('drops a job whose transaction rolls back', async () => {
    let id = '';
    await expect(
      db.tx(async (tx) => {
        id = await jobs.enqueue(tx, 'test.record', { n: 2 });
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(id).not.toBe('');
    expect(await jobRow(id)).toBeUndefined();
    expect(await jobs.runDue()).toBe(0);
  });

  it('cannot lose the job of a committed write, nor keep the job of a rolled-back one', async () => {
    let id = '';
    await expect(
      db.tx(async (tx) => {
        await tx.query('insert into public.orders (n) values (3)');
        id = await jobs.enqueue(tx, record, { n: 3 });
        throw new Error('crash after both');
      }),
    ).rejects.toThrow('crash after both');
    const { rows } = await db.query('select 1 from public.orders where n = 3');
    expect(rows).toHaveLength(0);
    expect(await jobRow(id)).toBeUndefined();
    expect(await jobs.runDue()).toBe(0);
    expect(await runs(3)).toEqual([]);
  });
});

describe('retries', () => {
  it('retries a failing handler until it succeeds', async () => {
    const id = await db.tx((tx) => jobs.enqueue(tx, flaky, { n: 4 }));
    expect(await jobs.runDue()).toBe(3);
    expect(flakyAttempts).toEqual([1, 2, 3]);
    expect(await jobRow(id)).toMatchObject({ state: 'completed', retry_count: 2 });
  });

  it('waits an exponential backoff before a retry', async () => {
    const id = await db.tx((tx) => jobs.enqueue(tx, backoff, { n: 5 }));
    const justNow = new Date(Date.now() - 1000);
    expect(await jobs.runDue({ until: justNow })).toBe(1);
    expect(await jobRow(id)).toMatchObject({ state: 'retry', retry_backoff: true });
    expect(await jobs.runDue({ until: justNow })).toBe(0);
    // The retry is due a second or more after the failure; the test clock, a day ahead, is past it.
    expect(await jobs.runDue()).toBe(1);
    expect(await runs(5)).toEqual([{ attempt: 2 }]);
  });
});

describe('payload', () => {
  it('refuses an invalid payload at enqueue, writing nothing', async () => {
    await expect(
      db.tx(async (tx) => {
        await tx.query('insert into public.orders (n) values (6)');
        await jobs.enqueue(tx, record, { n: 'six' } as unknown as { n: number });
      }),
    ).rejects.toThrow(z.ZodError);
    expect((await db.query('select 1 from public.orders where n = 6')).rows).toHaveLength(0);
    expect(
      (await db.query("select 1 from pgboss.job where name = 'test.record' and data->>'n' = 'six'")).rows,
    ).toHaveLength(0);
  });

  it('fails a job whose stored payload no longer matches, without retrying or running it', async () => {
    const id = await db.tx((tx) => jobs.enqueue(tx, record, { n: 7 }));
    await db.query(`update pgboss.job set data = '{"n": "seven"}' where id = $1`, [id]);
    expect(await jobs.runDue()).toBe(1);
    expect(await jobRow(id)).toMatchObject({ state: 'failed', retry_count: 0 });
    expect(await runs(7)).toEqual([]);
  });

  it('refuses an unknown job name', async () => {
    await expect(db.tx((tx) => jobs.enqueue(tx, 'test.unknown', {}))).rejects.toThrow(/not defined/);
  });
});

describe('scheduling', () => {
  it('runs a job no earlier than runAt, by the injected clock', async () => {
    const id = await db.tx((tx) =>
      jobs.enqueue(tx, record, { n: 8 }, { runAt: new Date(clock.now().getTime() + 3_600_000) }),
    );
    expect(await jobs.runDue()).toBe(0);
    clock.advance(2 * 3_600_000);
    expect(await jobs.runDue()).toBe(1);
    expect((await jobRow(id))?.state).toBe('completed');
  });

  it('keeps one queued job per singletonKey with a deduplicating policy', async () => {
    const [a, b] = await db.tx(async (tx) => [
      await jobs.enqueue(tx, deadline, { n: 9 }, { singletonKey: 'dossier-1' }),
      await jobs.enqueue(tx, deadline, { n: 9 }, { singletonKey: 'dossier-1' }),
    ]);
    const c = await db.tx((tx) => jobs.enqueue(tx, deadline, { n: 9 }, { singletonKey: 'dossier-2' }));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(await jobs.runDue()).toBe(2);
  });

  it('stores recurring timers in the city time zone', async () => {
    await jobs.schedule('test.record', '0 7 * * 1-5', { n: 10 });
    const { rows } = await db.query("select cron, timezone from pgboss.schedule where name = 'test.record'");
    expect(rows).toEqual([{ cron: '0 7 * * 1-5', timezone: 'Asia/Ho_Chi_Minh' }]);
  });
});

describe('schema', () => {
  it('installs pg-boss once; installing again (as migrate does) is a no-op', async () => {
    await installJobsSchema(db);
    const { rows } = await db.query('select version from pgboss.version');
    expect(rows).toHaveLength(1);
    expect(await jobs.runDue()).toBe(0);
  });
});

describe('worker', () => {
  it('runs committed jobs in the background, each once', async () => {
    const before =
      (await jobsCompleted.get()).values.find((v) => v.labels.name === 'test.record')?.value ?? 0;
    await jobs.startWorker();
    const ids = await db.tx(async (tx) => [
      await jobs.enqueue(tx, record, { n: 11 }),
      await jobs.enqueue(tx, record, { n: 11 }),
      await jobs.enqueue(tx, record, { n: 11 }),
    ]);
    await waitFor('three runs', async () => (await runs(11)).length === 3);
    for (const id of ids)
      await waitFor(`job ${id} completed`, async () => (await jobRow(id))?.state === 'completed');
    const { rows } = await db.query<{ job: string }>(
      'select job from public.job_runs where n = 11 order by job',
    );
    expect(rows.map((r) => r.job)).toEqual([...ids].sort());
    const after = (await jobsCompleted.get()).values.find((v) => v.labels.name === 'test.record')?.value ?? 0;
    expect(after - before).toBe(3);
  });
});

describe('graceful stop', () => {
  it('lets a running job finish before stop() returns', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => {
      started = r;
    });
    let release!: () => void;
    const released = new Promise<void>((r) => {
      release = r;
    });
    const draining = createJobs({
      db,
      logger: createLogger({ level: 'silent' }),
      clock,
      pollingIntervalSeconds: 0.5,
    });
    draining.define({
      name: 'test.slow',
      payload: Payload,
      async run(p, ctx) {
        started();
        await released;
        await record.run(p, ctx);
      },
    });
    await draining.start();
    await draining.startWorker();
    const id = await db.tx((tx) => draining.enqueue(tx, 'test.slow', { n: 12 }));
    await running;
    let stopReturned = false;
    const stopped = draining.stop({ graceMs: 20_000 }).then(() => {
      stopReturned = true;
    });
    // While the handler is held, stop() must keep waiting for it (a correct drain never returns here).
    await new Promise((r) => setTimeout(r, 300));
    expect(stopReturned).toBe(false);
    release();
    await stopped;
    expect(await runs(12)).toEqual([{ attempt: 1 }]);
    expect((await jobRow(id))?.state).toBe('completed');
  });
});
