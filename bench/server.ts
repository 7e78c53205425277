/**
 * One server under test, in its own process so the load generator does not share its event loop.
 * BENCH_KIND=app starts the real application (buildApp, production settings); BENCH_KIND=baseline
 * starts a bare Fastify that answers each case's URL with the same SQL. With BENCH_DATABASE_URL both use
 * that (migrated, seeded) PostgreSQL database; without it each opens its own in-memory PGlite, migrated
 * and seeded with the demo directory. Reports `{ port }` over IPC; exits when told or orphaned.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import pino from 'pino';
import { buildApp } from '../src/app.js';
import { seedDirectory } from '../src/modules/directory/module.js';
import { loadConfig } from '../src/platform/config.js';
import { type Db, openDb, type Sql } from '../src/platform/db/db.js';
import { runMigrations } from '../src/platform/db/migrate.js';
import { createLogger } from '../src/platform/logger.js';
import { type BareDb, benchCases, benchMasterKey, seedBenchData, seedOtpSupply } from './cases.js';

const kind = process.env.BENCH_KIND;
const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
const poolMax = Number(process.env.BENCH_POOL_MAX ?? 10);

async function openSeeded(): Promise<Db> {
  if (databaseUrl) return openDb({ databaseUrl, poolMax });
  const db = await openDb({});
  await runMigrations(db);
  await db.tx((tx) => seedDirectory(tx));
  await db.tx((tx) => seedBenchData(tx));
  // In memory, each server has its own database: only its own supply of OTP challenges.
  await db.tx((tx) => seedOtpSupply(tx, [kind === 'app' ? 'app' : 'baseline']));
  await db.query('analyze');
  return db;
}

async function startApp(db: Db): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-bench-'));
  process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
  const config = loadConfig({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATA_DIR: dataDir,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    DB_POOL_MAX: String(poolMax),
    // The run's key: the OTP challenges were written with codes hashed under a key derived from it.
    MASTER_KEY: benchMasterKey(),
    LOG_LEVEL: 'info',
    // One loopback client sends every request: the per-IP limit would otherwise be what is measured.
    RATE_LIMIT_PER_MINUTE: '1000000',
    // Production refuses the provider simulators; real adapters are configured but never called here.
    SMS_PROVIDER: 'esms',
    ESMS_BASE_URL: 'http://127.0.0.1:9/esms',
    ESMS_API_KEY: 'bench',
    ESMS_SECRET_KEY: 'bench',
    ESMS_BRANDNAME: 'BENCH',
    ESMS_CALLBACK_TOKEN: randomBytes(16).toString('hex'),
    ZALO_PROVIDER: 'zns',
    ZALO_ZNS_BASE_URL: 'http://127.0.0.1:9/zns',
    ZALO_OAUTH_URL: 'http://127.0.0.1:9/oauth',
    ZALO_OA_ACCESS_TOKEN: 'bench',
    ZALO_APP_ID: 'bench',
    ZALO_OA_SECRET: 'bench',
    EMAIL_PROVIDER: 'smtp',
    SMTP_URL: 'smtp://127.0.0.1:9',
  });
  // Production logging, written where it costs the same as stdout but does not clutter the bench output.
  const logger = createLogger({ level: config.logLevel, destination: pino.destination('/dev/null') });
  const { app } = await buildApp({ config, db, logger });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
}

async function startBaseline(db: Db): Promise<number> {
  // The bare driver, not the platform's wrapper: node-postgres pool or the PGlite instance itself.
  let bare: BareDb;
  if (databaseUrl) {
    await db.close();
    const pool = new pg.Pool({ connectionString: databaseUrl, max: poolMax });
    const on = (c: pg.Pool | pg.PoolClient): Sql => ({
      async query<T>(text: string, params?: readonly unknown[]) {
        const r = await c.query(text, params as unknown[]);
        return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
      },
    });
    bare = {
      ...on(pool),
      async tx(fn) {
        const client = await pool.connect();
        try {
          await client.query('begin');
          const result = await fn(on(client));
          await client.query('commit');
          return result;
        } catch (err) {
          await client.query('rollback').catch(() => {});
          throw err;
        } finally {
          client.release();
        }
      },
    };
  } else {
    const lite = db.pglite!;
    const on = (c: Pick<typeof lite, 'query'>): Sql => ({
      async query<T>(text: string, params?: readonly unknown[]) {
        const r = await c.query<T>(text, params as unknown[]);
        return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
      },
    });
    bare = { ...on(lite), tx: (fn) => lite.transaction((t) => fn(on(t))) };
  }
  const app = Fastify({ logger: false });
  const routes = new Map(benchCases.map((c) => [`${c.baseline.method} ${c.baseline.url}`, c.baseline]));
  for (const route of routes.values())
    app.route({
      method: route.method,
      url: route.url,
      handler: (req) => route.handler(bare, req.query as Record<string, string | undefined>, req.body),
    });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as { port: number }).port;
}

if (kind !== 'app' && kind !== 'baseline') throw new Error('BENCH_KIND must be app or baseline');
const db = await openSeeded();
const port = kind === 'app' ? await startApp(db) : await startBaseline(db);
process.on('message', (m) => {
  if (m === 'stop') process.exit(0);
});
process.on('disconnect', () => process.exit(0));
process.send?.({ port });
