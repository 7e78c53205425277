import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcTestApp } from '../../../../test/support/oidc.js';

const CALLBACK = 'http://127.0.0.1:8976/cb';

/** OpenID Connect Core §3.1.2.1: the authorization endpoint takes POST; RP-initiated logout accepts it too. */
describe('OpenID Provider: POST at the authorization and logout endpoints', () => {
  let t: Awaited<ReturnType<typeof oidcTestApp>>;
  beforeAll(async () => {
    t = await oidcTestApp();
  }, 60_000);
  afterAll(() => t?.close());

  const post = (path: string, form: Record<string, string>) =>
    fetch(`${t.issuer}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form),
    });

  it('POST /oidc/auth with a valid form starts the interaction, as GET does', async () => {
    const res = await post('/auth', {
      client_id: t.demo.clientId,
      response_type: 'code',
      redirect_uri: CALLBACK,
      scope: 'openid profile',
      state: oidc.randomState(),
      code_challenge: await oidc.calculatePKCECodeChallenge(oidc.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toMatch(/\/oidc\/interaction\//);
  });

  it('POST /oidc/session/end with a form answers the logout confirmation page', async () => {
    const res = await post('/session/end', { client_id: t.demo.clientId });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
  });
});
