import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';

const ADMIN = { email: 'quantri@congdanso.danang.vn', password: 'CongDanSo@2026' };

describe('staff sign-in, session cookie and CSRF (whole app)', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
    await seedReference(t.db);
    await seedDemo(t.db, t.config, t.clock);
  });
  afterAll(() => t.close());

  const login = async (body: object) =>
    t.app.inject({ method: 'POST', url: '/api/v1/auth/staff/login', payload: body });
  const cookieOf = (res: { cookies: Array<{ name: string; value: string }> }) =>
    `cds_session=${res.cookies.find((c) => c.name === 'cds_session')?.value}`;

  it('signs a city admin in, returns roles and sets an httpOnly SameSite cookie', async () => {
    const res = await login(ADMIN);
    expect(res.statusCode).toBe(200);
    const me = res.json();
    expect(me).toMatchObject({ kind: 'staff', email: ADMIN.email });
    expect(me.grants).toEqual([expect.objectContaining({ role: 'city_admin' })]);
    const cookie = res.cookies.find((c) => c.name === 'cds_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    const again = await t.app.inject({ url: '/api/v1/me', headers: { cookie: cookieOf(res) } });
    expect(again.json().id).toBe(me.id);
  });

  it('refuses a wrong password without telling which part was wrong, and unknown e-mails alike', async () => {
    const wrong = await login({ ...ADMIN, password: 'nope' });
    const unknown = await login({ email: 'ai-do@example.vn', password: 'nope' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().code).toBe('identity.invalid_credentials');
    expect(unknown.json().code).toBe('identity.invalid_credentials');
  });

  it('requires the CSRF token for cookie-authenticated writes, then logs out', async () => {
    const res = await login(ADMIN);
    const cookie = cookieOf(res);
    const noToken = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().code).toBe('auth.csrf_failed');
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': res.json().csrfToken },
    });
    expect(ok.statusCode).toBe(204);
    const after = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('locks the account after repeated failures', async () => {
    const email = 'motcua@congdanso.danang.vn';
    for (let i = 0; i < 5; i++) await login({ email, password: `wrong-${i}` });
    const locked = await login({ email, password: ADMIN.password });
    expect(locked.statusCode).toBe(401);
    expect(locked.json().code).toBe('identity.account_locked');
    t.clock.advance(16 * 60_000);
    expect((await login({ email, password: ADMIN.password })).statusCode).toBe(200);
  });

  it('ends the session after the idle timeout', async () => {
    const res = await login(ADMIN);
    t.clock.advance(31 * 60_000);
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: cookieOf(res) } });
    expect(me.statusCode).toBe(401);
  });

  it('a forged or foreign cookie is anonymous', async () => {
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: 'cds_session=forged-token' } });
    expect(me.statusCode).toBe(401);
  });

  it('never logs the password or the e-mail address', () => {
    expect(t.logs.text).not.toContain(ADMIN.password);
    expect(t.logs.text).not.toContain('wrong-1');
    expect(t.logs.text).not.toContain(ADMIN.email);
  });

  it('records sign-ins in the audit chain', async () => {
    const { rows } = await t.db.query<{ action: string }>(
      "select action from audit.events where action like 'identity.%' order by seq",
    );
    expect(rows.map((r) => r.action)).toContain('identity.signed_in');
    expect(rows.map((r) => r.action)).toContain('identity.account_locked');
  });
});
