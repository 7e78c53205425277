import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF_TOTP_SECRET } from '../../src/modules/identity/accounts/seed.js';
import { seedDemo, seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';
import { staffLoginAttempt } from '../helpers/login.js';

const PASSWORD = 'CongDanSo@2026';
const CITY_ADMIN = 'quantri@congdanso.danang.vn';
const HAICHAU_ADMIN = 'quantri.haichau@congdanso.danang.vn';
const HAICHAU_OFFICER = 'canbo.haichau@congdanso.danang.vn';
const RECEPTION = 'motcua@congdanso.danang.vn';
const NEW_PASSWORD = 'Song-Han-dem-trang-77';

describe('agency admins manage their own staff (whole app)', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  const agency: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const login = async (email: string, password = PASSWORD) => {
    const res = await staffLoginAttempt(t, email, { password });
    return res.ok ? res : { ...res, headers: {} as Record<string, string> };
  };
  const post = (url: string, headers: Record<string, string>, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });

  beforeAll(async () => {
    t = await testApp();
    await seedReference(t.db);
    await seedDemo(t.db, t.config, t.clock);
    const { rows } = await t.db.query<{ id: string; code: string }>(
      `select id, code from directory.agencies where code in ('48-UBND-20242', '48-TT-PVHCC')`,
    );
    for (const r of rows) agency[r.code] = r.id;
    const accounts = await t.db.query<{ id: string; email: string }>(
      `select id, email from identity.accounts where kind = 'staff'`,
    );
    for (const a of accounts.rows) ids[a.email] = a.id;
  });
  afterAll(() => t.close());

  it("refuses an agency admin acting on another agency's staff with 404, and non-admins with 403", async () => {
    const admin = (await login(HAICHAU_ADMIN)).headers;
    const other = await post(`/api/v1/identity/staff/${ids[RECEPTION]}/disable`, admin);
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('identity.staff_not_found');
    const city = await post(`/api/v1/identity/staff/${ids[CITY_ADMIN]}/reset-totp`, admin);
    expect(city.statusCode).toBe(404);
    const invite = await post('/api/v1/identity/staff', admin, {
      email: 'x@congdanso.danang.vn',
      fullName: 'Người Ngoài',
      agencyId: agency['48-TT-PVHCC'],
    });
    expect(invite.statusCode).toBe(403);

    const officer = (await login(HAICHAU_OFFICER)).headers;
    expect((await post(`/api/v1/identity/staff/${ids[RECEPTION]}/disable`, officer)).statusCode).toBe(403);
    expect((await login(RECEPTION)).status).toBe(200);
  });

  it('invites a staff member who sets a password once from the link, then is managed by the inviting agency', async () => {
    const admin = (await login(HAICHAU_ADMIN)).headers;
    const taken = await post('/api/v1/identity/staff', admin, {
      email: HAICHAU_OFFICER,
      fullName: 'Trùng Thư',
      agencyId: agency['48-UBND-20242'],
    });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().errors[0]).toMatchObject({
      pointer: '/body/email',
      code: 'identity.staff_email_taken',
    });

    const res = await post('/api/v1/identity/staff', admin, {
      email: 'Canbo.Moi@CongDanSo.DaNang.vn',
      fullName: 'Trương Thị Mới',
      agencyId: agency['48-UBND-20242'],
    });
    expect(res.statusCode).toBe(201);
    const { id, setPasswordPath } = res.json();
    const token = /#token=(.+)$/.exec(setPasswordPath)![1]!;
    expect((await login('canbo.moi@congdanso.danang.vn', NEW_PASSWORD)).status).toBe(401);

    const weak = await post('/api/v1/auth/staff/set-password', {}, { token, password: 'truongmoi2026' });
    expect(weak.json().errors[0]).toMatchObject({
      pointer: '/body/password',
      code: 'identity.password_personal',
    });
    expect(
      (await post('/api/v1/auth/staff/set-password', {}, { token, password: NEW_PASSWORD })).statusCode,
    ).toBe(204);
    const reused = await post('/api/v1/auth/staff/set-password', {}, { token, password: `${NEW_PASSWORD}x` });
    expect(reused.statusCode).toBe(404);
    expect(reused.json().code).toBe('identity.invitation_invalid');

    const staff = await login('canbo.moi@congdanso.danang.vn', NEW_PASSWORD);
    expect(staff.status).toBe(200);

    const reception = (await login(RECEPTION)).headers;
    expect((await post(`/api/v1/identity/staff/${id}/disable`, reception)).statusCode).toBe(403);
    const cityAdmin = (await login(CITY_ADMIN)).headers;
    const otherAgency = await post('/api/v1/identity/staff', cityAdmin, {
      email: 'motcua2@congdanso.danang.vn',
      fullName: 'Võ Thị Hai',
      agencyId: agency['48-TT-PVHCC'],
    });
    expect(otherAgency.statusCode).toBe(201);
    expect((await post(`/api/v1/identity/staff/${otherAgency.json().id}/disable`, admin)).statusCode).toBe(
      404,
    );

    expect((await post(`/api/v1/identity/staff/${id}/disable`, admin)).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/me', headers: staff.headers })).statusCode).toBe(401);
    expect((await login('canbo.moi@congdanso.danang.vn', NEW_PASSWORD)).status).toBe(401);
  });

  it('an expired link is refused with its own reason', async () => {
    const admin = (await login(CITY_ADMIN)).headers;
    const res = await post('/api/v1/identity/staff', admin, {
      email: 'tre.han@congdanso.danang.vn',
      fullName: 'Lê Văn Trễ',
      agencyId: agency['48-UBND-20242'],
    });
    const token = /#token=(.+)$/.exec(res.json().setPasswordPath)![1]!;
    t.clock.advance(73 * 3_600_000);
    const late = await post('/api/v1/auth/staff/set-password', {}, { token, password: NEW_PASSWORD });
    expect(late.json().code).toBe('identity.invitation_expired');
  });

  it("resets the officer's authenticator app and ends the officer's sessions", async () => {
    const officer = (await login(HAICHAU_OFFICER)).headers;
    const admin = (await login(HAICHAU_ADMIN)).headers;
    expect((await post(`/api/v1/identity/staff/${ids[HAICHAU_OFFICER]}/reset-totp`, admin)).statusCode).toBe(
      204,
    );
    expect((await t.app.inject({ url: '/api/v1/me', headers: officer })).statusCode).toBe(401);
    // The next sign-in enrols a new app before any session opens; the old demo codes no longer work.
    const old = await staffLoginAttempt(t, HAICHAU_OFFICER, { secret: DEMO_STAFF_TOTP_SECRET });
    expect(old).toMatchObject({ status: 200, enrolled: true });
    if (old.ok) {
      expect(old.secret).not.toBe(DEMO_STAFF_TOTP_SECRET);
      expect(old.me.recoveryCodes).toHaveLength(10);
    }

    const self = await post(`/api/v1/identity/staff/${ids[HAICHAU_ADMIN]}/disable`, admin);
    expect(self.json().code).toBe('identity.cannot_disable_self');
  });

  it('audits every privilege change; no token or password in logs or audit data', async () => {
    const { rows } = await t.db.query<{ action: string; data: unknown }>(
      `select action, data from audit.events where action like 'identity.staff_%' order by seq`,
    );
    const actions = rows.map((r) => r.action);
    for (const a of [
      'identity.staff_invited',
      'identity.staff_invitation_accepted',
      'identity.staff_disabled',
      'identity.staff_totp_reset',
    ]) {
      expect(actions).toContain(a);
    }
    expect(JSON.stringify(rows)).not.toContain(NEW_PASSWORD);
    expect(t.logs.text).not.toContain(NEW_PASSWORD);
    expect(t.logs.text).not.toContain('#token=');
  });
});
