import { type Db as BossDb, fromPglite, PgBoss } from 'pg-boss';
import type { Db, Tx } from '../db/db.js';

/** pg-boss keeps its tables in its own schema, created and upgraded by `boss.start()`. */
export const bossSchema = 'pgboss';

// Any fixed number works; it only has to be the same for every process of this application.
const START_LOCK = 4_823_102;

/** Timings of pg-boss's background loops; tests shorten them so a dead worker's job expires quickly. */
export interface BossTimings {
  /** How often expired jobs are found and retried, and old ones deleted (seconds). */
  superviseIntervalSeconds?: number;
  /** How often each worker polls when no notification wakes it (seconds, ≥ 0.5). */
  pollingIntervalSeconds?: number;
}

export interface BossOptions extends BossTimings {
  db: Db;
  /** Shows in pg-boss's instance registry and pg_stat_activity: `serve`, `worker`. */
  instanceName: string;
  /** Connections of pg-boss's own pool on PostgreSQL. */
  poolMax?: number;
  /** Only install/upgrade the schema: no timers, no registry row, no listener. */
  installOnly?: boolean;
}

/**
 * pg-boss on either engine: through the PGlite instance itself, or with its own small pool to the same
 * PostgreSQL database (it needs session-pinned connections for LISTEN and its own transactions).
 */
export function createBoss(options: BossOptions): PgBoss {
  const supervise = options.superviseIntervalSeconds ?? 60;
  const running = !options.installOnly;
  const common = {
    schema: bossSchema,
    instanceName: options.instanceName,
    useListenNotify: running,
    superviseIntervalSeconds: supervise,
    monitorIntervalSeconds: supervise,
    schedule: running,
    supervise: running,
    registerInstance: running,
    migrate: true,
  };
  if (options.db.engine === 'pglite') {
    return new PgBoss({ ...common, db: fromPglite(options.db.pglite!), backend: 'pglite' });
  }
  const connectionString = options.db.pool!.options.connectionString;
  if (!connectionString) throw new Error('jobs: the PostgreSQL pool has no connection string');
  return new PgBoss({
    ...common,
    connectionString,
    max: options.poolMax ?? 4,
    application_name: `congdanso-${options.instanceName}`,
    connectionTimeoutMillis: 5000,
  });
}

/**
 * `boss.start()` installs or upgrades the schema; two processes doing that at once would both try to
 * create it. On a server a session advisory lock makes concurrent start-ups take turns; PGlite has a
 * single process.
 */
export async function startBoss(db: Db, boss: PgBoss, during: () => Promise<void>): Promise<void> {
  if (db.engine !== 'postgres') {
    await boss.start();
    await during();
    return;
  }
  const client = await db.pool!.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [START_LOCK]);
    await boss.start({ attempts: 3 });
    await during();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [START_LOCK]).catch(() => {});
    client.release();
  }
}

/** Runs pg-boss statements on the caller's transaction, so the job commits or rolls back with it. */
export function inTransaction(tx: Tx): BossDb {
  return {
    async executeSql(text: string, values?: unknown[]) {
      const r = await tx.query(text, values);
      return { rows: r.rows };
    },
  };
}

/**
 * Installs or upgrades pg-boss's schema and stops. Run after the SQL migrations (`congdanso migrate`,
 * start-up, the test template) so that later `start()`s find it in place and skip the DDL.
 */
export async function installJobsSchema(db: Db): Promise<void> {
  const boss = createBoss({ db, instanceName: 'migrate', installOnly: true, poolMax: 1 });
  boss.on('error', () => {});
  try {
    await startBoss(db, boss, async () => {});
  } finally {
    await boss.stop({ graceful: false });
  }
}
