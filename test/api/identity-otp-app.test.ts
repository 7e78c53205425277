import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';

/** The Contract of issue 4 through the real composition root: OTP by SMS simulator, code from the dev outbox. */
describe('citizen sign-in with a one-time code (whole app)', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
    await seedReference(t.db);
  });
  afterAll(() => t.close());

  it('registers a new citizen: request a code, read it from the outbox, verify, /me, logout', async () => {
    const otp = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/otp',
      payload: { phone: '0905 777 888' },
    });
    expect(otp.statusCode).toBe(200);
    const { challengeId, expiresAt } = otp.json();
    expect(challengeId).toBeTruthy();
    expect(new Date(expiresAt).getTime()).toBeGreaterThan(t.clock.now().getTime());

    await t.runtime.jobs.runDue();
    const outbox = await t.app.inject({ url: `/dev/outbox.json?to=${encodeURIComponent('+84905777888')}` });
    expect(outbox.statusCode).toBe(200);
    const [message] = outbox.json();
    expect(message).toMatchObject({ channel: 'sms' });
    expect(message.createdAt).toBeTruthy();
    const code = /\b(\d{6})\b/.exec(message.body)?.[1];
    expect(code).toMatch(/^\d{6}$/);

    const verify = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/otp/verify',
      payload: { challengeId, code },
    });
    expect(verify.statusCode).toBe(200);
    expect(verify.json()).toMatchObject({ kind: 'citizen', phone: '+84905777888', assuranceLevel: 1 });
    const cookie = verify.cookies.find((c) => c.name === 'cds_session')!;
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: `cds_session=${cookie.value}` } });
    expect(me.json().kind).toBe('citizen');
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: `cds_session=${cookie.value}`, 'x-csrf-token': me.json().csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect(t.logs.hasCode(code!)).toBe(false);
    expect(t.logs.text).not.toContain('905777888');
  });
});
