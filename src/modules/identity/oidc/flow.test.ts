import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF_PASSWORD } from '../seed.js';
import { Browser, oidcTestApp } from './test-support.js';

const CALLBACK = 'http://127.0.0.1:8976/cb';
const insecure = { execute: [oidc.allowInsecureRequests] };

describe('OpenID Provider: the whole flow with openid-client as relying party', () => {
  let t: Awaited<ReturnType<typeof oidcTestApp>>;
  let rp: oidc.Configuration;

  beforeAll(async () => {
    t = await oidcTestApp();
    rp = await oidc.discovery(
      new URL(t.issuer),
      t.demo.clientId,
      undefined,
      oidc.ClientSecretBasic(t.demo.clientSecret),
      insecure,
    );
  }, 60_000);
  afterAll(() => t?.close());

  /** PAR + authorize with PKCE, up to the provider's first page. */
  async function authorize(browser: Browser, scope: string) {
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = await oidc.buildAuthorizationUrlWithPAR(rp, {
      redirect_uri: CALLBACK,
      scope,
      state,
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      // offline_access (a refresh token) is only honoured with an explicit consent prompt (OIDC Core §11).
      prompt: 'consent',
    });
    expect(url.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
    const page = await browser.follow(url.toString());
    return { verifier, state, page };
  }

  it('publishes discovery at /oidc/.well-known/openid-configuration with the issuer and EdDSA keys', async () => {
    const meta = rp.serverMetadata();
    expect(meta.issuer).toBe(`${t.config.publicUrl}/oidc`);
    expect(meta.pushed_authorization_request_endpoint).toBe(`${t.issuer}/request`);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.id_token_signing_alg_values_supported).toEqual(['EdDSA']);
    expect(meta.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'profile', 'phone', 'cccd', 'address']),
    );
    const jwks = (await (await fetch(meta.jwks_uri as string)).json()) as {
      keys: Array<Record<string, unknown>>;
    };
    expect(jwks.keys.length).toBeGreaterThan(0);
    for (const k of jwks.keys) {
      expect(k).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
      expect(k).not.toHaveProperty('d');
    }
  });

  it('documents every OIDC and client-admin route in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)),
    );
    const ours = t.app.routeCatalogue
      .filter((r) => r.method !== 'OPTIONS' && /^\/oidc|^\/api\/v1\/identity\/clients/.test(r.url))
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    expect(ours.length).toBeGreaterThan(15);
    expect(ours.filter((r) => !documented.has(r))).toEqual([]);
  });

  it('signs in through our pages, gets tokens and userinfo, rotates the refresh token and logs out', async () => {
    const browser = new Browser(t.config.publicUrl);
    const { verifier, state, page } = await authorize(browser, 'openid profile phone offline_access');

    // Our login page, in Vietnamese, with the staff form and the phone form.
    expect(page.res.status).toBe(200);
    expect(page.url).toMatch(/\/oidc\/interaction\/[^/]+$/);
    const loginHtml = await page.res.text();
    expect(loginHtml).toContain('<html lang="vi">');
    expect(loginHtml).toContain('Cổng thông tin mẫu (demo)');
    expect(loginHtml).toContain('<label for="phone">');
    expect(loginHtml).not.toMatch(/<script>(?!<\/script>)/);

    const wrong = await browser.form(`${page.url}/login`, {
      email: 'quantri@congdanso.danang.vn',
      password: 'not-the-password',
    });
    expect(wrong.res.status).toBe(401);
    expect(await wrong.res.text()).toContain('role="alert"');

    const consent = await browser.form(`${page.url}/login`, {
      email: 'quantri@congdanso.danang.vn',
      password: DEMO_STAFF_PASSWORD,
    });
    expect(consent.res.status).toBe(200);
    expect(browser.get('cds_session')).toBeTruthy();
    const consentHtml = await consent.res.text();
    const csp = consent.res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("form-action 'self' http://localhost:3000 http://127.0.0.1:8976");
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(consentHtml).toContain('Cho phép chia sẻ thông tin');
    expect(consentHtml).toContain('Họ và tên');
    expect(consentHtml).toContain('Số điện thoại');
    expect(consentHtml).toContain('Ứng dụng mẫu để thử');
    expect(consentHtml).toContain('Đồng ý');
    expect(consentHtml).toContain('Từ chối');
    expect(consentHtml.toLowerCase()).not.toContain('bạn');
    expect(consentHtml).toContain('Tiếp tục truy cập khi Ông/Bà không trực tuyến');

    const back = await browser.form(`${consent.url}/consent`, { decision: 'allow' });
    expect(back.url.startsWith(`${CALLBACK}?`)).toBe(true);

    const tokens = await oidc.authorizationCodeGrant(rp, new URL(back.url), {
      pkceCodeVerifier: verifier,
      expectedState: state,
    });
    expect(tokens.token_type.toLowerCase()).toBe('bearer');
    const idClaims = tokens.claims();
    expect(idClaims?.iss).toBe(t.issuer);
    const sub = idClaims?.sub as string;
    expect(tokens.id_token?.split('.')[0]).toBeTruthy();
    expect(JSON.parse(Buffer.from(tokens.id_token!.split('.')[0]!, 'base64url').toString()).alg).toBe(
      'EdDSA',
    );

    const info = await oidc.fetchUserInfo(rp, tokens.access_token, sub);
    expect(info).toMatchObject({ sub, name: 'Phan Thị Quản Trị' });

    const { rows } = await t.db.query<{ scopes: string[]; claims: string[]; client_id: string }>(
      'select scopes, claims, client_id from identity.consents where account_id = $1',
      [sub],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.client_id).toBe('demo-portal');
    expect(rows[0]?.scopes).toEqual(expect.arrayContaining(['openid', 'profile', 'phone', 'offline_access']));
    expect(rows[0]?.claims).toEqual(expect.arrayContaining(['name', 'phone_number']));
    const audit = await t.db.query<{ n: number }>(
      "select count(*)::int as n from audit.events where action = 'identity.consent_granted'",
    );
    expect(audit.rows[0]?.n).toBe(1);

    // Refresh with rotation: the old refresh token is refused afterwards.
    const oldRefresh = tokens.refresh_token as string;
    const refreshed = await oidc.refreshTokenGrant(rp, oldRefresh);
    expect(refreshed.refresh_token).toBeTruthy();
    expect(refreshed.refresh_token).not.toBe(oldRefresh);
    await expect(oidc.refreshTokenGrant(rp, oldRefresh)).rejects.toMatchObject({ error: 'invalid_grant' });

    // RP-initiated logout through our confirmation page.
    const end = oidc.buildEndSessionUrl(rp, {
      id_token_hint: refreshed.id_token ?? (tokens.id_token as string),
      post_logout_redirect_uri: 'http://127.0.0.1:8976/',
    });
    const confirm = await browser.follow(end.toString());
    expect(confirm.res.status).toBe(200);
    const confirmHtml = await confirm.res.text();
    expect(confirm.res.headers.get('content-security-policy')).toContain(
      "form-action 'self' http://localhost:3000",
    );
    expect(confirmHtml).toContain('Đăng xuất');
    const action = /<form[^>]*action="([^"]+)"/.exec(confirmHtml)?.[1] as string;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirmHtml)?.[1] as string;
    const out = await browser.form(action.replace(/&amp;/g, '&'), { xsrf, logout: 'yes' });
    expect(out.url).toBe('http://127.0.0.1:8976/');
    expect(browser.get('cds_session')).toBeUndefined();
  }, 60_000);
});
