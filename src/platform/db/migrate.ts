import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { installJobsSchema } from '../jobs/boss.js';
import type { Db } from './db.js';

export const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../migrations',
);

// Any fixed number works; it only has to be the same for every process of this application.
const MIGRATION_LOCK = 4_823_101;

/**
 * Applies every pending forward-only migration. On a server, an advisory lock makes concurrent
 * `serve` / `worker` start-ups wait for one another instead of racing. Also installs the job queue's schema.
 */
export async function runMigrations(db: Db): Promise<void> {
  if (db.engine === 'pglite') {
    await migratePglite(drizzlePglite(db.pglite!), { migrationsFolder });
    await installJobsSchema(db);
    return;
  }
  const client = await db.pool!.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migratePg(drizzlePg(client), { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
  // pg-boss owns its schema and versions it itself; installing it here keeps start-up (and tests) fast.
  await installJobsSchema(db);
}
