import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';
import { staffLogin } from '../helpers/login.js';

/**
 * Hostile and broken input against a real write endpoint (create agency, city admin): every case is a
 * 4xx problem+json, never a 5xx, and nothing is written.
 */
describe('bad input', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let headers: Record<string, string>;
  const url = '/api/v1/directory/agencies';
  const valid = { code: '48-TEST-01', name: 'Trung tâm Thử nghiệm', type: 'public_service_unit' };

  const countAgencies = async () =>
    (await t.db.query<{ n: number }>('select count(*)::int as n from directory.agencies')).rows[0]!.n;
  const countAudit = async () =>
    (await t.db.query<{ n: number }>('select count(*)::int as n from audit.events')).rows[0]!.n;

  beforeAll(async () => {
    t = await testApp();
    await seedReference(t.db);
    await seedDemo(t.db, t.config, t.clock);
    headers = (await staffLogin(t, 'quantri@congdanso.danang.vn')).headers;
  });
  afterAll(() => t.close());

  async function expectRejected(
    request: { payload?: string | object; headers?: Record<string, string> },
    status: number,
    code: string,
  ) {
    const before = [await countAgencies(), await countAudit()];
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers: { ...headers, 'content-type': 'application/json', ...request.headers },
      ...(request.payload === undefined ? {} : { payload: request.payload }),
    });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = res.json();
    expect(body).toMatchObject({ status, code, type: `urn:congdanso:problem:${code}` });
    expect(body.title).toBeTruthy();
    expect([await countAgencies(), await countAudit()]).toEqual(before);
    return body;
  }

  it('malformed JSON → 400 http.malformed_json', async () => {
    await expectRejected({ payload: '{"code": "48-X", "name": ' }, 400, 'http.malformed_json');
  });

  it('wrong types → 400 with a JSON pointer per field, in Vietnamese', async () => {
    const body = await expectRejected(
      { payload: { code: 12, name: ['x'], type: 'castle' } },
      400,
      'http.validation',
    );
    const pointers = body.errors.map((e: { pointer: string }) => e.pointer).sort();
    expect(pointers).toEqual(['/body/code', '/body/name', '/body/type']);
    expect(body.errors.every((e: { message: string }) => e.message.length > 0)).toBe(true);
  });

  it('the same errors in English with Accept-Language: en', async () => {
    const body = await expectRejected(
      { payload: { ...valid, type: 'castle' }, headers: { 'accept-language': 'en' } },
      400,
      'http.validation',
    );
    expect(body.title).toBe('Some of the information is not valid');
    expect(body.errors[0].message).toMatch(/must be one of/);
  });

  it('unknown fields → 400 pointing at the field', async () => {
    const body = await expectRejected({ payload: { ...valid, isAdmin: true } }, 400, 'http.validation');
    expect(body.errors).toEqual([
      expect.objectContaining({ pointer: '/body/isAdmin', code: 'unrecognized_keys' }),
    ]);
  });

  it('a 10 MB body → 413', async () => {
    const huge = JSON.stringify({ ...valid, name: 'x'.repeat(10 * 1024 * 1024) });
    await expectRejected({ payload: huge }, 413, 'http.payload_too_large');
  });

  it('a body that is not JSON → 415', async () => {
    await expectRejected(
      { payload: '<agency/>', headers: { 'content-type': 'application/xml' } },
      415,
      'http.unsupported_media_type',
    );
  });

  it('pattern failures carry their specific message', async () => {
    const body = await expectRejected({ payload: { ...valid, unitCode: '2024' } }, 400, 'http.validation');
    expect(body.errors[0]).toMatchObject({ pointer: '/body/unitCode', code: 'directory.unit_code' });
    expect(body.errors[0].message).toMatch(/ví dụ 20242/);
  });

  it('missing required fields → 400 "required"', async () => {
    const body = await expectRejected({ payload: {} }, 400, 'http.validation');
    expect(body.errors.map((e: { code: string }) => e.code)).toContain('required');
  });

  it('NFD-encoded Vietnamese is stored as NFC and found by an accent-free search', async () => {
    const nfd = 'Trung tâm Dữ liệu Hải Châu'.normalize('NFD');
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers,
      payload: { ...valid, code: '48-NFD-01', name: nfd },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe(nfd.normalize('NFC'));
    const found = await t.app.inject({ url: `${url}?q=${encodeURIComponent('du lieu hai chau')}` });
    expect(found.json().items.map((a: { code: string }) => a.code)).toContain('48-NFD-01');
  });

  it('SQL and HTML injection strings are plain text: searched safely, stored verbatim, never 5xx', async () => {
    for (const q of [
      "'; drop table directory.agencies; --",
      '<script>alert(1)</script>',
      "%' or '1'='1",
      '\\',
      '%_%',
    ]) {
      const res = await t.app.inject({ url: `${url}?q=${encodeURIComponent(q)}` });
      expect(res.statusCode).toBe(200);
    }
    const res = await t.app.inject({
      method: 'POST',
      url,
      headers,
      payload: { ...valid, code: '48-XSS-01', name: '<img src=x onerror=alert(1)> Phòng' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().name).toBe('<img src=x onerror=alert(1)> Phòng');
    expect(await countAgencies()).toBeGreaterThan(100);
  });

  it('a write without a session is 401, never a write', async () => {
    const before = await countAgencies();
    const res = await t.app.inject({ method: 'POST', url, payload: valid });
    expect(res.statusCode).toBe(401);
    expect(await countAgencies()).toBe(before);
  });
});
