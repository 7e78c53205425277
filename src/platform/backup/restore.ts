import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Db, Tx } from '../db/db.js';
import type { FileStore } from '../storage/storage.js';
import { lines, readArchive } from './archive-reader.js';
import {
  type AppliedMigration,
  listApplicationSequences,
  listApplicationTables,
  listAppliedMigrations,
  listForeignKeys,
  listUserTriggers,
  qualified,
  quoteIdent,
  type TableInfo,
  type TriggerInfo,
} from './catalog.js';
import { BackupError } from './errors.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  MANIFEST_PATH,
  Manifest,
  type ManifestTable,
  type Part,
} from './manifest.js';
import { type OnProgress, phaseReporter, type RestorePhase } from './progress.js';
import { pinCanonicalTextFormats } from './text-formats.js';

export interface RestoreOptions {
  onProgress?: OnProgress<RestorePhase>;
  /** Empty every application table of the target first, instead of refusing a non-empty target. */
  force?: boolean;
}

export interface RestoreSummary {
  manifest: Manifest;
  tables: number;
  rows: number;
  files: number;
}

const INSERT_BATCH_ROWS = 1000;
const INSERT_BATCH_BYTES = 4 * 1024 * 1024;
const MANIFEST_MAX_BYTES = 256 * 1024 * 1024;

/**
 * Restores a backup made by createBackup into a database migrated to the same migrations.
 * Nothing is written until every member of the archive matched its checksum; then all tables are
 * loaded in one transaction (rows byte for byte, triggers such as the audit log's append-only guard
 * off while loading, sequences as they were), and the files are stored before that transaction
 * commits, so a failure anywhere leaves the database as it was.
 */
export async function restoreBackup(
  db: Db,
  fileStore: FileStore,
  inFile: string,
  options: RestoreOptions = {},
): Promise<RestoreSummary> {
  const manifest = await readManifest(inFile);
  await checkMigrations(manifest, await listAppliedMigrations(db));
  const targetTables = await listApplicationTables(db);
  checkSchema(manifest, targetTables);
  if (!options.force) await refuseIfNotEmpty(db, targetTables);
  await verifyChecksums(inFile, manifest, options.onProgress);
  await db.tx((tx) => load(tx, fileStore, inFile, manifest, targetTables, options));
  return {
    manifest,
    tables: manifest.tables.length,
    rows: manifest.tables.reduce((n, t) => n + t.rows, 0),
    files: manifest.files.length,
  };
}

/** Reads and validates the manifest, which createBackup always writes as the first member. */
async function readManifest(inFile: string): Promise<Manifest> {
  for await (const entry of readArchive(inFile)) {
    if (entry.path !== MANIFEST_PATH) break;
    if (entry.size > MANIFEST_MAX_BYTES) break;
    const chunks: Buffer[] = [];
    for await (const chunk of entry.stream) chunks.push(chunk);
    return parseManifest(Buffer.concat(chunks).toString('utf8'), inFile);
  }
  throw new BackupError('backup.corrupt_archive', `${inFile} does not start with a backup manifest`);
}

