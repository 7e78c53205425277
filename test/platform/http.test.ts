import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';

describe('platform http', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  it('answers health and readiness', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    expect((await t.app.inject('/readyz')).json()).toEqual({ status: 'ok', database: 'ok' });
  });

  it('returns a Vietnamese problem+json 404 by default and English on request', async () => {
    const vi = await t.app.inject('/api/v1/nothing-here');
    expect(vi.statusCode).toBe(404);
    expect(vi.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(vi.json()).toMatchObject({ status: 404, code: 'http.not_found', title: 'Không tìm thấy' });
    const en = await t.app.inject({
      url: '/api/v1/nothing-here',
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(en.json().title).toBe('Not found');
    expect(en.headers['x-request-id']).toBeTruthy();
  });

  it('tells 405 from 404', async () => {
    const r = await t.app.inject({ method: 'POST', url: '/healthz' });
    expect(r.statusCode).toBe(405);
    expect(r.headers.allow).toContain('GET');
    expect(r.json().code).toBe('http.method_not_allowed');
  });

  it('serves the OpenAPI 3.1 document and metrics', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/readyz');
    const m = await t.app.inject('/metrics');
    expect(m.body).toContain('http_request_duration_seconds');
  });
});
