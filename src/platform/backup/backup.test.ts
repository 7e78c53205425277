import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
import type { Db } from '../db/db.js';
import type { FileStore } from '../storage/storage.js';
import { createBackup } from './backup.js';
import { BackupError } from './errors.js';
import type { ProgressEvent } from './progress.js';
import { restoreBackup } from './restore.js';

type TestDb = Db & { drop(): Promise<void> };

let dir: string;
let source: TestDb;
let sourceFiles: FileStore;
const stores: Array<{ root: string }> = [];

function emptyStore() {
  const store = tempFileStore();
  stores.push(store);
  return store;
}
let archive: string;
const opened: TestDb[] = [];

async function emptyTarget(): Promise<TestDb> {
  const db = await testDb();
  opened.push(db);
  await createFixtureSchema(db);
  return db;
}

async function expectRefused(promise: Promise<unknown>, code: BackupError['code']) {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BackupError);
  expect((err as BackupError).code).toBe(code);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-backup-'));
  source = await testDb();
  opened.push(source);
  await createFixtureSchema(source);
  await fillFixtures(source);
  await fillModuleData(source);
  sourceFiles = emptyStore();
  await sourceFiles.put('vault/2025/giay-to.pdf', Buffer.from('%PDF-1.7\n nội dung'));
  await sourceFiles.put('notes/empty.txt', Buffer.alloc(0));
  await sourceFiles.put('notes/ghi-chu.txt', Buffer.from('Ghi chú tiếng Việt'), {
    contentType: 'text/markdown',
  });
  await sourceFiles.put('big.bin', Buffer.alloc(3 * 1024 * 1024, 7));
  archive = path.join(dir, 'source.tar.gz');
  await createBackup(source, sourceFiles, archive, { batchRows: 2 });
});

