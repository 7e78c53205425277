import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import { createHttpApp } from '../../src/platform/http/app.js';
import { createLogger, flatLineLogger } from '../../src/platform/logger.js';
import { LogCapture } from '../helpers/app.js';

async function bareApp(production = false) {
  const logs = new LogCapture();
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'info', DATA_DIR: '/tmp/cds-test-data' });
  const app = await createHttpApp({
    config: { ...config, isProduction: production },
    logger: createLogger({ level: 'info', destination: logs }),
    version: 'test',
  });
  app.get('/api/v1/things/:id', async () => ({ ok: true }));
  await app.ready();
  return { app, logs };
}

describe('security headers (helmet, built once for every response)', () => {
  it('sends the same headers on every response, CSP included, without HSTS outside production', async () => {
    const { app } = await bareApp();
    for (const url of ['/api/v1/things/1', '/api/v1/nothing-here']) {
      const res = await app.inject(url);
      expect(res.headers).toMatchObject({
        'content-security-policy':
          "default-src 'self';base-uri 'self';font-src 'self' https: data:;form-action 'self';frame-ancestors 'none';img-src 'self' data: blob:;object-src 'none';script-src 'self';script-src-attr 'none';style-src 'self' 'unsafe-inline';connect-src 'self';media-src 'self' blob:",
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'origin-agent-cluster': '?1',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
        'x-dns-prefetch-control': 'off',
        'x-download-options': 'noopen',
        'x-frame-options': 'SAMEORIGIN',
        'x-permitted-cross-domain-policies': 'none',
        'x-xss-protection': '0',
      });
      expect(res.headers).not.toHaveProperty('strict-transport-security');
      expect(res.headers).not.toHaveProperty('x-powered-by');
    }
    await app.close();
  });

  it('adds HSTS in production', async () => {
    const { app } = await bareApp(true);
    const res = await app.inject('/api/v1/things/1');
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    await app.close();
  });
});

describe('access log', () => {
  it('writes one line per request: request id, method, masked URL, route, status, duration', async () => {
    const { app, logs } = await bareApp();
    const res = await app.inject({ url: '/api/v1/things/7?phone=0905123456&q=x' });
    const lines = logs.lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'info',
        reqId: res.headers['x-request-id'],
        method: 'GET',
        url: '/api/v1/things/7?phone=…&q=…',
        route: '/api/v1/things/:id',
        statusCode: 200,
        ms: expect.any(Number),
      }),
    ]);
    expect(logs.text).not.toContain('0905123456');
    await app.close();
  });

  it('flat-line logger redacts the sensitive keys at the top level; the root logger also one and two levels down', () => {
    const logs = new LogCapture();
    const root = createLogger({ level: 'info', destination: logs });
    flatLineLogger(root).info({ phone: '0905123456', token: 'abc', route: '/x' }, 'flat');
    root.info({ a: { phone: '0905123456' }, b: { c: { password: 'pw' } } }, 'nested');
    const [flat, nested] = logs.lines.map((l) => JSON.parse(l));
    expect(flat).toMatchObject({ phone: '[redacted]', token: '[redacted]', route: '/x' });
    expect(nested).toMatchObject({ a: { phone: '[redacted]' }, b: { c: { password: '[redacted]' } } });
    expect(logs.text).not.toContain('0905123456');
  });
});
