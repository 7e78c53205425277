import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../test/helpers/db.js';
import { openDb } from '../db/db.js';
import { runMigrations } from '../db/migrate.js';
import { createBackup } from './backup.js';
import { restoreBackup } from './restore.js';
import { createFixtureSchema, fillFixtures, fixtureText, MemoryFileStore } from './test-fixtures.js';

// Needs both engines, so it runs in the PostgreSQL pass of the suite (DATABASE_URL set).
describe.skipIf(!process.env.DATABASE_URL)('backup across engines', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-backup-x-'));
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const fn of cleanup) await fn();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function freshPglite() {
    const db = await openDb({});
    cleanup.push(() => db.close());
    await runMigrations(db);
    await createFixtureSchema(db);
    return db;
  }

  async function freshPostgres() {
    const db = await testDb();
    cleanup.push(() => db.drop());
    await createFixtureSchema(db);
    return db;
  }

  it('restores a PGlite backup into PostgreSQL and back, with identical data parts', async () => {
    const lite = await freshPglite();
    await fillFixtures(lite);
    const files = new MemoryFileStore();
    files.files.set('vault/ảnh.jpg', Buffer.from([0xff, 0xd8, 0xff, 0x00]));
    const fromLite = path.join(dir, 'from-pglite.tar.gz');
    const liteManifest = await createBackup(lite, files, fromLite);

    const server = await freshPostgres();
    const serverFiles = new MemoryFileStore();
    await restoreBackup(server, serverFiles, fromLite);
    expect(await fixtureText(server)).toEqual(await fixtureText(lite));
    expect(serverFiles.files).toEqual(files.files);

    const fromServer = path.join(dir, 'from-postgres.tar.gz');
    const serverManifest = await createBackup(server, serverFiles, fromServer);
    // The same rows print the same on both engines: the table members are byte-identical.
    expect(serverManifest.tables.map((t) => t.part)).toEqual(liteManifest.tables.map((t) => t.part));
    expect(serverManifest.engine.kind).toBe('postgres');

    const back = await freshPglite();
    await restoreBackup(back, new MemoryFileStore(), fromServer);
    expect(await fixtureText(back)).toEqual(await fixtureText(lite));
  });
});
