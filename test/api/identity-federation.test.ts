import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';
import { freePort } from '../helpers/port.js';

const LEVEL2 = '048090123456';
const LEVEL1 = '048195000111';

/** A browser: a cookie jar (paths ignored: one host) and redirects followed by hand. */
class Browser {
  jar = new Map<string, string>();
  constructor(readonly base: string) {}

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.jar.size) headers.set('cookie', [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(new URL(url, this.base), { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      // The app's clock is a fixed test date, so only deletions (Max-Age=0, the 1970 date) count as expiry.
      const expired = attrs.some((a) => /^\s*max-age=0\b/i.test(a) || /^\s*expires=.*1970/i.test(a));
      if (expired || value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return res;
  }

  /** Follows redirects until a response that is not one, or until `stop` matches the next URL. */
  async follow(url: string, stop?: (next: URL) => boolean): Promise<{ res?: Response; url: URL }> {
    let current = new URL(url, this.base);
    for (let hops = 0; hops < 15; hops++) {
      if (stop?.(current)) return { url: current };
      const res = await this.fetch(current.href);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { res, url: current };
      await res.arrayBuffer();
      current = new URL(location, current);
    }
    throw new Error('too many redirects');
  }
}

const isCallback = (u: URL) => u.pathname === '/api/v1/auth/federated/vneid/callback';

/** Start → simulator page → pick the person → back at our callback (not yet fetched). */
async function toCallback(browser: Browser, personalId: string, next = '/ho-so') {
  const page = await browser.follow(`/api/v1/auth/federated/vneid/start?next=${encodeURIComponent(next)}`);
  expect(page.res!.status).toBe(200);
  expect(page.url.pathname).toMatch(/^\/dev\/vneid\/interaction\//);
  const html = await page.res!.text();
  expect(html).toContain('lang="vi"');
  expect(html).toContain(`value="${personalId}"`);
  const posted = await browser.fetch(page.url.href, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ personalId }).toString(),
  });
  expect(posted.status).toBe(303);
  const back = await browser.follow(posted.headers.get('location')!, isCallback);
  expect(isCallback(back.url)).toBe(true);
  return back.url;
}

describe('federated sign-in with VNeID (simulator, real HTTP)', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let base: string;

  async function signIn(personalId: string, next?: string) {
    const browser = new Browser(base);
    const callback = await toCallback(browser, personalId, next);
    const res = await browser.fetch(callback.href);
    return { browser, res };
  }

  async function me(browser: Browser) {
    const res = await browser.fetch('/api/v1/me');
    return {
      status: res.status,
      body: (await res.json()) as { id: string; assuranceLevel: number; fullName: string },
    };
  }

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    t = await testApp({ env: { PUBLIC_URL: base, RATE_LIMIT_PER_MINUTE: '100000' } });
    await t.app.listen({ port, host: '127.0.0.1' });
  });
  afterAll(() => t.close());

  it('links to the citizen holding the verified phone, raises to level 2, and links the same account again', async () => {
    const existing = '01950000-0000-7000-8000-0000000000f1';
    await t.db.query(
      `insert into identity.accounts (id, kind, full_name, phone, assurance_level, created_at, updated_at)
       values ($1, 'citizen', 'Trần Văn Minh', '+84905000201', 1, now(), now())`,
      [existing],
    );
    const first = await signIn(LEVEL2, '/ho-so?tab=1');
    expect(first.res.status).toBe(303);
    expect(first.res.headers.get('location')).toBe('/ho-so?tab=1');
    expect(first.browser.jar.has('cds_session')).toBe(true);
    const mine = await me(first.browser);
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({ id: existing, assuranceLevel: 2, fullName: 'Trần Văn Minh' });

    const second = await signIn(LEVEL2);
    expect(second.res.headers.get('location')).toBe('/ho-so');
    expect((await me(second.browser)).body.id).toBe(existing);

    const { rows } = await t.db.query<{ level: number; method: string; details: { cccd: string } }>(
      'select level, method, details from identity.assurance_evidence where account_id = $1',
      [existing],
    );
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.method === 'vneid' && r.level === 2)).toBe(true);
    expect(rows[0]!.details.cccd).not.toContain(LEVEL2);
    const audit = await t.db.query<{ action: string }>(
      `select action from audit.events where target_id = $1 and action = 'identity.federated_sign_in'`,
      [existing],
    );
    expect(audit.rows).toHaveLength(2);
  });

  it('creates a citizen account at level 1 for a level-1 e-ID, with the name from VNeID', async () => {
    const { browser, res } = await signIn(LEVEL1);
    expect(res.status).toBe(303);
    const mine = await me(browser);
    expect(mine.body).toMatchObject({ assuranceLevel: 1, fullName: 'Lê Thị Hoa' });
    const again = await signIn(LEVEL1);
    expect((await me(again.browser)).body.id).toBe(mine.body.id);
  });

  it('refuses a tampered state, a replayed callback and a callback in another browser', async () => {
    const browser = new Browser(base);
    const callback = await toCallback(browser, LEVEL2);
    const tampered = new URL(callback);
    tampered.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    const refused = await browser.fetch(tampered.href);
    expect(refused.status).toBe(303);
    expect(refused.headers.get('location')).toBe('/dang-nhap?error=identity.federation_state');
    expect(browser.jar.has('cds_session')).toBe(false);

    const other = new Browser(base);
    const stolen = await other.fetch(callback.href);
    expect(stolen.headers.get('location')).toBe('/dang-nhap?error=identity.federation_state');
    expect(other.jar.has('cds_session')).toBe(false);

    // The attempt was consumed by the stolen try: the rightful browser cannot replay it either.
    const late = await browser.fetch(callback.href);
    expect(late.headers.get('location')).toBe('/dang-nhap?error=identity.federation_state');

    const fresh = new Browser(base);
    const ok = await toCallback(fresh, LEVEL2);
    expect((await fresh.fetch(ok.href)).headers.get('location')).toBe('/ho-so');
    const replay = await fresh.fetch(ok.href);
    expect(replay.headers.get('location')).toBe('/dang-nhap?error=identity.federation_state');
  });

  it('refuses a callback after the attempt expired (10 minutes)', async () => {
    const browser = new Browser(base);
    const callback = await toCallback(browser, LEVEL2);
    t.clock.advance(11 * 60_000);
    const res = await browser.fetch(callback.href);
    expect(res.headers.get('location')).toBe('/dang-nhap?error=identity.federation_state');
    expect(browser.jar.has('cds_session')).toBe(false);
  });

  it('refuses an ID token with another nonce and a response from another issuer', async () => {
    const browser = new Browser(base);
    const callback = await toCallback(browser, LEVEL2);
    await t.db.query(
      `update identity.federated_attempts set nonce = 'another-nonce' where consumed_at is null`,
    );
    const res = await browser.fetch(callback.href);
    expect(res.headers.get('location')).toBe('/dang-nhap?error=identity.federation_token');
    expect(browser.jar.has('cds_session')).toBe(false);

    const second = new Browser(base);
    const back = await toCallback(second, LEVEL2);
    expect(back.searchParams.get('iss')).toBe(`${base}/dev/vneid`);
    back.searchParams.set('iss', 'https://attacker.example/vneid');
    const wrongIssuer = await second.fetch(back.href);
    expect(wrongIssuer.headers.get('location')).toBe('/dang-nhap?error=identity.federation_token');
    expect(second.jar.has('cds_session')).toBe(false);
  });

  it('refuses a return address on another host, and unknown or unconfigured providers', async () => {
    for (const next of [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      'javascript:alert(1)',
    ]) {
      const res = await new Browser(base).fetch(
        `/api/v1/auth/federated/vneid/start?next=${encodeURIComponent(next)}`,
      );
      expect(res.status, next).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(((await res.json()) as { code: string }).code).toBe('identity.federation_next');
    }
    const own = await new Browser(base).fetch(
      `/api/v1/auth/federated/vneid/start?next=${encodeURIComponent(`${base}/ho-so`)}`,
    );
    expect(own.status).toBe(303);
    const off = await new Browser(base).fetch('/api/v1/auth/federated/dvcqg/start');
    expect(off.status).toBe(404);
    const list = await new Browser(base).fetch('/api/v1/auth/federated');
    expect(await list.json()).toEqual({
      providers: [{ id: 'vneid', startUrl: '/api/v1/auth/federated/vneid/start' }],
    });
  });

  it('never logs the số định danh', () => {
    expect(t.logs.text.length).toBeGreaterThan(0);
    expect(t.logs.text).not.toContain(LEVEL2);
    expect(t.logs.text).not.toContain(LEVEL1);
  });
});

describe('federated sign-in with private_key_jwt client authentication', () => {
  it('signs in with a client key instead of a secret', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({
      format: 'pem',
      type: 'pkcs8',
    });
    const t = await testApp({
      env: { PUBLIC_URL: base, VNEID_CLIENT_PRIVATE_KEY: String(pem).replace(/\n/g, '\\n') },
    });
    try {
      expect(t.config.federation.vneid.clientSecret).toBeUndefined();
      await t.app.listen({ port, host: '127.0.0.1' });
      const browser = new Browser(base);
      const callback = await toCallback(browser, LEVEL1);
      const res = await browser.fetch(callback.href);
      expect(res.headers.get('location')).toBe('/ho-so');
      const me = await browser.fetch('/api/v1/me');
      expect(((await me.json()) as { assuranceLevel: number }).assuranceLevel).toBe(1);
      expect(t.logs.text).not.toContain('PRIVATE KEY');
    } finally {
      await t.close();
    }
  });
});
