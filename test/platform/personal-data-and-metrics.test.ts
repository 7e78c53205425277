import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, checkServeConfig, loadConfig } from '../../src/platform/config.js';
import { createHttpApp } from '../../src/platform/http/app.js';
import { registerInternalRoutes } from '../../src/platform/http/internal.js';
import { createLogger } from '../../src/platform/logger.js';
import { seedDemo, seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { citizenLogin, staffLogin } from '../helpers/login.js';

const REMOTE = { remoteAddress: '203.0.113.7' };

describe('issue 9, item 10: responses with personal data are never stored by a cache', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp({ env: { RATE_LIMIT_PER_MINUTE: '100000' } });
    await seedReference(t.db);
    await seedDemo(t.db, t.config, t.clock);
  });
  afterAll(() => t.close());

  it('GET /api/v1/me sends Cache-Control: no-store, signed in or not', async () => {
    const { headers } = await citizenLogin(t, '0905123456');
    const me = await t.app.inject({ url: '/api/v1/me', headers });
    expect(me.statusCode).toBe(200);
    expect(me.headers['cache-control']).toBe('no-store');
    const sessions = await t.app.inject({ url: '/api/v1/me/sessions', headers });
    expect(sessions.headers['cache-control']).toBe('no-store');
    const anonymous = await t.app.inject({ url: '/api/v1/me' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['cache-control']).toBe('no-store');
  });

  it('a staff route (the staff list of an agency) sends no-store; a public list to an anonymous caller does not', async () => {
    const { headers } = await staffLogin(t, 'quantri@congdanso.danang.vn');
    const agencies = await t.app.inject({ url: '/api/v1/directory/agencies?q=hai%20chau', headers });
    const agencyId = agencies.json().items[0].id as string;
    const staff = await t.app.inject({ url: `/api/v1/identity/staff?agencyId=${agencyId}`, headers });
    expect(staff.statusCode, staff.body).toBe(200);
    expect(staff.headers['cache-control']).toBe('no-store');
    expect(agencies.headers['cache-control']).toBe('no-store');

    const publicList = await t.app.inject({ url: '/api/v1/directory/units?q=hai%20chau' });
    expect(publicList.statusCode).toBe(200);
    expect(publicList.headers['cache-control']).toBeUndefined();
    // A route that chose public caching for data that is the same for everyone keeps it.
    const jwks = await t.app.inject({ url: '/.well-known/jwks.json', headers });
    expect(jwks.headers['cache-control']).toBe('public, max-age=300');
  });
});

describe('issue 9, item 10: /metrics needs METRICS_TOKEN, or loopback when none is configured', () => {
  const logger = createLogger({ level: 'silent' });
  async function metricsApp(env: Record<string, string>, isProduction = false) {
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/cds-test-data', ...env });
    const app = await createHttpApp({ config, logger, version: 'test' });
    const { registerOperationalRoutes } = await import('../../src/platform/http/operational.js');
    const db = { ping: async () => {} } as unknown as Parameters<typeof registerOperationalRoutes>[1];
    registerOperationalRoutes(app, db, { token: config.metricsToken, isProduction });
    await app.ready();
    return app;
  }
  const token = 'm'.repeat(40);

  it('without a token: open to loopback, 403 problem+json from another address', async () => {
    const app = await metricsApp({});
    expect((await app.inject('/metrics')).statusCode).toBe(200);
    const remote = await app.inject({ url: '/metrics', ...REMOTE });
    expect(remote.statusCode).toBe(403);
    expect(remote.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(remote.json()).toMatchObject({ code: 'http.metrics_loopback_only' });
    await app.close();
  });

  it('with a token: 401 + WWW-Authenticate without it or with a wrong one (even on loopback), 200 with it', async () => {
    const app = await metricsApp({ METRICS_TOKEN: token });
    const none = await app.inject('/metrics');
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(none.json()).toMatchObject({ code: 'http.metrics_token_required' });
    const wrong = await app.inject({
      url: '/metrics',
      headers: { authorization: `Bearer ${'x'.repeat(40)}` },
    });
    expect(wrong.statusCode).toBe(401);
    const ok = await app.inject({
      url: '/metrics',
      headers: { authorization: `Bearer ${token}` },
      ...REMOTE,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('http_request_duration_seconds');
    await app.close();
  });

  it('in production: serve refuses to start without a token, and the route never answers without one', async () => {
    const production = loadConfig({
      NODE_ENV: 'production',
      MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
    });
    expect(() => checkServeConfig(production)).toThrow(ConfigError);
    expect(() => checkServeConfig(production)).toThrow(/METRICS_TOKEN/);
    expect(() => checkServeConfig({ ...production, metricsToken: token })).not.toThrow();
    const app = await metricsApp({}, true);
    expect((await app.inject('/metrics')).statusCode).toBe(401);
    await app.close();
  });
});

describe('issue 9, item 10: the CLI route for audit verify is exempt from the public rate limit', () => {
  it('answers on a rate-limited loopback', async () => {
    const db = await testDb();
    const config = loadConfig({
      NODE_ENV: 'test',
      DATA_DIR: '/tmp/cds-test-data',
      RATE_LIMIT_PER_MINUTE: '1',
    });
    const app = await createHttpApp({ config, logger: createLogger({ level: 'silent' }), version: 'test' });
    app.get('/api/v1/ping', async () => ({ ok: true }));
    registerInternalRoutes(app, { db, token: 'cli-token' });
    await app.ready();
    try {
      expect((await app.inject('/api/v1/ping')).statusCode).toBe(200);
      expect((await app.inject('/api/v1/ping')).statusCode).toBe(429);
      for (let i = 0; i < 3; i++) {
        const res = await app.inject({
          url: '/internal/audit/verify',
          headers: { authorization: 'Bearer cli-token' },
        });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json()).toMatchObject({ ok: true });
      }
    } finally {
      await app.close();
      await db.drop();
    }
  });
});
