import { exportJWK, generateKeyPair } from 'jose';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcTestApp, staffSession } from '../../../../../test/support/oidc.js';

const CALLBACK = 'http://127.0.0.1:8976/cb';
const insecure = { execute: [oidc.allowInsecureRequests] };

describe('API clients: a new client secret', () => {
  let t: Awaited<ReturnType<typeof oidcTestApp>>;
  let admin: { cookie: string; csrf: string };

  function call(method: 'POST' | 'GET', url: string, payload?: unknown, who = admin, lang = 'vi') {
    return t.app.inject({
      method,
      url,
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'accept-language': lang },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  }

  const renew = (clientId: string, who = admin, lang = 'vi') =>
    call('POST', `/api/v1/identity/clients/${clientId}/secret`, undefined, who, lang);

  async function register(clientId: string, extra: Record<string, unknown> = {}) {
    const res = await call('POST', '/api/v1/identity/clients', {
      clientId,
      name: `Ứng dụng ${clientId}`,
      purpose: 'Thử nghiệm',
      redirectUris: [CALLBACK],
      scopes: ['openid', 'profile'],
      ...extra,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { clientSecret: string | null };
  }

  /**
   * A token request with client_secret_basic and a made-up code: the provider checks the client first, so a
   * good secret gets as far as the code (invalid_grant) and a bad one stops at the client (invalid_client).
   */
  async function tokenError(clientId: string, secret: string): Promise<{ status: number; error: string }> {
    const res = await fetch(`${t.issuer}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: 'not-a-real-code-aaaaaaaaaaaaaaaaaaaaaaaaaa',
        redirect_uri: CALLBACK,
        code_verifier: 'v'.repeat(43),
      }),
    });
    return { status: res.status, error: ((await res.json()) as { error: string }).error };
  }

  async function parError(clientId: string, secret: string): Promise<string> {
    const rp = await oidc.discovery(
      new URL(t.issuer),
      clientId,
      undefined,
      oidc.ClientSecretBasic(secret),
      insecure,
    );
    try {
      await oidc.buildAuthorizationUrlWithPAR(rp, {
        redirect_uri: CALLBACK,
        scope: 'openid',
        code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
        code_challenge_method: 'S256',
      });
      return 'accepted';
    } catch (err) {
      const e = err as { error?: string; cause?: Array<{ parameters?: { error?: string } }> };
      return e.error ?? e.cause?.[0]?.parameters?.error ?? 'unknown';
    }
  }

  beforeAll(async () => {
    t = await oidcTestApp();
    admin = await staffSession(t.app, 'quantri@congdanso.danang.vn');
  }, 60_000);
  afterAll(() => t?.close());

  it('shows a new secret once; the old one is refused at /oidc/token and at PAR at once, the new one works', async () => {
    const { clientSecret: old } = await register('renew-basic');
    expect(old).toBeTruthy();
    expect(await tokenError('renew-basic', old as string)).toEqual({ status: 400, error: 'invalid_grant' });
    expect(await parError('renew-basic', old as string)).toBe('accepted');
    const before = await t.db.query<{ secret_envelope: string }>(
      'select secret_envelope from identity.api_clients where client_id = $1',
      ['renew-basic'],
    );

    const res = await renew('renew-basic');
    expect(res.statusCode).toBe(201);
    const { clientSecret } = res.json() as { clientSecret: string };
    expect(Object.keys(res.json())).toEqual(['clientSecret']);
    expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(clientSecret).not.toBe(old);

    expect(await tokenError('renew-basic', old as string)).toEqual({ status: 401, error: 'invalid_client' });
    expect(await parError('renew-basic', old as string)).toBe('invalid_client');
    expect(await tokenError('renew-basic', clientSecret)).toEqual({ status: 400, error: 'invalid_grant' });
    expect(await parError('renew-basic', clientSecret)).toBe('accepted');

    // Only a sealed copy is kept, and it changed; the client's view never carries the secret.
    const after = await t.db.query<{ secret_envelope: string }>(
      'select secret_envelope from identity.api_clients where client_id = $1',
      ['renew-basic'],
    );
    expect(after.rows[0]?.secret_envelope).not.toBe(before.rows[0]?.secret_envelope);
    expect(after.rows[0]?.secret_envelope).not.toContain(clientSecret);
    const view = await call('GET', '/api/v1/identity/clients/renew-basic');
    expect(view.body).not.toContain(clientSecret);
    expect(view.json().updatedAt).not.toBe(view.json().createdAt);

    const audit = await t.db.query<{ action: string; data: unknown }>(
      "select action, data from audit.events where target_type = 'api_client' and target_id = 'renew-basic' order by seq",
    );
    expect(audit.rows.map((r) => r.action)).toEqual([
      'identity.client_created',
      'identity.client_secret_renewed',
    ]);
    const text = JSON.stringify(audit.rows);
    expect(text).not.toContain(clientSecret);
    expect(text).not.toContain(old);
    expect(t.logs.text).not.toContain(clientSecret);
    expect(t.logs.text).not.toContain(old);
  });

  it('renews the secret of a disabled client too, and enabling it brings only the new secret back', async () => {
    const { clientSecret: old } = await register('renew-disabled');
    const disabled = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/identity/clients/renew-disabled',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { disabled: true },
    });
    expect(disabled.statusCode).toBe(200);
    const res = await renew('renew-disabled');
    expect(res.statusCode).toBe(201);
    const enabled = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/identity/clients/renew-disabled',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { disabled: false },
    });
    expect(enabled.statusCode).toBe(200);
    expect(await tokenError('renew-disabled', old as string)).toMatchObject({ error: 'invalid_client' });
    expect(await tokenError('renew-disabled', res.json().clientSecret)).toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('refuses clients without a secret with a 409 that says why (vi and en), and unknown ids with 404', async () => {
    await register('renew-public', { tokenEndpointAuthMethod: 'none' });
    const vi = await renew('renew-public');
    expect(vi.statusCode).toBe(409);
    expect(vi.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(vi.json()).toMatchObject({
      code: 'identity.client_secret_not_used',
      title: 'Ứng dụng này không dùng khoá bí mật',
    });
    expect(vi.json().detail).toContain('renew-public');
    expect(vi.json().detail).toContain('none');
    const en = await renew('renew-public', admin, 'en');
    expect(en.json().title).toBe('This application does not use a client secret');

    const key = await generateKeyPair('ES256', { extractable: true });
    await register('renew-jwt', {
      tokenEndpointAuthMethod: 'private_key_jwt',
      jwks: { keys: [{ ...(await exportJWK(key.publicKey)), kid: 'k1', use: 'sig', alg: 'ES256' }] },
    });
    const jwt = await renew('renew-jwt', admin, 'en');
    expect(jwt.statusCode).toBe(409);
    expect(jwt.json().detail).toContain('private_key_jwt');
    expect((await renew('no-such-client')).statusCode).toBe(404);
    const { rows } = await t.db.query<{ secret_envelope: string | null }>(
      'select secret_envelope from identity.api_clients where client_id = $1',
      ['renew-public'],
    );
    expect(rows[0]?.secret_envelope).toBeNull();
    const audit = await t.db.query<{ n: number }>(
      "select count(*)::int as n from audit.events where action = 'identity.client_secret_renewed' and target_id = 'renew-public'",
    );
    expect(audit.rows[0]?.n).toBe(0);
  });

  it('lets only city administrators renew (officer 403, anonymous 401), and the demo secret keeps working', async () => {
    const officer = await staffSession(t.app, 'canbo.haichau@congdanso.danang.vn');
    expect((await renew(t.demo.clientId, officer)).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      method: 'POST',
      url: `/api/v1/identity/clients/${t.demo.clientId}/secret`,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(await tokenError(t.demo.clientId, t.demo.clientSecret)).toMatchObject({ error: 'invalid_grant' });
  });
});
