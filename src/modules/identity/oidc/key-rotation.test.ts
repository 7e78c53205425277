import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import type Provider from 'oidc-provider';
import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../../../../test/support/oidc.js';
import {
  type CitizenOidcApp,
  citizenOidcApp,
  signInByOtp,
  startAuthorization,
} from '../../../../test/support/oidc-citizen.js';
import type { PrivateJwk } from '../../../platform/crypto/keyring.js';
import { providerForKeys } from './provider.js';

const kidOf = (jwt: string) => decodeProtectedHeader(jwt).kid;

describe('providerForKeys', () => {
  function fakeKeyring(kids: string[]) {
    return {
      kids,
      async signingKids() {
        return [...this.kids];
      },
      async privateJwks() {
        return this.kids.map((kid) => ({ kid }) as PrivateJwk);
      },
    };
  }

  it('builds one provider per key set, shared by concurrent requests, and a new one when the keys change', async () => {
    const keyring = fakeKeyring(['a']);
    const builds: string[][] = [];
    const source = providerForKeys(keyring, (jwks) => {
      builds.push(jwks.map((k) => k.kid));
      return { built: builds.length } as unknown as Provider;
    });
    const [p1, p2] = await Promise.all([source.current(), source.current()]);
    expect(p1).toBe(p2);
    expect(await source.current()).toBe(p1);
    keyring.kids = ['b', 'a'];
    const p3 = await source.current();
    expect(p3).not.toBe(p1);
    keyring.kids = ['b'];
    await source.current();
    expect(builds).toEqual([['a'], ['b', 'a'], ['b']]);
  });
});

describe('OpenID Provider after a signing-key rotation', () => {
  let t: CitizenOidcApp;

  beforeAll(async () => {
    t = await citizenOidcApp();
  }, 60_000);
  afterAll(() => t?.close());

  async function consentAndTokens(browser: Browser, started: Awaited<ReturnType<typeof startAuthorization>>) {
    const next = /<form id="otp-request" data-next="([^"]+)"/.exec(await started.page.res.text())?.[1];
    const consent = await browser.follow(next as string);
    expect(consent.res.status).toBe(200);
    const back = await browser.form(`${consent.url}/consent`, { decision: 'allow' });
    return oidc.authorizationCodeGrant(t.rp, new URL(back.url), {
      pkceCodeVerifier: started.verifier,
      expectedState: started.state,
    });
  }

  it('signs with the new key at once, publishes both, keeps old refresh tokens and running sign-ins working', async () => {
    const jwks = createRemoteJWKSet(new URL(`${t.issuer}/jwks`));
    const alice = new Browser(t.config.publicUrl);
    const before = await startAuthorization(t, alice, 'openid phone offline_access', { prompt: 'consent' });
    await signInByOtp(t, alice, '0905 333 444', '+84905333444');
    const oldTokens = await consentAndTokens(alice, before);
    const oldKid = kidOf(oldTokens.id_token as string);

    // A second citizen is half-way through signing in when the key changes.
    const bob = new Browser(t.config.publicUrl);
    const during = await startAuthorization(t, bob, 'openid phone', { prompt: 'consent' });
    await signInByOtp(t, bob, '0905 333 555', '+84905333555');

    const rotated = await t.runtime.crypto.keyring.rotate();
    expect(rotated.kid).not.toBe(oldKid);

    const published = (await (await fetch(`${t.issuer}/jwks`)).json()) as { keys: Array<{ kid: string }> };
    expect(published.keys.map((k) => k.kid)).toEqual([rotated.kid, oldKid]);

    const bobTokens = await consentAndTokens(bob, during);
    expect(kidOf(bobTokens.id_token as string)).toBe(rotated.kid);
    await jwtVerify(bobTokens.id_token as string, jwks, { issuer: t.issuer });

    // The refresh token issued before the rotation still works; its new ID token carries the new key.
    const refreshed = await oidc.refreshTokenGrant(t.rp, oldTokens.refresh_token as string);
    expect(kidOf(refreshed.id_token as string)).toBe(rotated.kid);
    await jwtVerify(refreshed.id_token as string, jwks, { issuer: t.issuer });
    // An ID token signed before the rotation still verifies against the published set.
    await jwtVerify(oldTokens.id_token as string, jwks, { issuer: t.issuer, currentDate: new Date() });
  }, 60_000);
});
