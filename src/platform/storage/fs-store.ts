import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { SNIFF_BYTES, sniffContentType } from './content-type.js';
import { inspectBody } from './inspect.js';
import { assertValidKey, assertValidPrefix } from './keys.js';
import {
  type FileStore,
  fileNotFound,
  type ListedFile,
  type PutOptions,
  type StoredFile,
} from './storage.js';

const TMP_DIR = '.tmp';
const META_DIR = '.meta';
const STALE_TMP_MS = 24 * 3600 * 1000;

/** Metadata kept beside each file; `ino` ties it to the exact file it describes. */
interface Meta extends StoredFile {
  ino: number;
}

/**
 * Files under `root` at their key's path. A put streams into `.tmp/`, is flushed to disk, then renamed
 * into place, so readers never see a partial file. Size, SHA-256 and type live in `.meta/<key>.json`;
 * if that record is missing or belongs to another version of the file it is rebuilt from the bytes.
 */
export function createFsFileStore(root: string): FileStore {
  const base = path.resolve(root);
  const tmpDir = path.join(base, TMP_DIR);
  let swept = false;

  const dataPath = (key: string) => inside(base, path.join(base, assertValidKey(key)));
  const metaPath = (key: string) => inside(base, path.join(base, META_DIR, `${assertValidKey(key)}.json`));

  async function put(key: string, body: Parameters<FileStore['put']>[1], options: PutOptions = {}) {
    const target = dataPath(key);
    const inspected = await inspectBody(body, options.contentType);
    await fsp.mkdir(tmpDir, { recursive: true });
    if (!swept) {
      swept = true;
      void sweepStaleTemps(tmpDir);
    }
    const tmp = path.join(tmpDir, randomUUID());
    const metaTmp = `${tmp}.json`;
    try {
      await pipeline(inspected.stream, fs.createWriteStream(tmp, { flags: 'wx', mode: 0o640, flush: true }));
      const file: StoredFile = { key, ...inspected.digest(), contentType: inspected.contentType };
      const { ino } = await fsp.stat(tmp);
      await writeDurably(metaTmp, JSON.stringify({ ...file, ino } satisfies Meta));
      await fsp.mkdir(path.dirname(target), { recursive: true });
      await fsp.mkdir(path.dirname(metaPath(key)), { recursive: true });
      await fsp.rename(tmp, target);
      await fsp.rename(metaTmp, metaPath(key));
      await fsyncDir(path.dirname(target));
      return file;
    } finally {
      await fsp.rm(tmp, { force: true });
      await fsp.rm(metaTmp, { force: true });
    }
  }

  async function head(key: string): Promise<StoredFile | undefined> {
    const file = dataPath(key);
    const stat = await fsp.stat(file).catch(ignoreMissing);
    if (!stat?.isFile()) return undefined;
    const meta = await readMeta(metaPath(key));
    if (meta && meta.ino === stat.ino && meta.size === stat.size) {
      return { key, size: meta.size, sha256: meta.sha256, contentType: meta.contentType };
    }
    const rebuilt = await describe(key, file);
    const tmp = path.join(tmpDir, `${randomUUID()}.json`);
    await fsp.mkdir(tmpDir, { recursive: true });
    await fsp.mkdir(path.dirname(metaPath(key)), { recursive: true });
    await writeDurably(tmp, JSON.stringify({ ...rebuilt, ino: stat.ino } satisfies Meta));
    await fsp.rename(tmp, metaPath(key)).catch(() => fsp.rm(tmp, { force: true }));
    return rebuilt;
  }

  async function get(key: string) {
    const handle = await fsp.open(dataPath(key), 'r').catch(ignoreMissing);
    if (!handle) throw fileNotFound();
    if (!(await handle.stat()).isFile()) {
      await handle.close();
      throw fileNotFound();
    }
    return handle.createReadStream();
  }

  async function remove(key: string) {
    await fsp.unlink(dataPath(key)).catch(ignoreMissing);
    await fsp.unlink(metaPath(key)).catch(ignoreMissing);
  }

  async function* list(prefix = ''): AsyncIterable<ListedFile> {
    assertValidPrefix(prefix);
    const slash = prefix.lastIndexOf('/');
    const start = slash >= 0 ? prefix.slice(0, slash) : '';
    yield* walk(base, start, prefix);
  }

  return { driver: 'fs', put, get, head, delete: remove, list };
}

async function* walk(base: string, rel: string, prefix: string): AsyncIterable<ListedFile> {
  const entries = await fsp.readdir(path.join(base, rel), { withFileTypes: true }).catch(ignoreMissing);
  if (!entries) return;
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const key = rel ? `${rel}/${entry.name}` : entry.name;
    if (!isValidKey(key)) continue;
    if (entry.isDirectory()) {
      const dir = `${key}/`;
      if (dir.startsWith(prefix) || prefix.startsWith(dir)) yield* walk(base, key, prefix);
    } else if (entry.isFile() && key.startsWith(prefix)) {
      const stat = await fsp.stat(path.join(base, key)).catch(ignoreMissing);
      if (stat) yield { key, size: stat.size };
    }
  }
}

/** Size, hash and sniffed type straight from the bytes on disk. */
async function describe(key: string, file: string): Promise<StoredFile> {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let size = 0;
  for await (const chunk of fs.createReadStream(file)) {
    const buf = chunk as Buffer;
    hash.update(buf);
    if (size < SNIFF_BYTES) head.push(buf);
    size += buf.length;
  }
  const contentType = await sniffContentType(Buffer.concat(head).subarray(0, SNIFF_BYTES));
  return { key, size, sha256: hash.digest('hex'), contentType };
}

async function readMeta(file: string): Promise<Meta | undefined> {
  try {
    const meta = JSON.parse(await fsp.readFile(file, 'utf8')) as Partial<Meta>;
    if (
      typeof meta.ino !== 'number' ||
      typeof meta.sha256 !== 'string' ||
      typeof meta.contentType !== 'string'
    ) {
      return undefined;
    }
    return meta as Meta;
  } catch {
    return undefined;
  }
}

async function writeDurably(file: string, text: string): Promise<void> {
  const handle = await fsp.open(file, 'wx', 0o640);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  // Makes the rename itself durable; not every platform can open a directory, which is fine.
  const handle = await fsp.open(dir, 'r').catch(() => undefined);
  await handle?.sync().catch(() => {});
  await handle?.close();
}

async function sweepStaleTemps(tmpDir: string): Promise<void> {
  const entries = await fsp.readdir(tmpDir).catch(() => []);
  const cutoff = Date.now() - STALE_TMP_MS;
  for (const name of entries) {
    const file = path.join(tmpDir, name);
    const stat = await fsp.stat(file).catch(() => undefined);
    if (stat && stat.mtimeMs < cutoff) await fsp.rm(file, { force: true }).catch(() => {});
  }
}

function inside(base: string, target: string): string {
  if (!target.startsWith(base + path.sep)) throw new Error('storage path escapes the store root');
  return target;
}

function isValidKey(key: string): boolean {
  try {
    assertValidKey(key);
    return true;
  } catch {
    return false;
  }
}

function ignoreMissing(err: NodeJS.ErrnoException): undefined {
  if (err.code === 'ENOENT' || err.code === 'ENOTDIR' || err.code === 'EISDIR') {
    return undefined;
  }
  throw err;
}