afterAll(async () => {
  for (const db of opened) await db.drop();
  for (const store of stores) fs.rmSync(store.root, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('backup and restore on one engine', () => {
  it('restores every row byte for byte, with sequences, files and triggers as they were', async () => {
    const target = await emptyTarget();
    const files = emptyStore();
    const events: ProgressEvent[] = [];
    const summary = await restoreBackup(target, files, archive, { onProgress: (e) => events.push(e) });

    const everything = await allTablesText(source);
    expect(everything['directory.units']!.length).toBeGreaterThan(90);
    expect(everything['audit.events']).toHaveLength(3);
    expect(summary.rows).toBe(Object.values(everything).reduce((n, rows) => n + rows.length, 0));
    expect(await allTablesText(target)).toEqual(everything);
    expect(await verifyAuditChain(target)).toEqual({ ok: true, count: 3 });
    expect(await storeContents(files)).toEqual(await storeContents(sourceFiles));
    expect(Object.keys(await storeContents(files))).toHaveLength(4);
    // identity continues after the restored rows; the append-only trigger is back on.
    const next = await target.query<{ seq: string }>(
      `insert into backup_fx.events (kind_id, body) values ('0197a000-0000-7000-8000-000000000001', 'bốn') returning seq::text`,
    );
    expect(next.rows[0]!.seq).toBe('4');
    await expect(target.query('delete from backup_fx.events')).rejects.toThrow(/append-only/);
    await expect(target.query('delete from audit.events')).rejects.toThrow(/append-only/);
    expect(events.map((e) => e.phase).filter((p, i, all) => all.indexOf(p) === i)).toEqual([
      'verify',
      'rows',
      'files',
    ]);
    expect(events.at(-1)).toMatchObject({ phase: 'files', done: 4, total: 4 });
  });

  it('keeps values exact: Vietnamese NFC, bigint beyond 2^53, microseconds, jsonb, bytea, null', async () => {
    const target = await emptyTarget();
    await restoreBackup(target, emptyStore(), archive);
    const { rows } = await target.query<Record<string, string | null>>(
      `select name, note, amount_vnd::text as amount, price::text as price, happened_at = '2025-06-30T17:00:00.123456Z' as same_instant,
              data->>'tên' as ten, (data->>'n') as n, encode(blob, 'hex') as blob, tags::text as tags, mood::text as mood,
              name_key
         from backup_fx.kinds order by id desc limit 1`,
    );
    expect(rows[0]).toEqual({
      name: 'Phường Hải Châu, thành phố Đà Nẵng'.normalize('NFC'),
      note: null,
      amount: '9007199254740993',
      price: '12345678901.25',
      same_instant: true,
      ten: 'Phường Hải Châu, thành phố Đà Nẵng'.normalize('NFC'),
      n: '12345678901234567890',
      blob: '00ff10',
      tags: '{"a,b","c\\"d",NULL}',
      mood: 'buồn',
      name_key: 'phường hải châu, thành phố đà nẵng',
    });
  });

  it('refuses a target that already holds rows, and replaces them with force', async () => {
    const target = await emptyTarget();
    await target.query(
      `insert into backup_fx.kinds (id, name) values ('0197a000-0000-7000-8000-0000000000ff', 'cũ')`,
    );
    await expectRefused(restoreBackup(target, emptyStore(), archive), 'backup.target_not_empty');

    await restoreBackup(target, emptyStore(), archive, { force: true });
    expect(await allTablesText(target)).toEqual(await allTablesText(source));
  });

  it('refuses a damaged archive before writing anything', async () => {
    const bytes = fs.readFileSync(archive);
    const damaged = path.join(dir, 'damaged.tar.gz');
    const flipped = Buffer.from(bytes);
    const at = Math.floor(bytes.length * 0.6);
    flipped[at] = flipped[at]! ^ 0xff;
    fs.writeFileSync(damaged, flipped);
    const truncated = path.join(dir, 'truncated.tar.gz');
    fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.8)));

    const target = await emptyTarget();
    const files = emptyStore();
    await expectRefused(restoreBackup(target, files, damaged), 'backup.corrupt_archive');
    await expectRefused(restoreBackup(target, files, truncated), 'backup.corrupt_archive');
    expect(Object.values(await allTablesText(target)).flat()).toEqual([]);
    expect(await storeContents(files)).toEqual({});
  });

  it('refuses an archive whose member was changed after the manifest was written', async () => {
    const tampered = await tamperWith(archive, dir, (name, text) =>
      name.endsWith('backup_fx.events.jsonl') ? text.replace('hai', 'HAI') : text,
    );
    const target = await emptyTarget();
    await expectRefused(restoreBackup(target, emptyStore(), tampered), 'backup.corrupt_archive');
    expect(Object.values(await allTablesText(target)).flat()).toEqual([]);
  });

  it('refuses a database migrated differently', async () => {
    const target = await emptyTarget();
    await target.query(
      `insert into drizzle.__drizzle_migrations (hash, created_at) values ('later', 99999999999999)`,
    );
    await expectRefused(restoreBackup(target, emptyStore(), archive), 'backup.migrations_differ');
  });
});

/** Unpacks an archive, edits its members' text, and packs it again with the original manifest. */
async function tamperWith(file: string, workDir: string, edit: (name: string, text: string) => string) {
  const tar = await import('tar');
  const unpacked = fs.mkdtempSync(path.join(workDir, 'tamper-'));
  await tar.x({ file, cwd: unpacked });
  const members: string[] = ['manifest.json'];
  for (const sub of ['db', 'files'])
    for (const name of fs.readdirSync(path.join(unpacked, sub)).sort()) {
      const full = path.join(unpacked, sub, name);
      if (sub === 'db') fs.writeFileSync(full, edit(name, fs.readFileSync(full, 'utf8')));
      members.push(`${sub}/${name}`);
    }
  const out = path.join(workDir, 'tampered.tar.gz');
  await tar.c({ gzip: true, file: out, cwd: unpacked, portable: true }, members);
  return out;
}
