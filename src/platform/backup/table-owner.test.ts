import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../test/helpers/db.js';
import {
  allTablesText,
  createFixtureSchema,
  fillFixtures,
  fillModuleData,
  tempFileStore,
} from '../../../test/support/backup-fixtures.js';
import { verifyAuditChain } from '../audit/verify.js';
import { type Db, openDb } from '../db/db.js';
import { runMigrations } from '../db/migrate.js';
import { createBackup } from './backup.js';
import { restoreBackup } from './restore.js';

/**
 * In production the application's database user owns its tables but is no superuser: restore cannot
 * switch foreign-key checks off, so it loads parents first and still turns the audit guard off.
 */
describe.skipIf(!process.env.DATABASE_URL)('restore as the table owner without superuser rights', () => {
  const serverUrl = process.env.DATABASE_URL!;
  const suffix = randomBytes(5).toString('hex');
  const role = `cds_owner_${suffix}`;
  const database = `cds_t_owner_${suffix}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-backup-owner-'));
  const cleanup: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const fn of cleanup.reverse()) await fn();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function asSuperuser(sql: string, db = 'postgres') {
    const url = new URL(serverUrl);
    url.pathname = `/${db}`;
    const c = new pg.Client({ connectionString: url.toString() });
    await c.connect();
    try {
      await c.query(sql);
    } finally {
      await c.end();
    }
  }

  async function ownerDatabase(): Promise<Db> {
    await asSuperuser(`create role ${role} login nosuperuser`);
    cleanup.push(() => asSuperuser(`drop role if exists ${role}`));
    await asSuperuser(`create database ${database} owner ${role}`);
    cleanup.push(() => asSuperuser(`drop database if exists ${database} with (force)`));
    // Extensions are the one thing a superuser installs for the application.
    await asSuperuser(
      `create extension unaccent; create extension pg_trgm; grant all on schema public to ${role}`,
      database,
    );
    const url = new URL(serverUrl);
    url.username = role;
    url.pathname = `/${database}`;
    const db = await openDb({ databaseUrl: url.toString(), poolMax: 2 });
    cleanup.push(() => db.close());
    await runMigrations(db);
    await createFixtureSchema(db);
    return db;
  }

  it('restores everything byte for byte', async () => {
    const source = await testDb();
    cleanup.push(() => source.drop());
    await createFixtureSchema(source);
    await fillFixtures(source);
    await fillModuleData(source);
    const files = tempFileStore();
    cleanup.push(async () => fs.rmSync(files.root, { recursive: true, force: true }));
    const archive = path.join(dir, 'owner.tar.gz');
    await createBackup(source, files, archive);

    const target = await ownerDatabase();
    const targetFiles = tempFileStore();
    cleanup.push(async () => fs.rmSync(targetFiles.root, { recursive: true, force: true }));
    const isSuper = await target.query<{ s: string }>(`select current_setting('is_superuser') as s`);
    expect(isSuper.rows[0]!.s).toBe('off');

    await restoreBackup(target, targetFiles, archive);
    expect(await allTablesText(target)).toEqual(await allTablesText(source));
    expect(await verifyAuditChain(target)).toEqual({ ok: true, count: 3 });
    await expect(target.query('delete from audit.events')).rejects.toThrow(/append-only/);
  });
});