function parseManifest(text: string, inFile: string): Manifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new BackupError('backup.corrupt_archive', `${inFile}: the manifest is not valid JSON`);
  }
  const head = raw as { format?: unknown; formatVersion?: unknown };
  if (head?.format !== BACKUP_FORMAT)
    throw new BackupError('backup.corrupt_archive', `${inFile} is not a Công dân số backup`);
  if (head.formatVersion !== BACKUP_FORMAT_VERSION)
    throw new BackupError(
      'backup.unsupported_format',
      `${inFile} has backup format ${String(head.formatVersion)}; this version reads format ${BACKUP_FORMAT_VERSION}`,
      { formatVersion: head.formatVersion },
    );
  const parsed = Manifest.safeParse(raw);
  if (!parsed.success)
    throw new BackupError('backup.corrupt_archive', `${inFile}: the manifest is malformed`, {
      issues: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`),
    });
  return parsed.data;
}

async function checkMigrations(manifest: Manifest, applied: AppliedMigration[]) {
  const name = (m: AppliedMigration) => m.tag ?? `${m.hash.slice(0, 12)}… (${m.createdAt})`;
  const wanted = manifest.migrations;
  if (applied.length === 0)
    throw new BackupError(
      'backup.migrations_differ',
      'The target database has no migrations applied; run `congdanso migrate` on it first',
    );
  for (let i = 0; i < Math.max(wanted.length, applied.length); i++) {
    const w = wanted[i];
    const a = applied[i];
    if (w && a && w.hash === a.hash) continue;
    const detail = !a
      ? `the backup needs migration ${name(w!)}, which the target has not applied (upgrade the application and migrate)`
      : !w
        ? `the target has applied migration ${name(a)}, newer than the backup (restore with the application version ${manifest.appVersion})`
        : `migration ${i + 1} differs: backup ${name(w)}, target ${name(a)}`;
    throw new BackupError('backup.migrations_differ', `The target database schema differs: ${detail}`, {
      index: i,
    });
  }
}

function checkSchema(manifest: Manifest, target: TableInfo[]) {
  const byName = new Map(target.map((t) => [qualified(t.schema, t.name), t]));
  for (const t of manifest.tables) {
    const have = byName.get(qualified(t.schema, t.name));
    const missing = have
      ? t.columns.filter((c) => !have.columns.some((h) => h.name === c.name && h.type === c.type))
      : t.columns;
    if (!have || missing.length)
      throw new BackupError(
        'backup.schema_differs',
        `Table ${t.schema}.${t.name} in the backup does not match the target (${
          have ? `columns ${missing.map((c) => `${c.name} ${c.type}`).join(', ')}` : 'missing'
        })`,
        { table: `${t.schema}.${t.name}` },
      );
  }
}

async function refuseIfNotEmpty(sql: Db | Tx, tables: TableInfo[]) {
  const filled: string[] = [];
  for (const t of tables) {
    const { rows } = await sql.query<{ any: boolean }>(
      `select exists (select 1 from ${qualified(t.schema, t.name)}) as any`,
    );
    if (rows[0]!.any) filled.push(`${t.schema}.${t.name}`);
  }
  if (filled.length)
    throw new BackupError(
      'backup.target_not_empty',
      `The target database already holds data (${filled.slice(0, 5).join(', ')}${
        filled.length > 5 ? `, … ${filled.length} tables` : ''
      }); restore into a freshly migrated database, or use --force to replace its contents`,
      { tables: filled },
    );
}

function partsInOrder(manifest: Manifest): Part[] {
  return [...manifest.tables.map((t) => t.part), ...manifest.files.map((f) => f.part)];
}

/** A full read of the archive: every member present, in order, with the manifest's size and sha256. */
async function verifyChecksums(inFile: string, manifest: Manifest, onProgress?: OnProgress<RestorePhase>) {
  const { size } = await fs.promises.stat(inFile);
  const progress = phaseReporter(onProgress, 'verify', 'bytes', size);
  const expected = partsInOrder(manifest);
  let next = 0;
  for await (const entry of readArchive(inFile, (n) => progress.add(n))) {
    if (entry.path === MANIFEST_PATH && next === 0) {
      entry.skip();
      continue;
    }
    const part = expected[next++];
    if (!part || part.path !== entry.path)
      throw corrupt(`unexpected member ${entry.path}${part ? ` (expected ${part.path})` : ''}`);
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of entry.stream) {
      hash.update(chunk);
      bytes += chunk.length;
    }
    checkPart(part, bytes, hash.digest('hex'));
  }
  if (next < expected.length) throw corrupt(`member ${expected[next]!.path} is missing`);
  progress.finish();
}

function checkPart(part: Part, bytes: number, sha256: string) {
  if (bytes !== part.bytes || sha256 !== part.sha256)
    throw corrupt(`member ${part.path} does not match its checksum in the manifest`);
}

function corrupt(detail: string) {
  return new BackupError('backup.corrupt_archive', `The backup archive is damaged: ${detail}`, { detail });
}

async function load(
  tx: Tx,
  fileStore: FileStore,
  inFile: string,
  manifest: Manifest,
  targetTables: TableInfo[],
  options: RestoreOptions,
) {
  await pinCanonicalTextFormats(tx);
  const foreignKeysOff = await disableForeignKeyChecks(tx);
  const triggers = (await listUserTriggers(tx)).filter((t) => t.enabled !== 'D');
  // User triggers (the audit log's append-only guard, hash computation on insert) would refuse the
  // truncate or rewrite rows; the rows come back exactly as they were, so none may run.
  for (const t of triggers) await tx.query(`alter table ${t.table} disable trigger ${quoteIdent(t.name)}`);
  if (options.force) await truncateAll(tx, targetTables);
  else await refuseIfNotEmpty(tx, targetTables);

  const rowsProgress = phaseReporter(
    options.onProgress,
    'rows',
    'rows',
    manifest.tables.reduce((n, t) => n + t.rows, 0),
  );
  const filesProgress = { current: undefined as ReturnType<typeof phaseReporter> | undefined };
  const tablesByPart = new Map(manifest.tables.map((t) => [t.part.path, t]));
  const filesByPart = new Map(manifest.files.map((f) => [f.part.path, f]));
  const expected = partsInOrder(manifest);
  let next = 0;
  for await (const entry of readArchive(inFile)) {
    if (entry.path === MANIFEST_PATH && next === 0) {
      entry.skip();
      continue;
    }
    const part = expected[next++];
    if (!part || part.path !== entry.path) throw corrupt(`unexpected member ${entry.path}`);
    const hashed = hashing(entry.stream);
    const table = tablesByPart.get(part.path);
    if (table) {
      await loadTable(tx, table, hashed.stream, (n) => rowsProgress.add(n, `${table.schema}.${table.name}`));
    } else {
      if (!filesProgress.current) {
        rowsProgress.finish();
        filesProgress.current = phaseReporter(options.onProgress, 'files', 'files', manifest.files.length);
      }
      const file = filesByPart.get(part.path)!;
      await fileStore.put(file.key, Readable.from(hashed.stream), { contentType: file.contentType });
      filesProgress.current.add(1, part.path);
    }
    const seen = hashed.result();
    checkPart(part, seen.bytes, seen.sha256);
  }
  if (next < expected.length) throw corrupt(`member ${expected[next]!.path} is missing`);
  if (!filesProgress.current) {
    rowsProgress.finish();
    filesProgress.current = phaseReporter(options.onProgress, 'files', 'files', 0);
  }

  await restoreSequences(tx, manifest);
  if (foreignKeysOff) await checkForeignKeys(tx, manifest);
  for (const t of triggers) await tx.query(`alter table ${t.table} ${enableClause(t)} ${quoteIdent(t.name)}`);
  filesProgress.current.finish();
}

/**
 * Foreign keys are checked at the end instead of row by row, so self-references and cycles load in
 * any order. Needs a superuser (always on PGlite); otherwise tables load parents first and each
 * insert is checked as usual.
 */
async function disableForeignKeyChecks(tx: Tx): Promise<boolean> {
  await tx.query('savepoint backup_replica_role');
  try {
    await tx.query(`select set_config('session_replication_role', 'replica', true)`);
    await tx.query('release savepoint backup_replica_role');
    return true;
  } catch {
    await tx.query('rollback to savepoint backup_replica_role');
    return false;
  }
}

function enableClause(t: TriggerInfo): string {
  if (t.enabled === 'A') return 'enable always trigger';
  if (t.enabled === 'R') return 'enable replica trigger';
  return 'enable trigger';
}

async function truncateAll(tx: Tx, tables: TableInfo[]) {
  if (tables.length === 0) return;
  await tx.query(`truncate ${tables.map((t) => qualified(t.schema, t.name)).join(', ')}`);
}

function hashing(stream: AsyncIterable<Buffer>) {
  const hash = createHash('sha256');
  let bytes = 0;
  return {
    stream: (async function* () {
      for await (const chunk of stream) {
        hash.update(chunk);
        bytes += chunk.length;
        yield chunk;
      }
    })(),
    result: () => ({ bytes, sha256: hash.digest('hex') }),
  };
}

/**
 * Inserts the rows in batches. A batch goes to the server as the JSON lines themselves, and the
 * server casts each column's text back to its type: no value is reinterpreted in JavaScript.
 */
async function loadTable(
  tx: Tx,
  table: ManifestTable,
  stream: AsyncIterable<Buffer>,
  onRows: (n: number) => void,
) {
  const columns = table.columns.map((c) => quoteIdent(c.name)).join(', ');
  const values = table.columns.map((c, i) => `(r.v ->> ${i})::${c.type}`).join(', ');
  const insert = `insert into ${qualified(table.schema, table.name)} (${columns}) overriding system value
    select ${values} from json_array_elements($1::json) as r(v)`;
  let batch: string[] = [];
  let bytes = 0;
  let loaded = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await tx.query(insert, [`[${batch.join(',')}]`]);
    loaded += batch.length;
    onRows(batch.length);
    batch = [];
    bytes = 0;
  };
  for await (const line of lines(stream)) {
    if (line.length === 0) continue;
    batch.push(line);
    bytes += line.length;
    if (batch.length >= INSERT_BATCH_ROWS || bytes >= INSERT_BATCH_BYTES) await flush();
  }
  await flush();
  if (loaded !== table.rows)
    throw corrupt(`${table.schema}.${table.name} has ${loaded} rows, the manifest says ${table.rows}`);
}

async function restoreSequences(tx: Tx, manifest: Manifest) {
  const present = new Set((await listApplicationSequences(tx)).map((s) => qualified(s.schema, s.name)));
  for (const s of manifest.sequences) {
    const name = qualified(s.schema, s.name);
    if (!present.has(name)) continue;
    await tx.query('select setval($1::regclass, $2::bigint, $3)', [name, s.lastValue, s.isCalled]);
  }
}

/** With row-by-row checks off, one query per foreign key proves the loaded rows still hold together. */
async function checkForeignKeys(tx: Tx, manifest: Manifest) {
  const loaded = new Set(manifest.tables.map((t) => qualified(t.schema, t.name)));
  for (const fk of await listForeignKeys(tx)) {
    if (!loaded.has(fk.child)) continue;
    const notNull = fk.childColumns.map((c) => `c.${quoteIdent(c)} is not null`).join(' and ');
    const match = fk.childColumns
      .map((c, i) => `p.${quoteIdent(fk.parentColumns[i]!)} = c.${quoteIdent(c)}`)
      .join(' and ');
    const { rows } = await tx.query(
      `select 1 from ${fk.child} c where ${notNull}
          and not exists (select 1 from ${fk.parent} p where ${match}) limit 1`,
    );
    if (rows.length)
      throw new BackupError(
        'backup.broken_reference',
        `The backup's rows break the reference ${fk.name} from ${fk.child} to ${fk.parent}`,
        { constraint: fk.name },
      );
  }
}
