import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LogCapture } from '../../../test/helpers/app.js';
import { ConfigError, loadConfig } from '../config.js';
import { createLogger } from '../logger.js';
import { devMasterKeyPath, loadMasterKeys, masterKeyId } from './master-key.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function setup(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-mk-'));
  dirs.push(dataDir);
  const logs = new LogCapture();
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, ...env });
  return { config, dataDir, logs, logger: createLogger({ level: 'info', destination: logs }) };
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('master key loading', () => {
  it('generates a development key once, mode 0600, and warns without logging key material', () => {
    const { config, logger, logs, dataDir } = setup({});
    const first = loadMasterKeys(config, logger);
    const file = devMasterKeyPath(dataDir);
    expect(file).toBe(path.join(dataDir, 'keys', 'master.key'));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const stored = fs.readFileSync(file, 'utf8').trim();
    expect(Buffer.from(stored, 'base64')).toEqual(first.current.key);
    expect(first.current.id).toBe(masterKeyId(first.current.key));
    expect(first.current.id).toMatch(/^[0-9a-f]{8}$/);
    expect(logs.lines).toHaveLength(1);
    expect(JSON.parse(logs.lines[0]!)).toMatchObject({ level: 'warn', file });
    expect(logs.text).not.toContain(stored);
    expect(logs.text).not.toContain(first.current.key.toString('hex'));

    const second = loadMasterKeys(config, logger);
    expect(second.current.key).toEqual(first.current.key);
    expect(logs.lines).toHaveLength(1);
  });

  it('uses MASTER_KEY, and MASTER_KEYS_OLD for decrypting only', () => {
    const current = randomBytes(32);
    const old = [randomBytes(32), randomBytes(32)];
    const { config, logger, logs, dataDir } = setup({
      MASTER_KEY: current.toString('base64'),
      MASTER_KEYS_OLD: old.map((k) => k.toString('base64url')).join(' , '),
    });
    const keys = loadMasterKeys(config, logger);
    expect(keys.current.key).toEqual(current);
    for (const k of old) expect(keys.byId(masterKeyId(k))?.key).toEqual(k);
    expect(keys.byId('00000000')).toBeUndefined();
    expect(fs.existsSync(devMasterKeyPath(dataDir))).toBe(false);
    expect(logs.lines).toHaveLength(0);
  });

  it('reads MASTER_KEY_FILE', () => {
    const key = randomBytes(32);
    const { config, logger, dataDir } = setup({});
    const file = path.join(dataDir, 'secret');
    fs.writeFileSync(file, `${key.toString('base64')}\n`);
    expect(loadMasterKeys({ ...config, masterKeyFile: file }, logger).current.key).toEqual(key);
  });

  it('refuses to start in production without a key, with one clear line', () => {
    const { config, logger, dataDir } = setup({ NODE_ENV: 'production' });
    const err = errorOf(() => loadMasterKeys(config, logger));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toMatch(/^Invalid configuration: MASTER_KEY — required in production/);
    expect(err.message).not.toContain('\n');
    expect(fs.existsSync(devMasterKeyPath(dataDir))).toBe(false);
  });

  it('rejects bad base64 in env, file and old keys with a one-line error that hides the value', () => {
    expect(errorOf(() => loadConfig({ MASTER_KEY: 'not-a-key' })).message).toBe(
      'Invalid configuration: MASTER_KEY — expected a 32-byte key in base64 (44 characters), got (hidden)',
    );
    expect(errorOf(() => loadConfig({ MASTER_KEYS_OLD: 'abc,def' })).message).toMatch(
      /^Invalid configuration: MASTER_KEYS_OLD — .*got \(hidden\)$/,
    );
    const { config, logger, dataDir } = setup({});
    const file = path.join(dataDir, 'secret');
    fs.writeFileSync(file, 'c2hvcnQ=\n');
    const err = errorOf(() => loadMasterKeys({ ...config, masterKeyFile: file }, logger));
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toBe(
      'Invalid configuration: MASTER_KEY_FILE — expected a 32-byte key in base64 (44 characters), got (hidden)',
    );
    const missing = errorOf(() =>
      loadMasterKeys({ ...config, masterKeyFile: path.join(dataDir, 'nope') }, logger),
    );
    expect(missing.message).toMatch(
      /^Invalid configuration: MASTER_KEY_FILE — cannot read .*nope \(ENOENT\)$/,
    );
  });

  it('refuses both MASTER_KEY and MASTER_KEY_FILE at once', () => {
    const { config, logger } = setup({ MASTER_KEY: randomBytes(32).toString('base64') });
    const err = errorOf(() => loadMasterKeys({ ...config, masterKeyFile: '/etc/hostname' }, logger));
    expect(err.message).toMatch(/either MASTER_KEY or MASTER_KEY_FILE/);
  });
});
