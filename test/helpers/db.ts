import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { type Db, openDb } from '../../src/platform/db/db.js';

/**
 * A fresh, migrated database for one test file: a clone of the template made once per run by
 * test/global-setup.ts (a PGlite data-dir dump, or a PostgreSQL template database).
 */
export async function testDb(): Promise<Db & { drop(): Promise<void> }> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const dump = inject('pgliteTemplate');
    const bytes = await import('node:fs/promises').then((fs) => fs.readFile(dump));
    const db = await openDb({ loadDataDir: new Blob([bytes]) });
    return Object.assign(db, { drop: () => db.close() });
  }
  const template = inject('pgTemplate');
  const name = testDatabaseName();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const db = await openDb({ databaseUrl: dbUrl.toString(), poolMax: 5 });
  return Object.assign(db, {
    async drop() {
      await db.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  });
}

/** The URL of a fresh database cloned from the template, for tests that start real processes. */
export async function freshDatabaseUrl(): Promise<string> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('freshDatabaseUrl needs DATABASE_URL');
  const name = testDatabaseName();
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('pgTemplate')}`);
  await admin.end();
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  return dbUrl.toString();
}

/** Named after the vitest process of this run, so another run's clean-up can tell it is still in use. */
function testDatabaseName(): string {
  return `cds_t_${inject('testRunPid')}_${randomBytes(5).toString('hex')}`;
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    pgTemplate: string;
    testRunPid: number;
  }
}
