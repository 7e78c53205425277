import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { seedDirectory } from '../src/modules/directory/module.js';
import { openDb } from '../src/platform/db/db.js';
import { runMigrations } from '../src/platform/db/migrate.js';
import { seedBenchData, seedOtpSupply } from './cases.js';

export type Engine = 'pglite' | 'postgres';

export interface PreparedEngine {
  /** For PostgreSQL: the temporary database both servers use. PGlite servers seed their own in memory. */
  databaseUrl: string | undefined;
  dispose(): Promise<void>;
}

/** On PostgreSQL: a temporary database, migrated and seeded with the demo directory, dropped afterwards. */
export async function prepareEngine(engine: Engine, serverUrl: string): Promise<PreparedEngine> {
  if (engine === 'pglite') return { databaseUrl: undefined, dispose: async () => {} };
  if (engine !== 'postgres') throw new Error(`unknown engine ${engine}`);
  const name = `cds_bench_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dispose = async () => {
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`drop database if exists ${name} with (force)`);
    await c.end();
  };
  try {
    const db = await openDb({ databaseUrl: url.toString(), poolMax: 2 });
    await runMigrations(db);
    await db.tx((tx) => seedDirectory(tx));
    await db.tx((tx) => seedBenchData(tx));
    // One database for both servers: a separate supply of OTP challenges for each.
    await db.tx((tx) => seedOtpSupply(tx, ['app', 'baseline']));
    // Fresh statistics, as a server that has been running would have.
    await db.query('analyze');
    await db.close();
  } catch (err) {
    await dispose();
    throw err;
  }
  return { databaseUrl: url.toString(), dispose };
}
