import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { create as createTar } from 'tar';
import type { Db, Tx } from '../db/db.js';
import { DomainError } from '../http/errors.js';
import type { FileStore } from '../storage/storage.js';
import {
  listApplicationSequences,
  listApplicationTables,
  listAppliedMigrations,
  qualified,
  quoteIdent,
  type TableInfo,
} from './catalog.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  filePartPath,
  MANIFEST_PATH,
  type Manifest,
  type ManifestFile,
  type ManifestSequence,
  type ManifestTable,
  tablePartPath,
} from './manifest.js';
import { PartWriter } from './part-writer.js';
import { type BackupPhase, type OnProgress, phaseReporter } from './progress.js';
import { pinCanonicalTextFormats } from './text-formats.js';

export interface BackupOptions {
  onProgress?: OnProgress<BackupPhase>;
  /** The time recorded in the manifest (the CLI passes its clock). */
  now?: Date;
  /** Rows fetched per round trip while streaming a table. */
  batchRows?: number;
}

const FETCH_ROWS = 1000;

/**
 * Writes a logical backup of every application table and every stored file to one `.tar.gz`:
 * `manifest.json`, then `db/NNNN-schema.table.jsonl` (one JSON array of column texts per row, in
 * primary-key order), then `files/NNNNNNNN`. The tables are read in one REPEATABLE READ snapshot;
 * files are copied after it, so every file a backed-up row refers to was already stored.
 * The archive appears at `outFile` only when complete.
 */
export async function createBackup(
  db: Db,
  fileStore: FileStore,
  outFile: string,
  options: BackupOptions = {},
): Promise<Manifest> {
  const target = path.resolve(outFile);
  const staging = await fs.promises.mkdtemp(
    path.join(path.dirname(target), `.${path.basename(target)}.partial-`),
  );
  const partialArchive = `${staging}.tar.gz`;
  try {
    const snapshot = await db.tx((tx) => dumpDatabase(tx, staging, options));
    const files = await copyFiles(fileStore, staging, options.onProgress);
    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: (options.now ?? new Date()).toISOString(),
      appVersion: packageVersion(),
      engine: { kind: db.engine, serverVersion: snapshot.serverVersion },
      migrations: snapshot.migrations,
      tables: snapshot.tables,
      sequences: snapshot.sequences,
      files,
    };
    await fs.promises.writeFile(path.join(staging, MANIFEST_PATH), `${JSON.stringify(manifest, null, 2)}\n`);
    await pack(staging, partialArchive, manifest, options.onProgress);
    await fs.promises.rename(partialArchive, target);
    return manifest;
  } finally {
    await fs.promises.rm(staging, { recursive: true, force: true });
    await fs.promises.rm(partialArchive, { force: true });
  }
}

async function dumpDatabase(tx: Tx, staging: string, options: BackupOptions) {
  // Must be the transaction's first statement: every table below is then read from one snapshot.
  await tx.query('set transaction isolation level repeatable read, read only');
  await pinCanonicalTextFormats(tx);
  const serverVersion = (await tx.query<{ v: string }>('select current_setting($1) as v', ['server_version']))
    .rows[0]!.v;
  const migrations = await listAppliedMigrations(tx);
  const infos = await listApplicationTables(tx);
  const counts: number[] = [];
  for (const t of infos) {
    const { rows } = await tx.query<{ n: string }>(
      `select count(*)::text as n from ${qualified(t.schema, t.name)}`,
    );
    counts.push(Number(rows[0]!.n));
  }
  const progress = phaseReporter(
    options.onProgress,
    'rows',
    'rows',
    counts.reduce((a, b) => a + b, 0),
  );
  await fs.promises.mkdir(path.join(staging, 'db'));
  const tables: ManifestTable[] = [];
  for (const [i, info] of infos.entries()) {
    const partPath = tablePartPath(i, info.schema, info.name);
    const writer = new PartWriter(partPath, path.join(staging, partPath));
    try {
      const rows = await dumpTable(tx, info, writer, options.batchRows ?? FETCH_ROWS, (n) =>
        progress.add(n, `${info.schema}.${info.name}`),
      );
      tables.push({
        schema: info.schema,
        name: info.name,
        columns: info.columns,
        rows,
        part: await writer.close(),
      });
    } catch (err) {
      writer.abort();
      throw err;
    }
  }
  progress.finish();
  const sequences: ManifestSequence[] = [];
  for (const s of await listApplicationSequences(tx)) {
    const { rows } = await tx.query<{ last_value: string; is_called: boolean }>(
      `select last_value::text as last_value, is_called from ${qualified(s.schema, s.name)}`,
    );
    sequences.push({ ...s, lastValue: rows[0]!.last_value, isCalled: rows[0]!.is_called });
  }
  return { serverVersion, migrations, tables, sequences };
}

