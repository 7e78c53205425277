import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/platform/config.js';
import { openDb } from '../../src/platform/db/db.js';
import { createLogger } from '../../src/platform/logger.js';
import { seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';
import { freshDatabaseUrl } from '../helpers/db.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A TCP relay to PostgreSQL that the test can cut and restore, as a network or server outage would. */
function relay(target: { host: string; port: number }) {
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        for (const s of [client, upstream]) {
          sockets.add(s);
          s.on('close', () => sockets.delete(s));
          s.on('error', () => s.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server!.address() as net.AddressInfo).port;
        resolve();
      });
    });
  return {
    listen,
    get port() {
      return port;
    },
    async cut() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server?.close(r));
    },
  };
}

describe.skipIf(!process.env.DATABASE_URL)('database lost while running (PostgreSQL)', () => {
  it('fails readiness and answers 503 problem+json, then recovers when the database returns', async () => {
    const url = new URL(await freshDatabaseUrl());
    const proxy = relay({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.listen();
    const viaProxy = new URL(url);
    viaProxy.port = String(proxy.port);
    const db = await openDb({ databaseUrl: viaProxy.toString(), poolMax: 4 });
    await seedReference(db);
    const config = loadConfig({
      NODE_ENV: 'test',
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
      LOG_LEVEL: 'silent',
    });
    const runtime = await buildApp({ config, db, logger: createLogger({ level: 'silent' }) });
    const { app } = runtime;
    try {
      expect((await app.inject('/readyz')).statusCode).toBe(200);
      expect((await app.inject('/api/v1/directory/units?q=hai%20chau')).statusCode).toBe(200);

      await proxy.cut();
      const ready = await app.inject('/readyz');
      expect(ready.statusCode).toBe(503);
      expect(ready.json().code).toBe('http.database_unavailable');
      const units = await app.inject('/api/v1/directory/units?q=hai%20chau');
      expect(units.statusCode).toBe(503);
      expect(units.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(units.headers['retry-after']).toBeDefined();
      expect((await app.inject('/healthz')).statusCode).toBe(200);

      await proxy.listen();
      let recovered = false;
      for (let i = 0; i < 50 && !recovered; i++) {
        recovered = (await app.inject('/readyz')).statusCode === 200;
        if (!recovered) await sleep(200);
      }
      expect(recovered).toBe(true);
      expect((await app.inject('/api/v1/directory/units?q=hai%20chau')).json().items[0].code).toBe('20242');
    } finally {
      await runtime.close().catch(() => {});
      await app.close();
      await db.close();
      await proxy.cut().catch(() => {});
    }
  });
});

describe('overload protection and rate limits', () => {
  const apps: Array<{ close(): Promise<void> }> = [];
  afterAll(async () => {
    for (const a of apps) await a.close();
  });

  it('sheds load with a fast 503 problem+json and Retry-After when the event loop lags; health stays up', async () => {
    const t = await testApp({ env: { OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '50' } });
    apps.push(t);
    const until = Date.now() + 1500;
    while (Date.now() < until) {
      // a CPU-bound stall, as a runaway request or GC storm would cause
    }
    let shed: Awaited<ReturnType<typeof t.app.inject>> | undefined;
    for (let i = 0; i < 30 && !shed; i++) {
      await sleep(100);
      const res = await t.app.inject('/api/v1/directory/units');
      if (res.statusCode === 503) shed = res;
    }
    expect(shed?.json()).toMatchObject({ status: 503, code: 'http.overloaded' });
    expect(shed?.headers['retry-after']).toBe('10');
    expect((await t.app.inject('/healthz')).statusCode).toBe(200);
  });

  it('limits requests per client with 429 problem+json; health and metrics are exempt', async () => {
    const t = await testApp({ env: { RATE_LIMIT_PER_MINUTE: '3' } });
    apps.push(t);
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await t.app.inject('/api/v1/directory/units')).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await t.app.inject({
      url: '/api/v1/directory/units',
      headers: { 'accept-language': 'en' },
    });
    expect(limited.json()).toMatchObject({
      status: 429,
      code: 'http.rate_limited',
      title: 'Too many requests',
    });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) expect((await t.app.inject('/healthz')).statusCode).toBe(200);
  });
});
