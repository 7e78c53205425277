import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogCapture } from '../../../test/helpers/app.js';
import { testDb } from '../../../test/helpers/db.js';
import { ManualClock } from '../clock.js';
import { loadConfig } from '../config.js';
import type { Db } from '../db/db.js';
import { type App, createHttpApp } from '../http/app.js';
import { hasKey } from '../i18n/i18n.js';
import { createLogger } from '../logger.js';
import { type Crypto, registerCrypto } from './crypto.js';
import { Jwks } from './routes.js';

let db: Db & { drop(): Promise<void> };
let app: App;
let crypto: Crypto;
let dataDir: string;

beforeAll(async () => {
  db = await testDb();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-jwks-'));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', DATA_DIR: dataDir });
  const logger = createLogger({ level: 'info', destination: new LogCapture() });
  app = await createHttpApp({ config, logger, version: 'test' });
  crypto = await registerCrypto(app, { config, db, logger, clock: new ManualClock('2026-03-02T02:00:00Z') });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await db.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('GET /.well-known/jwks.json', () => {
  it('publishes the active key with a 5-minute cache, matching the schema', async () => {
    const res = await app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const body = Jwks.parse(res.json());
    expect(body.keys).toHaveLength(1);
    const token = await crypto.keyring.sign({ sub: 'x' }, { typ: 'qr+jwt', expiresIn: 60 });
    expect(body.keys[0]?.kid).toBe((await crypto.keyring.verify(token)).kid);
  });

  it('lists the retired key next to the new one after a rotation', async () => {
    const before = Jwks.parse((await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json());
    const { kid } = await crypto.keyring.rotate();
    const after = Jwks.parse((await app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json());
    expect(after.keys.map((k) => k.kid)).toEqual([kid, before.keys[0]?.kid]);
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/.well-known/jwks.json'].get.responses['200']).toBeDefined();
  });

  it('has vi and en messages for crypto.invalid_token', () => {
    for (const locale of ['vi', 'en'] as const) {
      expect(hasKey('errors.crypto.invalid_token.title', locale)).toBe(true);
      expect(hasKey('errors.crypto.invalid_token.detail', locale)).toBe(true);
    }
  });

  it('generated the development master key under DATA_DIR', () => {
    expect(fs.existsSync(path.join(dataDir, 'keys', 'master.key'))).toBe(true);
  });
});
