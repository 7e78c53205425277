import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, oidcTestApp } from '../../../../test/support/oidc.js';
import {
  apiCall,
  type CitizenOidcApp,
  citizenOidcApp,
  signInByOtp,
  startAuthorization,
} from '../../../../test/support/oidc-citizen.js';
import { DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET } from '../accounts/seed.js';
import { totpCodeAt, totpStep } from '../security/totp.js';

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

    // Staff always give a second factor: the password leads to the authenticator-code page.
    const totp = await browser.form(`${page.url}/login`, {
      email: 'quantri@congdanso.danang.vn',
      password: DEMO_STAFF_PASSWORD,
    });
    expect(totp.res.status).toBe(200);
    expect(browser.get('cds_session')).toBeUndefined();
    const totpHtml = await totp.res.text();
    expect(totpHtml).toContain('Nhập mã từ ứng dụng xác thực');
    const pendingId = /name="pendingId" value="([^"]+)"/.exec(totpHtml)?.[1] as string;
    const wrongCode = await browser.form(`${page.url}/totp`, { pendingId, code: '000000' });
    expect(wrongCode.res.status).toBe(401);
    expect(await wrongCode.res.text()).toContain('role="alert"');
    const code = totpCodeAt(DEMO_STAFF_TOTP_SECRET, totpStep(new Date()));
    const consent = await browser.form(`${page.url}/totp`, { pendingId, code });
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

