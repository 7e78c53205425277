import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../../../../../test/support/oidc.js';
import {
  apiCall,
  CALLBACK,
  type CitizenOidcApp,
  citizenOidcApp,
  signInByOtp,
  startAuthorization,
} from '../../../../../test/support/oidc-citizen.js';

interface ConsentItem {
  id: string;
  clientId: string;
  clientName: string;
  purpose: string;
  scopes: string[];
  dataItems: Array<{ claim: string; label: string }>;
  offlineAccess: boolean;
  grantedAt: string;
  withdrawnAt: string | null;
  status: 'active' | 'withdrawn' | 'expired';
}

describe('my consents: list and withdraw (GET/DELETE /api/v1/me/consents)', () => {
  let t: CitizenOidcApp;

  beforeAll(async () => {
    t = await citizenOidcApp();
  }, 60_000);
  afterAll(() => t?.close());

  /** A citizen signed in on our login page who allowed the demo client `scope`; returns the tokens. */
  async function consentedCitizen(phone: string, e164: string, scope: string) {
    const browser = new Browser(t.config.publicUrl);
    const first = await startAuthorization(t, browser, scope, { prompt: 'consent' });
    const me = await signInByOtp(t, browser, phone, e164);
    const tokens = await allow(browser, first);
    return { browser, me, tokens };
  }

  /** From the page after sign-in (the consent page), "Đồng ý", then the code exchange. */
  async function allow(browser: Browser, started: Awaited<ReturnType<typeof startAuthorization>>) {
    const consent = await browser.follow(started.page.url);
    expect(await consent.res.text()).toContain('Cho phép chia sẻ thông tin');
    const back = await browser.form(`${consent.url}/consent`, { decision: 'allow' });
    expect(back.url.startsWith(`${CALLBACK}?`)).toBe(true);
    return oidc.authorizationCodeGrant(t.rp, new URL(back.url), {
      pkceCodeVerifier: started.verifier,
      expectedState: started.state,
    });
  }

  async function list(browser: Browser, csrf: string, lang = 'vi'): Promise<ConsentItem[]> {
    const res = await apiCall(browser, csrf, 'GET', '/api/v1/me/consents', lang);
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: ConsentItem[] }).items;
  }

  const grantRows = async (grantOf: string) =>
    (
      await t.db.query<{ model: string }>(
        `select model from identity.oidc_payloads
          where grant_id = $1 or (model = 'Grant' and id = $1) order by model`,
        [grantOf],
      )
    ).rows.map((r) => r.model);

  it('needs a signed-in account', async () => {
    const res = await fetch(`${t.config.publicUrl}/api/v1/me/consents`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('lists the client, purpose and data items in plain words (Vietnamese, or English on request)', async () => {
    const { browser, me } = await consentedCitizen('0905 200 001', '+84905200001', 'openid profile phone');
    const [item, ...rest] = await list(browser, me.csrfToken);
    expect(rest).toEqual([]);
    expect(item).toMatchObject({
      clientId: 'demo-portal',
      clientName: 'Cổng thông tin mẫu (demo)',
      scopes: ['openid', 'profile', 'phone'],
      offlineAccess: false,
      withdrawnAt: null,
      status: 'active',
    });
    expect(item?.purpose).toContain('Ứng dụng mẫu để thử');
    expect(item?.dataItems.map((d) => d.label)).toEqual([
      'Mã định danh tài khoản Công dân số',
      'Họ và tên',
      'Số điện thoại',
      'Số điện thoại đã được xác minh hay chưa',
    ]);
    expect(Date.parse(item!.grantedAt)).toBeGreaterThan(Date.now() - 60_000);
    const [english] = await list(browser, me.csrfToken, 'en');
    expect(english?.dataItems.map((d) => d.label)).toContain('Phone number');
  });

  it("answers 404 for someone else's consent and leaves it in force", async () => {
    const owner = await consentedCitizen('0905 200 002', '+84905200002', 'openid phone offline_access');
    const other = await consentedCitizen('0905 200 003', '+84905200003', 'openid');
    const [owned] = await list(owner.browser, owner.me.csrfToken);
    const res = await apiCall(
      other.browser,
      other.me.csrfToken,
      'DELETE',
      `/api/v1/me/consents/${owned!.id}`,
    );
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'identity.consent_not_found', status: 404 });
    const unknown = await apiCall(
      other.browser,
      other.me.csrfToken,
      'DELETE',
      '/api/v1/me/consents/01950000-0000-7000-8000-000000000000',
    );
    expect(unknown.status).toBe(404);
    expect((await list(owner.browser, owner.me.csrfToken))[0]?.status).toBe('active');
    expect(
      (await oidc.refreshTokenGrant(t.rp, owner.tokens.refresh_token as string)).access_token,
    ).toBeTruthy();
    expect((await list(other.browser, other.me.csrfToken)).map((c) => c.clientId)).toEqual(['demo-portal']);
  });

  it('refuses a withdrawal without the CSRF header', async () => {
    const { browser, me } = await consentedCitizen('0905 200 004', '+84905200004', 'openid');
    const [item] = await list(browser, me.csrfToken);
    const res = await browser.fetch(`/api/v1/me/consents/${item!.id}`, { method: 'DELETE' });
    expect(res.status).toBe(403);
    expect((await list(browser, me.csrfToken))[0]?.status).toBe('active');
  });

  it('withdraws: grant and tokens deleted, consent marked, audited, in one go; a second time is 409', async () => {
    const { browser, me, tokens } = await consentedCitizen(
      '0905 200 005',
      '+84905200005',
      'openid profile phone offline_access',
    );
    const [item] = await list(browser, me.csrfToken);
    const { rows } = await t.db.query<{ grant_id: string }>(
      'select grant_id from identity.consents where id = $1',
      [item!.id],
    );
    const grantId = rows[0]!.grant_id;
    expect(await grantRows(grantId)).toEqual(['AccessToken', 'AuthorizationCode', 'Grant', 'RefreshToken']);

    const res = await apiCall(browser, me.csrfToken, 'DELETE', `/api/v1/me/consents/${item!.id}`);
    expect(res.status).toBe(204);
    expect(await grantRows(grantId)).toEqual([]);
    const [after] = await list(browser, me.csrfToken);
    expect(after).toMatchObject({ id: item!.id, status: 'withdrawn' });
    expect(Date.parse(after!.withdrawnAt!)).toBeGreaterThan(Date.now() - 60_000);

    const audit = await t.db.query<{ actor: string; target_id: string; data: { clientId: string } }>(
      "select actor, target_id, data from audit.events where action = 'identity.consent_withdrawn'",
    );
    expect(audit.rows).toEqual([
      expect.objectContaining({
        actor: `citizen:${me.id}`,
        target_id: item!.id,
        data: expect.objectContaining({ clientId: 'demo-portal' }),
      }),
    ]);

    await expect(oidc.refreshTokenGrant(t.rp, tokens.refresh_token as string)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    const again = await apiCall(browser, me.csrfToken, 'DELETE', `/api/v1/me/consents/${item!.id}`);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'identity.consent_already_withdrawn' });
  });

  it('reads as expired once its grant has expired or been purged, though never withdrawn', async () => {
    const { browser, me } = await consentedCitizen('0905 200 007', '+84905200007', 'openid');
    const [item] = await list(browser, me.csrfToken);
    expect(item).toMatchObject({ status: 'active', clientName: 'Cổng thông tin mẫu (demo)' });
    await t.db.query(
      `update identity.oidc_payloads set expires_at = '2000-01-01T00:00:00Z'
        where model = 'Grant' and id = (select grant_id from identity.consents where id = $1)`,
      [item!.id],
    );
    const [expired] = await list(browser, me.csrfToken);
    expect(expired).toMatchObject({ id: item!.id, status: 'expired', withdrawnAt: null });
  });

  it('a later consent on the same grant (more data items) is withdrawn with it', async () => {
    const { browser, me } = await consentedCitizen('0905 200 006', '+84905200006', 'openid');
    // Same session, more data items: the provider extends the existing grant.
    const more = await startAuthorization(t, browser, 'openid phone');
    await allow(browser, more);
    const items = await list(browser, me.csrfToken);
    expect(items.map((c) => c.status)).toEqual(['active', 'active']);
    const { rows } = await t.db.query<{ n: number }>(
      'select count(distinct grant_id)::int as n from identity.consents where account_id = $1',
      [me.id],
    );
    expect(rows[0]?.n).toBe(1);

    const res = await apiCall(browser, me.csrfToken, 'DELETE', `/api/v1/me/consents/${items[1]!.id}`);
    expect(res.status).toBe(204);
    expect((await list(browser, me.csrfToken)).map((c) => c.status)).toEqual(['withdrawn', 'withdrawn']);
  });
});
