import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF_TOTP_SECRET } from '../../src/modules/identity/accounts/seed.js';
import { totpCodeAt, totpStep } from '../../src/modules/identity/security/totp.js';
import { seedDemo, seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';
import { staffLogin } from '../helpers/login.js';

const ADMIN = { email: 'quantri@congdanso.danang.vn', password: 'CongDanSo@2026' };

describe('staff sign-in: password and authenticator code, session cookie and CSRF (whole app)', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
    await seedReference(t.db);
    await seedDemo(t.db, t.config, t.clock);
  });
  afterAll(() => t.close());

  const password = async (body: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/staff/login', payload: body });
  const code = async (payload: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/staff/totp', payload });
  const demoCode = () => totpCodeAt(DEMO_STAFF_TOTP_SECRET, totpStep(t.clock.now()));
  const cookieOf = (res: { cookies: Array<{ name: string; value: string }> }) =>
    `cds_session=${res.cookies.find((c) => c.name === 'cds_session')?.value}`;

  it('a right password opens no session: it asks for the authenticator code, which does', async () => {
    t.clock.advance(31_000);
    const first = await password(ADMIN);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ step: 'totp', pendingId: expect.any(String) });
    expect(first.cookies.find((c) => c.name === 'cds_session')).toBeUndefined();

    const res = await code({ pendingId: first.json().pendingId, code: demoCode() });
    expect(res.statusCode).toBe(200);
    const me = res.json();
    expect(me).toMatchObject({ kind: 'staff', email: ADMIN.email, recoveryCodes: null });
    expect(me.grants).toEqual([expect.objectContaining({ role: 'city_admin' })]);
    expect(res.cookies.find((c) => c.name === 'cds_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
    });
    const again = await t.app.inject({ url: '/api/v1/me', headers: { cookie: cookieOf(res) } });
    expect(again.json().id).toBe(me.id);

    // The pending sign-in is used up, and the same code cannot open a second session.
    const reused = await code({ pendingId: first.json().pendingId, code: demoCode() });
    expect(reused.statusCode).toBe(401);
    expect(reused.json().code).toBe('identity.staff_login_expired');
    const second = await password(ADMIN);
    const replay = await code({ pendingId: second.json().pendingId, code: demoCode() });
    expect(replay.statusCode).toBe(400);
    expect(replay.json().errors).toEqual([
      expect.objectContaining({ pointer: '/body/code', code: 'identity.totp_replayed' }),
    ]);
  });

  it('refuses a wrong password without telling which part was wrong, and unknown e-mails alike', async () => {
    const wrong = await password({ ...ADMIN, password: 'nope' });
    const unknown = await password({ email: 'ai-do@example.vn', password: 'nope' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('identity.invalid_credentials');
    expect(unknown.json().code).toBe('identity.invalid_credentials');
  });

  it('a wrong code is a field error; the pending sign-in dies after 5 minutes', async () => {
    t.clock.advance(31_000);
    const first = await password(ADMIN);
    const wrong = await code({ pendingId: first.json().pendingId, code: '000000' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0]).toMatchObject({ pointer: '/body/code', code: 'identity.totp_wrong' });
    t.clock.advance(5 * 60_000 + 1000);
    const late = await code({ pendingId: first.json().pendingId, code: demoCode() });
    expect(late.statusCode).toBe(401);
    expect(late.json().code).toBe('identity.staff_login_expired');
    const forged = await code({ pendingId: 'x'.repeat(43), code: demoCode() });
    expect(forged.statusCode).toBe(401);
  });

  it('requires the CSRF token for cookie-authenticated writes, then logs out', async () => {
    const { headers } = await staffLogin(t, ADMIN.email);
    const { cookie } = headers;
    const noToken = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('auth.csrf_failed');
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers });
    expect(ok.statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('locks the account after repeated failures, wrong passwords and wrong codes alike', async () => {
    const email = 'motcua@congdanso.danang.vn';
    for (let i = 0; i < 3; i++) await password({ email, password: `wrong-${i}` });
    const first = await password({ email, password: ADMIN.password });
    for (const wrong of ['111111', '222222']) {
      expect((await code({ pendingId: first.json().pendingId, code: wrong })).statusCode).toBe(400);
    }
    const locked = await password({ email, password: ADMIN.password });
    expect(locked.statusCode).toBe(401);
    expect(locked.json().code).toBe('identity.account_locked');
    // Locked means locked, even with the pending sign-in and a right code in hand.
    const lockedCode = await code({ pendingId: first.json().pendingId, code: demoCode() });
    expect(lockedCode.statusCode).toBe(401);
    t.clock.advance(16 * 60_000);
    await expect(staffLogin(t, email)).resolves.toMatchObject({ me: { email } });
  });

  it('signs in with a recovery code once the app is lost; each recovery code works once', async () => {
    const { headers } = await staffLogin(t, 'canbo.haichau@congdanso.danang.vn');
    // The officer replaces the demo app by a new one, which gives recovery codes.
    t.clock.advance(31_000);
    const off = await t.app.inject({
      method: 'DELETE',
      url: '/api/v1/me/totp',
      headers,
      payload: { code: demoCode() },
    });
    expect(off.statusCode, off.body).toBe(204);
    const enrolled = await staffLogin(t, 'canbo.haichau@congdanso.danang.vn');
    expect(enrolled.secret).not.toBe(DEMO_STAFF_TOTP_SECRET);
    const recoveryCode = enrolled.me.recoveryCodes?.[0] as string;
    expect(enrolled.me.recoveryCodes).toHaveLength(10);

    const first = await password({ email: 'canbo.haichau@congdanso.danang.vn', password: ADMIN.password });
    const res = await code({ pendingId: first.json().pendingId, recoveryCode });
    expect(res.statusCode).toBe(200);
    const again = await password({ email: 'canbo.haichau@congdanso.danang.vn', password: ADMIN.password });
    const spent = await code({ pendingId: again.json().pendingId, recoveryCode });
    expect(spent.statusCode).toBe(400);
    expect(spent.json().errors[0].code).toBe('identity.recovery_code_wrong');
  });

  it('ends the session after the idle timeout', async () => {
    const { headers } = await staffLogin(t, ADMIN.email);
    t.clock.advance(31 * 60_000);
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: headers.cookie } });
    expect(me.statusCode).toBe(401);
  });

  it('a forged or foreign cookie is anonymous', async () => {
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: 'cds_session=forged-token' } });
    expect(me.statusCode).toBe(401);
  });

  it('never logs the password, the codes or the e-mail address', () => {
    expect(t.logs.text).not.toContain(ADMIN.password);
    expect(t.logs.text).not.toContain('wrong-1');
    expect(t.logs.text).not.toContain(ADMIN.email);
    expect(t.logs.text).not.toContain(DEMO_STAFF_TOTP_SECRET);
    expect(t.logs.text).not.toContain('pendingId');
  });

  it('records sign-ins with their method in the audit chain', async () => {
    const { rows } = await t.db.query<{ action: string; data: { method?: string } | null }>(
      "select action, data from audit.events where action like 'identity.%' order by seq",
    );
    const actions = rows.map((r) => r.action);
    expect(actions).toContain('identity.account_locked');
    expect(actions).toContain('identity.totp_enabled');
    const methods = rows.filter((r) => r.action === 'identity.signed_in').map((r) => r.data?.method);
    expect(methods).toContain('password+totp');
    expect(methods).toContain('password+recovery');
  });
});
