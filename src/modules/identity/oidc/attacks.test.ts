import { exportJWK, generateKeyPair } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, oidcTestApp, staffSession } from '../../../../test/support/oidc.js';
import { systemClock } from '../../../platform/clock.js';
import { findAccountByPhone } from '../accounts/repo.js';
import { DEMO_STAFF_PASSWORD } from '../accounts/seed.js';
import { defaultSessionPolicy, openSessionIn } from '../accounts/service.js';

const CALLBACK = 'http://127.0.0.1:8976/cb';

/** The OAuth error code of a refused call, from a JSON error body or a WWW-Authenticate challenge. */
async function oauthError(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (err) {
    const e = err as { error?: string; cause?: Array<{ parameters?: { error?: string } }> };
    return e.error ?? e.cause?.[0]?.parameters?.error ?? 'unknown';
  }
  return 'accepted';
}
const insecure = { execute: [oidc.allowInsecureRequests] };

describe('OpenID Provider: clients, citizen sessions and attacks', () => {
  let t: Awaited<ReturnType<typeof oidcTestApp>>;
  let demo: oidc.Configuration;
  let admin: { cookie: string; csrf: string };

  function createClient(body: Record<string, unknown>, who = admin) {
    return t.app.inject({
      method: 'POST',
      url: '/api/v1/identity/clients',
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
      payload: body,
    });
  }

  /** A citizen who already holds a platform session (e.g. signed in with OTP on the portal). */
  async function citizenBrowser(phone: string) {
    const account = await findAccountByPhone(t.db, phone);
    if (!account) throw new Error('no demo citizen');
    const { token } = await t.db.tx((tx) =>
      openSessionIn(
        tx,
        {
          clock: systemClock,
          audit: { record: async () => {} },
          policy: defaultSessionPolicy,
        },
        account,
        { userAgent: 'test', method: 'otp' },
      ),
    );
    const browser = new Browser(t.config.publicUrl);
    browser.set('cds_session', token);
    return { browser, account };
  }

  async function signInAndConsent(browser: Browser, rp: oidc.Configuration, scope: string) {
    const verifier = oidc.randomPKCECodeVerifier();
    const url = await oidc.buildAuthorizationUrlWithPAR(rp, {
      redirect_uri: CALLBACK,
      scope,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const consent = await browser.follow(url.toString());
    expect(consent.res.status).toBe(200);
    const html = await consent.res.text();
    const back = await browser.form(`${consent.url}/consent`, { decision: 'allow' });
    return { html, callback: new URL(back.url), verifier };
  }

  beforeAll(async () => {
    t = await oidcTestApp();
    demo = await oidc.discovery(
      new URL(t.issuer),
      t.demo.clientId,
      undefined,
      oidc.ClientSecretBasic(t.demo.clientSecret),
      insecure,
    );
    admin = await staffSession(t.app, 'quantri@congdanso.danang.vn');
  }, 60_000);
  afterAll(() => t?.close());

  it('lets a citizen with a platform session skip the login page and releases only what the account holds', async () => {
    const { browser, account } = await citizenBrowser('+84905123456');
    const { html, callback, verifier } = await signInAndConsent(
      browser,
      demo,
      'openid profile phone cccd address',
    );
    expect(html).toContain('Nguyễn Văn An');
    expect(html).toContain('Số định danh cá nhân (số CCCD)');
    const tokens = await oidc.authorizationCodeGrant(demo, callback, { pkceCodeVerifier: verifier });
    const info = await oidc.fetchUserInfo(demo, tokens.access_token, account.id);
    expect(info).toEqual({
      sub: account.id,
      name: 'Nguyễn Văn An',
      phone_number: '+84905123456',
      phone_number_verified: false,
    });
  });

  it('shows the consent page in English with Accept-Language: en, and a refusal reaches the client', async () => {
    const { browser } = await citizenBrowser('+84935234567');
    browser.lang = 'en-GB,en;q=0.9';
    const url = await oidc.buildAuthorizationUrlWithPAR(demo, {
      redirect_uri: CALLBACK,
      scope: 'openid profile',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    const consent = await browser.follow(url.toString());
    const html = await consent.res.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Allow sharing your information');
    expect(html).toContain('Full name');
    const back = await browser.form(`${consent.url}/consent`, { decision: 'deny' });
    expect(new URL(back.url).searchParams.get('error')).toBe('access_denied');
    const { rows } = await t.db.query<{ n: number }>(
      "select count(*)::int as n from identity.consents c join identity.accounts a on a.id = c.account_id where a.phone = '+84935234567'",
    );
    expect(rows[0]?.n).toBe(0);
  });

  it('refuses a redirect_uri that is not registered (invalid_redirect_uri), without redirecting', async () => {
    await expect(
      oidc.buildAuthorizationUrlWithPAR(demo, {
        redirect_uri: 'https://evil.example/cb',
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      }),
      // RFC 9126 §2.3: the PAR endpoint reports it as invalid_request.
    ).rejects.toMatchObject({
      error: 'invalid_request',
      error_description: expect.stringMatching(/redirect_uri/),
    });

    const res = await fetch(
      `${t.issuer}/auth?${new URLSearchParams({
        client_id: 'demo-portal',
        redirect_uri: 'https://evil.example/cb',
        response_type: 'code',
        scope: 'openid',
      })}`,
      { redirect: 'manual', headers: { 'accept-language': 'vi' } },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    const html = await res.text();
    expect(html).toContain('invalid_redirect_uri');
    expect(html).toContain('<html lang="vi">');
  });

  it('requires PKCE (S256) from a public client', async () => {
    const res = await createClient({
      clientId: 'public-spa',
      name: 'Ứng dụng công khai',
      purpose: 'Thử nghiệm',
      redirectUris: [CALLBACK],
      scopes: ['openid', 'profile'],
      tokenEndpointAuthMethod: 'none',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().clientSecret).toBeNull();
    const rp = await oidc.discovery(new URL(t.issuer), 'public-spa', undefined, oidc.None(), insecure);
    await expect(
      oidc.buildAuthorizationUrlWithPAR(rp, { redirect_uri: CALLBACK, scope: 'openid' }),
    ).rejects.toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/PKCE/) });
    await expect(
      oidc.buildAuthorizationUrlWithPAR(rp, {
        redirect_uri: CALLBACK,
        scope: 'openid',
        code_challenge: 'a'.repeat(43),
        code_challenge_method: 'plain',
      }),
    ).rejects.toMatchObject({ error: 'invalid_request' });
    const ok = await oidc.buildAuthorizationUrlWithPAR(rp, {
      redirect_uri: CALLBACK,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    expect(ok.searchParams.get('request_uri')).toBeTruthy();
  });

  it('refuses a reused authorization code (invalid_grant) and revokes what the code gave', async () => {
    const { browser } = await citizenBrowser('+84914345678');
    const { callback, verifier } = await signInAndConsent(browser, demo, 'openid profile');
    const tokens = await oidc.authorizationCodeGrant(demo, callback, { pkceCodeVerifier: verifier });
    await expect(
      oidc.authorizationCodeGrant(demo, callback, { pkceCodeVerifier: verifier }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.fetchUserInfo(demo, tokens.access_token, oidc.skipSubjectCheck)).rejects.toBeTruthy();
  });

  it('accepts private_key_jwt with the registered key and refuses a foreign key (invalid_client)', async () => {
    const registered = await generateKeyPair('ES256', { extractable: true });
    const foreign = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(registered.publicKey)), kid: 'rp-key-1', use: 'sig', alg: 'ES256' };
    const res = await createClient({
      clientId: 'agency-jwt',
      name: 'Cơ quan dùng khóa',
      purpose: 'Tra cứu hồ sơ',
      redirectUris: [CALLBACK],
      scopes: ['openid', 'profile'],
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [jwk] },
    });
    expect(res.statusCode).toBe(201);
    const params = {
      redirect_uri: CALLBACK,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    };
    const good = await oidc.discovery(
      new URL(t.issuer),
      'agency-jwt',
      undefined,
      oidc.PrivateKeyJwt({ key: registered.privateKey, kid: 'rp-key-1' }),
      insecure,
    );
    expect(
      (await oidc.buildAuthorizationUrlWithPAR(good, params)).searchParams.get('request_uri'),
    ).toBeTruthy();
    const bad = await oidc.discovery(
      new URL(t.issuer),
      'agency-jwt',
      undefined,
      oidc.PrivateKeyJwt({ key: foreign.privateKey, kid: 'rp-key-1' }),
      insecure,
    );
    expect(await oauthError(oidc.buildAuthorizationUrlWithPAR(bad, params))).toBe('invalid_client');
  });

  it('refuses a wrong client secret and a disabled client (invalid_client)', async () => {
    const wrong = await oidc.discovery(
      new URL(t.issuer),
      'demo-portal',
      undefined,
      oidc.ClientSecretBasic('not-the-secret'),
      insecure,
    );
    const params = {
      redirect_uri: CALLBACK,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    };
    expect(await oauthError(oidc.buildAuthorizationUrlWithPAR(wrong, params))).toBe('invalid_client');

    const disable = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/identity/clients/public-spa',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { disabled: true },
    });
    expect(disable.statusCode).toBe(200);
    expect(disable.json().disabledAt).toBeTruthy();
    const rp = await oidc.discovery(new URL(t.issuer), 'public-spa', undefined, oidc.None(), insecure);
    expect(await oauthError(oidc.buildAuthorizationUrlWithPAR(rp, params))).toBe('invalid_client');
  });

  it('lets only city administrators manage clients, shows the secret once, and audits', async () => {
    const officer = await staffSession(t.app, 'canbo.haichau@congdanso.danang.vn');
    const refused = await createClient(
      { name: 'X', purpose: 'Y', redirectUris: [CALLBACK], scopes: ['openid'] },
      officer,
    );
    expect(refused.statusCode).toBe(403);
    const anonymous = await t.app.inject({ method: 'GET', url: '/api/v1/identity/clients' });
    expect(anonymous.statusCode).toBe(401);

    const created = await createClient({
      name: 'Bệnh viện Đà Nẵng',
      purpose: 'Đặt lịch khám',
      redirectUris: ['https://benhvien.example/cb'],
      scopes: ['openid', 'profile', 'phone'],
    });
    expect(created.statusCode).toBe(201);
    const { clientId, clientSecret } = created.json() as { clientId: string; clientSecret: string };
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/identity/clients',
      headers: { cookie: admin.cookie },
    });
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain(clientId);
    expect(list.body).not.toContain(clientSecret);
    const { rows } = await t.db.query<{ secret_envelope: string }>(
      'select secret_envelope from identity.api_clients where client_id = $1',
      [clientId],
    );
    expect(rows[0]?.secret_envelope).not.toContain(clientSecret);

    const duplicate = await createClient({
      clientId: 'demo-portal',
      name: 'X',
      purpose: 'Y',
      redirectUris: [CALLBACK],
      scopes: ['openid'],
    });
    expect(duplicate.statusCode).toBe(409);
    const badUri = await createClient({
      name: 'X',
      purpose: 'Y',
      redirectUris: ['http://evil.example/cb'],
      scopes: ['openid'],
    });
    expect(badUri.statusCode).toBe(400);
    const missing = await t.app.inject({
      method: 'GET',
      url: '/api/v1/identity/clients/nope-nope',
      headers: { cookie: admin.cookie },
    });
    expect(missing.statusCode).toBe(404);

    const audit = await t.db.query<{ action: string }>(
      "select action from audit.events where target_type = 'api_client' order by seq",
    );
    expect(audit.rows.map((r) => r.action)).toEqual(
      expect.arrayContaining(['identity.client_created', 'identity.client_updated']),
    );
  });

  it('writes no secret, password or token to the logs', () => {
    const logs = t.logs.text;
    expect(logs).not.toContain(t.demo.clientSecret);
    expect(logs).not.toContain(DEMO_STAFF_PASSWORD);
    expect(logs).not.toMatch(/"d":"/);
    expect(logs).not.toMatch(/code=[A-Za-z0-9_-]{20,}/);
    expect(logs).not.toContain('+84905123456');
  });
});
