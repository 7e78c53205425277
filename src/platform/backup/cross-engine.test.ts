import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../test/helpers/db.js';
import {
  allTablesText,
  createFixtureSchema,
  fillFixtures,
  fillModuleData,
  storeContents,
  tempFileStore,
} from '../../../test/support/backup-fixtures.js';
import { verifyAuditChain } from '../audit/verify.js';
import { openDb } from '../db/db.js';
import { runMigrations } from '../db/migrate.js';
import { createBackup } from './backup.js';
import { restoreBackup } from './restore.js';

// Needs both engines, so it runs in the PostgreSQL pass of the suite (DATABASE_URL set).
describe.skipIf(!process.env.DATABASE_URL)('backup across engines', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-backup-x-'));
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const fn of cleanup) await fn();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function store() {
    const s = tempFileStore();
    cleanup.push(async () => fs.rmSync(s.root, { recursive: true, force: true }));
    return s;
  }

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
    await fillModuleData(lite);
    const files = store();
    await files.put(
      'vault/anh.jpg',
      Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]),
    );
    const fromLite = path.join(dir, 'from-pglite.tar.gz');
    const liteManifest = await createBackup(lite, files, fromLite);

    const server = await freshPostgres();
    const serverFiles = store();
    await restoreBackup(server, serverFiles, fromLite);
    expect(await allTablesText(server)).toEqual(await allTablesText(lite));
    expect(await storeContents(serverFiles)).toEqual(await storeContents(files));

    const fromServer = path.join(dir, 'from-postgres.tar.gz');
    const serverManifest = await createBackup(server, serverFiles, fromServer);
    // The same rows print the same on both engines: the table members are byte-identical.
    expect(serverManifest.tables.map((t) => t.part)).toEqual(liteManifest.tables.map((t) => t.part));
    expect(serverManifest.engine.kind).toBe('postgres');
    expect(await verifyAuditChain(server)).toEqual({ ok: true, count: 3 });

    const back = await freshPglite();
    const backFiles = store();
    await restoreBackup(back, backFiles, fromServer);
    expect(await allTablesText(back)).toEqual(await allTablesText(lite));
    expect(await storeContents(backFiles)).toEqual(await storeContents(files));
  });
});
