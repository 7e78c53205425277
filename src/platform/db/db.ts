import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';

export type Engine = 'pglite' | 'postgres';
export type Orm = PgDatabase<PgQueryResultHKT>;

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** Plain parameterised SQL, the same on both engines. */
export interface Sql {
  query<T = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
}

/** A handle inside one transaction: every repo function takes it. */
export interface Tx extends Sql {
  readonly orm: Orm;
  /** Runs after a successful COMMIT (never after a rollback), e.g. to wake a worker. */
  afterCommit(fn: () => void | Promise<void>): void;
}

export interface Db extends Sql {
  readonly engine: Engine;
  readonly orm: Orm;
  tx<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
  /** The embedded engine, when that is what runs (backup, pg-boss adapter). */
  readonly pglite?: PGlite;
  /** The server pool, when a real PostgreSQL server runs. */
  readonly pool?: pg.Pool;
}

const pgliteExtensions = { unaccent, pg_trgm };

// node-postgres: keep timestamps as Date, bigint (VND amounts) as string to avoid precision loss.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** Directory for PGlite files; undefined means in memory. */
  pgliteDir?: string | undefined;
  /** A PGlite data-dir tarball to start from (tests clone a migrated template). */
  loadDataDir?: Blob | File | undefined;
  poolMax?: number;
}

export async function openDb(options: OpenOptions): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolMax ?? 10);
  if (options.pgliteDir) fs.mkdirSync(path.dirname(path.resolve(options.pgliteDir)), { recursive: true });
  const pglite = await PGlite.create({
    ...(options.pgliteDir ? { dataDir: options.pgliteDir } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    extensions: pgliteExtensions,
  });
  return wrapPglite(pglite);
}

type Callbacks = Array<() => void | Promise<void>>;

async function runAfterCommit(callbacks: Callbacks) {
  for (const fn of callbacks) {
    try {
      await fn();
    } catch {
      // after-commit hooks are best effort (a wake-up); the committed work is already durable.
    }
  }
}

function wrapPglite(pglite: PGlite): Db {
  const orm = drizzlePglite(pglite) as unknown as Orm;
  let closed = false;
  const query: Sql['query'] = async <T>(text: string, params?: readonly unknown[]) => {
    const r = await pglite.query<T>(text, params as unknown[]);
    return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
  };
  return {
    engine: 'pglite',
    orm,
    pglite,
    query,
    async tx(fn) {
      const callbacks: Callbacks = [];
      const result = await pglite.transaction(async (t) => {
        const tx: Tx = {
          orm: drizzlePglite(t as unknown as PGlite) as unknown as Orm,
          async query<R>(text: string, params?: readonly unknown[]) {
            const r = await t.query<R>(text, params as unknown[]);
            return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
          },
          afterCommit: (cb) => void callbacks.push(cb),
        };
        return fn(tx);
      });
      await runAfterCommit(callbacks);
      return result;
    },
    async ping() {
      await pglite.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await pglite.close();
    },
  };
}

function openPostgres(url: string, max: number): Db {
  const pool = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 });
  // An idle client that loses its server emits 'error' on the pool; without a listener Node would crash.
  pool.on('error', () => {});
  const orm = drizzlePg(pool) as unknown as Orm;
  let closed = false;
  return {
    engine: 'postgres',
    orm,
    pool,
    async query<T>(text: string, params?: readonly unknown[]) {
      const r = await pool.query(text, params as unknown[]);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
    },
    async tx(fn) {
      const client = await pool.connect();
      const callbacks: Callbacks = [];
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        await client.query('begin');
        const tx: Tx = {
          orm: drizzlePg(client) as unknown as Orm,
          async query<R>(text: string, params?: readonly unknown[]) {
            const r = await client.query(text, params as unknown[]);
            return { rows: r.rows as R[], rowCount: r.rowCount ?? 0 };
          },
          afterCommit: (cb) => void callbacks.push(cb),
        };
        result = await fn(tx);
        await client.query('commit');
      } catch (err) {
        await client.query('rollback').catch(() => {});
        client.release();
        throw err;
      }
      client.release();
      await runAfterCommit(callbacks);
      return result;
    },
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}

/** True for errors that mean "the database is not reachable right now" (→ 503, not 500). */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: string; message?: string };
  if (
    e.code &&
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(e.code)
  )
    return true;
  // 57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now, 08xxx connection exceptions, 53300 too many connections
  if (e.code && (/^08/.test(e.code) || ['57P01', '57P02', '57P03', '53300'].includes(e.code))) return true;
  const m = e.message ?? '';
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|PGlite is closed/i.test(
    m,
  );
}
