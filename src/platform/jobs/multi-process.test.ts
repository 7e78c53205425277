import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureJobs, jobRunsTable } from '../../../test/fixtures/job-definitions.js';
import { waitFor } from '../../../test/fixtures/wait.js';
import { freshDatabaseUrl } from '../../../test/helpers/db.js';
import { systemClock } from '../clock.js';
import { type Db, openDb } from '../db/db.js';
import { createLogger } from '../logger.js';
import { createJobs, type JobsRuntime } from './create-jobs.js';

const root = path.resolve(import.meta.dirname, '../../..');
const serverUrl = process.env.DATABASE_URL;

interface Running {
  child: ChildProcess;
  pid: number;
}

/** Starts test/fixtures/job-process.ts under tsx in its own process group and waits for `ready <pid>`. */
async function startProcess(url: string, role: 'serve' | 'worker'): Promise<Running> {
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['test/fixtures/job-process.ts'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: url, JOB_ROLE: role },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr!.on('data', (d) => {
    stderr += d;
  });
  const pid = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${role} did not start: ${stderr}`)), 45_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /ready (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited with ${code}: ${stderr}`));
    });
  });
  return { child, pid };
}

/** Signals the whole group: tsx runs the script in a child process of its own. */
function signal(p: Running, sig: NodeJS.Signals) {
  try {
    process.kill(-p.child.pid!, sig);
  } catch {
    // already gone
  }
}

async function stopProcess(p: Running) {
  if (p.child.exitCode !== null || p.child.signalCode !== null) return;
  const exited = new Promise((r) => p.child.once('exit', r));
  signal(p, 'SIGTERM');
  const timer = setTimeout(() => signal(p, 'SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

describe.skipIf(!serverUrl)('jobs across processes (needs DATABASE_URL: PGlite is one process)', () => {
  let url: string;
  let db: Db;
  let jobs: JobsRuntime;
  const processes: Running[] = [];

  const runs = async (n: number) =>
    (
      await db.query<{ job_id: string; pid: number; attempt: number; phase: string }>(
        'select job_id, pid, attempt, phase from public.job_runs where n = $1 order by attempt, phase',
        [n],
      )
    ).rows;

  beforeAll(async () => {
    url = await freshDatabaseUrl();
    db = await openDb({ databaseUrl: url, poolMax: 3 });
    await db.query(jobRunsTable);
    // Whether or not the template has pg-boss installed, the processes below race to install it.
    await db.query('drop schema if exists pgboss cascade');
    // The test only enqueues: its instance runs no worker.
    jobs = createJobs({
      db,
      logger: createLogger({ level: 'silent' }),
      clock: systemClock,
      instanceName: 'test',
    });
    for (const job of fixtureJobs(db)) jobs.define(job);
  });

  afterAll(async () => {
    await Promise.all(processes.map(stopProcess));
    await jobs?.stop({ graceMs: 1000 });
    await db?.close();
    if (url) {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`drop database if exists ${new URL(url).pathname.slice(1)} with (force)`);
      await admin.end();
    }
  });

  it('starts several instances at the same moment on a database without pg-boss', async () => {
    const dbs = await Promise.all([1, 2, 3].map(() => openDb({ databaseUrl: url, poolMax: 2 })));
    const instances = dbs.map((d) => {
      const j = createJobs({ db: d, logger: createLogger({ level: 'silent' }), clock: systemClock });
      for (const job of fixtureJobs(d)) j.define(job);
      return j;
    });
    try {
      await Promise.all(instances.map((j) => j.start()));
      const { rows } = await db.query('select version from pgboss.version');
      expect(rows).toHaveLength(1);
    } finally {
      await Promise.all(instances.map((j) => j.stop({ graceMs: 1000 })));
      await Promise.all(dbs.map((d) => d.close()));
      await db.query('drop schema if exists pgboss cascade');
    }
  });

  it('runs each job exactly once with two serve processes and one worker sharing the database', async () => {
    // All three start at once: installing pg-boss's schema must not race.
    processes.push(
      ...(await Promise.all([
        startProcess(url, 'serve'),
        startProcess(url, 'serve'),
        startProcess(url, 'worker'),
      ])),
    );
    await jobs.start();
    const count = 40;
    for (let batch = 0; batch < 4; batch++) {
      await db.tx(async (tx) => {
        for (let i = 0; i < count / 4; i++) await jobs.enqueue(tx, 'fixture.record', { n: batch * 100 + i });
      });
    }
    await waitFor('every job to run', async () => {
      const { rows } = await db.query<{ c: string }>('select count(*) as c from public.job_runs');
      return Number(rows[0]!.c) >= count;
    });
    await waitFor('pg-boss to mark them completed', async () => {
      const { rows } = await db.query<{ c: string }>(
        "select count(*) as c from pgboss.job where name = 'fixture.record' and state = 'completed'",
      );
      return Number(rows[0]!.c) === count;
    });
    const { rows } = await db.query<{ n: number; runs: string }>(
      'select n, count(*) as runs from public.job_runs group by n order by n',
    );
    expect(rows).toHaveLength(count);
    expect(rows.every((r) => Number(r.runs) === 1)).toBe(true);
  });

  it('retries in another process the job of a worker killed with SIGKILL mid-job', async () => {
    await Promise.all(processes.splice(0).map(stopProcess));
    const worker = await startProcess(url, 'worker');
    processes.push(worker);
    const id = await db.tx((tx) => jobs.enqueue(tx, 'fixture.hang-once', { n: 1000 }));
    await waitFor('the worker to start the job', async () => (await runs(1000)).length > 0);
    expect(await runs(1000)).toEqual([{ job_id: id, pid: worker.pid, attempt: 1, phase: 'start' }]);

    const killed = new Promise((r) => worker.child.once('exit', r));
    signal(worker, 'SIGKILL');
    await killed;
    processes.push(await startProcess(url, 'serve'));

    await waitFor('another process to finish the job', async () =>
      (await runs(1000)).some((r) => r.phase === 'done'),
    );
    const after = await runs(1000);
    const done = after.filter((r) => r.phase === 'done');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ job_id: id, attempt: 2 });
    expect(done[0]!.pid).not.toBe(worker.pid);
    await waitFor('the job to be completed', async () => {
      const { rows } = await db.query<{ state: string }>('select state from pgboss.job where id = $1', [id]);
      return rows[0]?.state === 'completed';
    });
  });
});