describe('OpenID Provider: a citizen signs in by one-time code, then withdraws the consent', () => {
  let t: CitizenOidcApp;

  beforeAll(async () => {
    t = await citizenOidcApp();
  }, 60_000);
  afterAll(() => t?.close());

  it('OTP login page → consent in Vietnamese → tokens, userinfo, rotation → withdrawal ends refresh → consent asked again → logout', async () => {
    const browser = new Browser(t.config.publicUrl);
    const first = await startAuthorization(t, browser, 'openid profile phone cccd offline_access', {
      prompt: 'consent',
    });

    // The login page's phone form: its script is a file (CSP: no inline scripts) and knows where to go next.
    expect(first.page.res.status).toBe(200);
    const loginHtml = await first.page.res.text();
    expect(loginHtml).toContain('<script src="/oidc/assets/otp-login.js" defer></script>');
    const next = /<form id="otp-request" data-next="([^"]+)"/.exec(loginHtml)?.[1] as string;
    expect(new URL(next, t.config.publicUrl).toString()).toBe(first.page.url);
    const script = await browser.fetch('/oidc/assets/otp-login.js');
    expect(script.headers.get('content-type')).toContain('javascript');
    const scriptText = await script.text();
    expect(scriptText).toContain("'/api/v1/auth/otp'");
    expect(scriptText).toContain("'/api/v1/auth/otp/verify'");

    // A new number: the first verified code registers the citizen at assurance level 1.
    const me = await signInByOtp(t, browser, '0905 111 222', '+84905111222');
    expect(me.assuranceLevel).toBe(1);

    const consent = await browser.follow(next);
    expect(consent.res.status).toBe(200);
    expect(consent.url).toMatch(/\/oidc\/interaction\/[^/]+$/);
    const consentHtml = await consent.res.text();
    expect(consentHtml).toContain('<html lang="vi">');
    expect(consentHtml).toContain('Cho phép chia sẻ thông tin');
    expect(consentHtml).toContain('Cổng thông tin mẫu (demo)');
    expect(consentHtml).toContain('Ứng dụng mẫu để thử');
    const items = [...consentHtml.matchAll(/<li>([^<]+)<\/li>/g)].map((m) => m[1]);
    expect(items).toEqual([
      'Mã định danh tài khoản Công dân số',
      'Họ và tên',
      'Số điện thoại',
      'Số điện thoại đã được xác minh hay chưa',
      'Số định danh cá nhân (số CCCD)',
    ]);
    expect(consentHtml).toContain('Tiếp tục truy cập khi Ông/Bà không trực tuyến');

    const back = await browser.form(`${consent.url}/consent`, { decision: 'allow' });
    expect(back.url.startsWith(`${CALLBACK}?`)).toBe(true);
    const tokens = await oidc.authorizationCodeGrant(t.rp, new URL(back.url), {
      pkceCodeVerifier: first.verifier,
      expectedState: first.state,
    });
    const sub = tokens.claims()?.sub as string;
    expect(sub).toBe(me.id);

    // Level 1: the phone is released, the số định danh is not (the account holds no confirmed card).
    const info = await oidc.fetchUserInfo(t.rp, tokens.access_token, sub);
    expect(info).toMatchObject({ sub, phone_number: '+84905111222', phone_number_verified: true });
    expect(info).not.toHaveProperty('cccd_number');
    // The client's read is in the access log: who read whose data, and which items (not their values).
    const { rows: reads } = await t.db.query<{
      actor: string;
      target_id: string;
      data: { claims: string[] };
    }>("select actor, target_id, data from audit.events where action = 'identity.claims_released'");
    expect(reads).toEqual([
      {
        actor: 'client:demo-portal',
        target_id: sub,
        data: { clientId: 'demo-portal', claims: ['name', 'phone_number', 'phone_number_verified'] },
      },
    ]);
    expect(JSON.stringify(reads)).not.toContain('+84905111222');

    // Rotation: each refresh hands out a new refresh token. (Replaying a used one would revoke the whole
    // grant, which the staff flow above checks; here the grant must stay alive until the withdrawal.)
    const rotated = await oidc.refreshTokenGrant(t.rp, tokens.refresh_token as string);
    expect(rotated.refresh_token).toBeTruthy();
    expect(rotated.refresh_token).not.toBe(tokens.refresh_token);
    const refreshed = await oidc.refreshTokenGrant(t.rp, rotated.refresh_token as string);
    expect(refreshed.refresh_token).not.toBe(rotated.refresh_token);
    expect(await oidc.fetchUserInfo(t.rp, refreshed.access_token, sub)).toMatchObject({ sub });

    // While the consent stands, another authorization goes straight back to the client.
    const again = await startAuthorization(t, browser, 'openid profile phone');
    expect(again.page.url.startsWith(`${CALLBACK}?`)).toBe(true);

    // The citizen withdraws it from the account ("Ứng dụng được chia sẻ dữ liệu").
    const listed = await apiCall(browser, me.csrfToken, 'GET', '/api/v1/me/consents');
    expect(listed.status).toBe(200);
    const { items: consents } = (await listed.json()) as {
      items: Array<{ id: string; clientId: string; status: string }>;
    };
    expect(consents).toEqual([expect.objectContaining({ clientId: 'demo-portal', status: 'active' })]);
    const withdrawn = await apiCall(
      browser,
      me.csrfToken,
      'DELETE',
      `/api/v1/me/consents/${consents[0]!.id}`,
    );
    expect(withdrawn.status).toBe(204);

    await expect(oidc.refreshTokenGrant(t.rp, refreshed.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await expect(oidc.fetchUserInfo(t.rp, refreshed.access_token, sub)).rejects.toThrow();
    // The code issued under the grant just before the withdrawal is dead too.
    const lateCode = oidc.authorizationCodeGrant(t.rp, new URL(again.page.url), {
      pkceCodeVerifier: again.verifier,
      expectedState: again.state,
    });
    await expect(lateCode).rejects.toMatchObject({ error: 'invalid_grant' });

    // The same session, the same client: consent is asked for again.
    const asked = await startAuthorization(t, browser, 'openid profile phone');
    expect(asked.page.res.status).toBe(200);
    expect(asked.page.url).toMatch(/\/oidc\/interaction\/[^/]+$/);
    expect(await asked.page.res.text()).toContain('Cho phép chia sẻ thông tin');

    // RP-initiated logout ends the provider's and the platform's session.
    const end = oidc.buildEndSessionUrl(t.rp, {
      id_token_hint: refreshed.id_token ?? (tokens.id_token as string),
      post_logout_redirect_uri: 'http://127.0.0.1:8976/',
    });
    const confirm = await browser.follow(end.toString());
    expect(confirm.res.status).toBe(200);
    const confirmHtml = await confirm.res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(confirmHtml)?.[1] as string;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(confirmHtml)?.[1] as string;
    const out = await browser.form(action.replace(/&amp;/g, '&'), { xsrf, logout: 'yes' });
    expect(out.url).toBe('http://127.0.0.1:8976/');
    expect(browser.get('cds_session')).toBeUndefined();
    expect((await apiCall(browser, me.csrfToken, 'GET', '/api/v1/me/consents')).status).toBe(401);
  }, 90_000);
});
