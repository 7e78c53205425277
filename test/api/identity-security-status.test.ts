import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt, totpStep } from '../../src/modules/identity/security/totp.js';
import { testApp } from '../helpers/app.js';
import { citizenLogin, type SignedInHeaders } from '../helpers/login.js';

const PHONE = '0905777888';

describe('GET /api/v1/me/security (what the security page shows)', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let me: SignedInHeaders;

  beforeAll(async () => {
    t = await testApp();
    me = (await citizenLogin(t, PHONE, 'Phone')).headers;
  });
  afterAll(() => t.close());

  const status = async () => {
    const res = await t.app.inject({ url: '/api/v1/me/security', headers: me });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('needs a session', async () => {
    const res = await t.app.inject({ url: '/api/v1/me/security' });
    expect(res.statusCode).toBe(401);
  });

  it('follows the password and the authenticator app, counting the recovery codes left', async () => {
    expect(await status()).toEqual({ hasPassword: false, totpEnabled: false, recoveryCodesLeft: 0 });

    const set = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/password',
      headers: me,
      payload: { password: 'Hoa-sen-tren-song-Han-42' },
    });
    expect(set.statusCode).toBe(204);
    expect(await status()).toMatchObject({ hasPassword: true, totpEnabled: false });

    const { secret } = (await t.app.inject({ method: 'POST', url: '/api/v1/me/totp', headers: me })).json();
    // Started but not confirmed is still off.
    expect(await status()).toMatchObject({ totpEnabled: false, recoveryCodesLeft: 0 });
    const confirmed = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp/confirm',
      headers: me,
      payload: { code: totpCodeAt(secret, totpStep(t.clock.now())) },
    });
    const codes = confirmed.json().recoveryCodes as string[];
    expect(await status()).toEqual({ hasPassword: true, totpEnabled: true, recoveryCodesLeft: 10 });

    t.clock.advance(30_000);
    const off = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me/totp',
      headers: me,
      payload: { recoveryCode: codes[0] },
    });
    expect(off.statusCode).toBe(204);
    expect(await status()).toEqual({ hasPassword: true, totpEnabled: false, recoveryCodesLeft: 0 });
  });
});
