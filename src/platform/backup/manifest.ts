import { z } from 'zod';

export const BACKUP_FORMAT = 'congdanso-backup';
/** Bumped when the archive layout changes; restore refuses versions it does not know. */
export const BACKUP_FORMAT_VERSION = 1;
export const MANIFEST_PATH = 'manifest.json';

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

/** One member of the archive, with the checksum restore verifies before writing anything. */
const Part = z.strictObject({
  path: z.string().min(1),
  bytes: z.number().int().min(0),
  sha256: Sha256,
});
export type Part = z.infer<typeof Part>;

const Table = z.strictObject({
  schema: z.string().min(1),
  name: z.string().min(1),
  columns: z.array(z.strictObject({ name: z.string().min(1), type: z.string().min(1) })),
  rows: z.number().int().min(0),
  part: Part,
});
export type ManifestTable = z.infer<typeof Table>;

const Sequence = z.strictObject({
  schema: z.string().min(1),
  name: z.string().min(1),
  // bigint as a decimal string: sequences go up to 2^63 - 1.
  lastValue: z.string().regex(/^-?\d+$/),
  isCalled: z.boolean(),
});
export type ManifestSequence = z.infer<typeof Sequence>;

const StoredFile = z.strictObject({ key: z.string().min(1), contentType: z.string().min(1), part: Part });
export type ManifestFile = z.infer<typeof StoredFile>;

export const Manifest = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.literal(BACKUP_FORMAT_VERSION),
  createdAt: z.iso.datetime({ offset: true }),
  appVersion: z.string(),
  engine: z.strictObject({ kind: z.enum(['pglite', 'postgres']), serverVersion: z.string() }),
  migrations: z.array(
    z.strictObject({ hash: z.string(), createdAt: z.number(), tag: z.string().optional() }),
  ),
  /** In load order: parents before children. */
  tables: z.array(Table),
  sequences: z.array(Sequence),
  files: z.array(StoredFile),
});
export type Manifest = z.infer<typeof Manifest>;

/** The archive path of a table's rows: readable for an operator who opens the archive by hand. */
export function tablePartPath(index: number, schema: string, name: string): string {
  const safe = `${schema}.${name}`.replace(/[^A-Za-z0-9_.-]/g, '_');
  return `db/${String(index + 1).padStart(4, '0')}-${safe}.jsonl`;
}

/** Stored files go by number; their keys (which may hold any character) live in the manifest. */
export function filePartPath(index: number): string {
  return `files/${String(index + 1).padStart(8, '0')}`;
}
