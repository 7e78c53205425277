import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { type Config, ConfigError } from '../config.js';

const MASTER_KEY_BYTES = 32;

/** A 32-byte AES key and its id: the first 8 hex characters of SHA-256 of the key. */
export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

/** The current master key wraps new data keys; retired keys only unwrap old ones. */
export interface MasterKeys {
  readonly current: MasterKey;
  byId(id: string): MasterKey | undefined;
}

type MasterKeyConfig = Pick<
  Config,
  'masterKey' | 'masterKeyFile' | 'masterKeysOld' | 'isProduction' | 'dataDir'
>;

export function masterKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function masterKeysFrom(current: Buffer, retired: readonly Buffer[] = []): MasterKeys {
  const toKey = (key: Buffer): MasterKey => ({ id: masterKeyId(key), key });
  const currentKey = toKey(current);
  const byId = new Map<string, MasterKey>();
  for (const k of retired.map(toKey)) byId.set(k.id, k);
  byId.set(currentKey.id, currentKey);
  return { current: currentKey, byId: (id) => byId.get(id) };
}

/** Where a development master key is generated when none is configured. */
export function devMasterKeyPath(dataDir: string): string {
  return path.join(dataDir, 'keys', 'master.key');
}

/**
 * Loads the master keys from MASTER_KEY or MASTER_KEY_FILE (plus MASTER_KEYS_OLD). Outside production a
 * missing key is generated once into DATA_DIR; in production it is refused. Every failure is a
 * ConfigError with a one-line message that never contains key material.
 */
export function loadMasterKeys(config: MasterKeyConfig, logger: Logger): MasterKeys {
  const retired = config.masterKeysOld.map((value, i) => decodeKey(value, `MASTER_KEYS_OLD (item ${i + 1})`));
  if (config.masterKey && config.masterKeyFile) {
    throw new ConfigError(
      'Invalid configuration: MASTER_KEY — set either MASTER_KEY or MASTER_KEY_FILE, not both',
    );
  }
  if (config.masterKey) return masterKeysFrom(decodeKey(config.masterKey, 'MASTER_KEY'), retired);
  if (config.masterKeyFile) {
    return masterKeysFrom(
      decodeKey(readKeyFile(config.masterKeyFile, 'MASTER_KEY_FILE'), 'MASTER_KEY_FILE'),
      retired,
    );
  }
  if (config.isProduction) {
    throw new ConfigError(
      'Invalid configuration: MASTER_KEY — required in production (or MASTER_KEY_FILE): a 32-byte key in base64, e.g. from `openssl rand -base64 32`',
    );
  }
  return masterKeysFrom(loadOrCreateDevKey(devMasterKeyPath(config.dataDir), logger), retired);
}

function decodeKey(value: string, name: string): Buffer {
  const text = value.trim();
  const key = Buffer.from(text, 'base64');
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(text) || key.length !== MASTER_KEY_BYTES) {
    throw new ConfigError(
      `Invalid configuration: ${name} — expected a ${MASTER_KEY_BYTES}-byte key in base64 (44 characters), got (hidden)`,
    );
  }
  return key;
}

function readKeyFile(file: string, name: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`Invalid configuration: ${name} — cannot read ${file} (${code})`);
  }
}

function loadOrCreateDevKey(file: string, logger: Logger): Buffer {
  if (fs.existsSync(file)) return decodeKey(readKeyFile(file, 'master key file'), `master key file ${file}`);
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  // Write to a private temp file, then link it into place: link fails if another process won the
  // race, and nobody ever reads a half-written key.
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, `${randomBytes(MASTER_KEY_BYTES).toString('base64')}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  let created = true;
  try {
    fs.linkSync(tmp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    created = false;
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  if (created) {
    logger.warn(
      { file },
      'generated a development master key; data encrypted with it is lost if the file is deleted. Set MASTER_KEY or MASTER_KEY_FILE in production',
    );
  }
  return decodeKey(readKeyFile(file, 'master key file'), `master key file ${file}`);
}