/**
 * Streams one table through a cursor. Each row becomes a JSON array of the columns' text forms,
 * built by the server itself: the text form round-trips every type exactly (timestamptz to the
 * microsecond, numeric, jsonb, bytea as hex), the same on PGlite and PostgreSQL.
 */
async function dumpTable(
  tx: Tx,
  table: TableInfo,
  writer: PartWriter,
  batchRows: number,
  onRows: (n: number) => void,
): Promise<number> {
  const values = table.columns.map((c) => `${quoteIdent(c.name)}::text`).join(', ');
  const order = table.primaryKey.length ? ` order by ${table.primaryKey.map(quoteIdent).join(', ')}` : '';
  await tx.query(
    `declare backup_rows no scroll cursor for
       select to_json(array[${values}]::text[])::text as line from ${qualified(table.schema, table.name)}${order}`,
  );
  let total = 0;
  while (true) {
    const { rows } = await tx.query<{ line: string }>(`fetch ${batchRows} from backup_rows`);
    if (rows.length === 0) break;
    let chunk = '';
    for (const r of rows) chunk += `${r.line}\n`;
    await writer.write(chunk);
    total += rows.length;
    onRows(rows.length);
  }
  await tx.query('close backup_rows');
  return total;
}

async function copyFiles(
  fileStore: FileStore,
  staging: string,
  onProgress: OnProgress<BackupPhase> | undefined,
): Promise<ManifestFile[]> {
  const keys: string[] = [];
  for await (const file of fileStore.list('')) keys.push(file.key);
  keys.sort();
  await fs.promises.mkdir(path.join(staging, 'files'));
  const progress = phaseReporter(onProgress, 'files', 'files', keys.length);
  const files: ManifestFile[] = [];
  for (const key of keys) {
    const partPath = filePartPath(files.length);
    const copied = await copyFile(fileStore, key, partPath, staging);
    // A file deleted since the listing was deleted after the snapshot too: nothing to keep.
    if (copied) files.push(copied);
    progress.add(1, partPath);
  }
  progress.finish();
  return files;
}

async function copyFile(
  fileStore: FileStore,
  key: string,
  partPath: string,
  staging: string,
): Promise<ManifestFile | undefined> {
  const head = await fileStore.head(key);
  if (!head) return undefined;
  let body: AsyncIterable<Buffer>;
  try {
    body = await fileStore.get(key);
  } catch (err) {
    if (err instanceof DomainError && err.code === 'storage.not_found') return undefined;
    throw err;
  }
  const writer = new PartWriter(partPath, path.join(staging, partPath));
  try {
    for await (const chunk of body) await writer.write(chunk);
    return { key, contentType: head.contentType, part: await writer.close() };
  } catch (err) {
    writer.abort();
    throw err;
  }
}

/** Packs the staged parts in manifest order (manifest first), so restore can check before it reads. */
async function pack(
  staging: string,
  archive: string,
  manifest: Manifest,
  onProgress: OnProgress<BackupPhase> | undefined,
) {
  const members = [
    MANIFEST_PATH,
    ...manifest.tables.map((t) => t.part.path),
    ...manifest.files.map((f) => f.part.path),
  ];
  const progress = phaseReporter(onProgress, 'archive', 'files', members.length);
  await createTar(
    {
      gzip: true,
      file: archive,
      cwd: staging,
      portable: true,
      noDirRecurse: true,
      onWriteEntry: (entry) => progress.add(1, entry.path),
    },
    members,
  );
  progress.finish();
}

function packageVersion(): string {
  const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../package.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
}
