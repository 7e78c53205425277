import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';
import { staffLogin, staffLoginAttempt } from '../helpers/login.js';

const CITY_ADMIN = 'quantri@congdanso.danang.vn';
const HAICHAU_ADMIN = 'quantri.haichau@congdanso.danang.vn';
const HAICHAU_OFFICER = 'canbo.haichau@congdanso.danang.vn';
const HAICHAU_VOLUNTEER = 'tinhnguyen.haichau@congdanso.danang.vn';
const RECEPTION = 'motcua@congdanso.danang.vn';
const NEW_PASSWORD = 'Song-Han-dem-trang-77';

interface Member {
  id: string;
  fullName: string;
  email: string | null;
  status: 'active' | 'disabled' | 'invited';
  totpEnrolled: boolean;
  lastSignInAt: string | null;
  invitationExpiresAt: string | null;
  roles: Array<{ role: string; wardCode: string | null }>;
  canManage: boolean;
}

describe('the staff list of an agency, and enabling a disabled account', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  const agency: Record<string, string> = {};
  const headers: Record<string, Record<string, string>> = {};

  const list = (who: string, query: Record<string, string>, extra: Record<string, string> = {}) =>
    t.app.inject({
      url: `/api/v1/identity/staff?${new URLSearchParams(query)}`,
      headers: { ...headers[who], ...extra },
    });
  const items = async (who: string, query: Record<string, string>): Promise<Member[]> => {
    const res = await list(who, query);
    expect(res.statusCode, res.body).toBe(200);
    return res.json().items;
  };
  const post = (url: string, who: string, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers: headers[who], ...(payload ? { payload } : {}) });
  const invite = async (who: string, email: string, fullName: string, agencyId: string) => {
    const res = await post('/api/v1/identity/staff', who, { email, fullName, agencyId });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; setPasswordPath: string; expiresAt: string };
  };

  beforeAll(async () => {
    t = await testApp();
    await seedReference(t.db);
    await seedDemo(t.db, t.config, t.clock);
    const { rows } = await t.db.query<{ id: string; code: string }>(
      `select id, code from directory.agencies where code in ('48-UBND-20242', '48-TT-PVHCC', '000.00.00.H17')`,
    );
    for (const r of rows) agency[r.code] = r.id;
    for (const email of [CITY_ADMIN, HAICHAU_ADMIN, HAICHAU_OFFICER]) {
      headers[email] = (await staffLogin(t, email)).headers;
    }
  });
  afterAll(() => t.close());

  it("lists the agency's role holders sorted by given name, with status, app, last sign-in and roles here", async () => {
    const staff = await items(HAICHAU_ADMIN, { agencyId: agency['48-UBND-20242']! });
    // Tên first (UX.md §5): Châu, Hải, Tình.
    expect(staff.map((s) => s.email)).toEqual([HAICHAU_OFFICER, HAICHAU_ADMIN, HAICHAU_VOLUNTEER]);
    const admin = staff.find((s) => s.email === HAICHAU_ADMIN)!;
    expect(admin).toMatchObject({
      fullName: 'Hồ Văn Hải',
      status: 'active',
      totpEnrolled: true,
      invitationExpiresAt: null,
      roles: [{ role: 'agency_admin', wardCode: null }],
      canManage: true,
    });
    expect(new Date(admin.lastSignInAt!).getTime()).toBeGreaterThan(0);
    const volunteer = staff.find((s) => s.email === HAICHAU_VOLUNTEER)!;
    expect(volunteer.lastSignInAt).toBeNull();
    expect(volunteer.roles).toEqual([{ role: 'community_member', wardCode: '20242' }]);
    // The reception officer of another agency is not listed.
    expect(staff.some((s) => s.email === RECEPTION)).toBe(false);
  });

  it('the last sign-in time is the time of the latest session', async () => {
    const before = (await items(HAICHAU_ADMIN, { agencyId: agency['48-UBND-20242']!, q: 'dang thi' }))[0]!;
    t.clock.advance(5 * 60_000);
    headers[HAICHAU_OFFICER] = (await staffLogin(t, HAICHAU_OFFICER)).headers;
    const after = (await items(HAICHAU_ADMIN, { agencyId: agency['48-UBND-20242']!, q: 'dang thi' }))[0]!;
    expect(after.lastSignInAt).toBe(t.clock.now().toISOString());
    expect(new Date(after.lastSignInAt!).getTime()).toBeGreaterThan(new Date(before.lastSignInAt!).getTime());
  });

  it("refuses other agencies' admins, officers and anonymous callers; a city admin lists any agency", async () => {
    const foreign = await list(HAICHAU_ADMIN, { agencyId: agency['48-TT-PVHCC']! });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('http.forbidden');
    expect((await list(HAICHAU_OFFICER, { agencyId: agency['48-UBND-20242']! })).statusCode).toBe(403);
    const anonymous = await t.app.inject({
      url: `/api/v1/identity/staff?agencyId=${agency['48-UBND-20242']}`,
    });
    expect(anonymous.statusCode).toBe(401);

    const center = await items(CITY_ADMIN, { agencyId: agency['48-TT-PVHCC']! });
    expect(center.map((s) => s.email)).toEqual([RECEPTION]);
    expect(center[0]).toMatchObject({ roles: [{ role: 'reception', wardCode: null }], canManage: true });

    const unknown = await list(CITY_ADMIN, { agencyId: '01890000-0000-7000-8000-000000000000' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('identity.agency_not_found');
    const en = await list(
      CITY_ADMIN,
      { agencyId: '01890000-0000-7000-8000-000000000000' },
      { 'accept-language': 'en' },
    );
    expect(en.json().title).toBe('Agency not found');
  });

  it('searches names and e-mails without regard to Vietnamese marks or case', async () => {
    const haiChau = agency['48-UBND-20242']!;
    const names = async (q: string) =>
      (await items(HAICHAU_ADMIN, { agencyId: haiChau, q })).map((s) => s.fullName);
    expect(await names('thi chau')).toEqual(['Đặng Thị Châu']);
    expect(await names('ĐẶNG')).toEqual(['Đặng Thị Châu']);
    // "chau" is also in the Hải Châu e-mail addresses.
    expect(await names('chau')).toEqual(['Đặng Thị Châu', 'Hồ Văn Hải', 'Lương Thị Tình']);
    expect(await names('  luong thi  ')).toEqual(['Lương Thị Tình']);
    expect(await names('quantri.hai')).toEqual(['Hồ Văn Hải']);
    expect(await names('thi')).toEqual(['Đặng Thị Châu', 'Lương Thị Tình']);
    // LIKE wildcards are searched as typed, not as patterns.
    expect(await names('%')).toEqual([]);
    expect(await names('không có ai')).toEqual([]);
    const bad = await list(HAICHAU_ADMIN, { agencyId: haiChau, q: 'a\u0000b' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ pointer: '/querystring/q', code: 'identity.bad_query' });
  });

  it('invited accounts are listed as invited until they set a password, then active without an app', async () => {
    const haiChau = agency['48-UBND-20242']!;
    const invitation = await invite(HAICHAU_ADMIN, 'an.moi@congdanso.danang.vn', 'Trương Văn Ân', haiChau);
    const find = async () =>
      (await items(HAICHAU_ADMIN, { agencyId: haiChau })).find((s) => s.id === invitation.id);
    expect(await find()).toMatchObject({
      fullName: 'Trương Văn Ân',
      email: 'an.moi@congdanso.danang.vn',
      status: 'invited',
      totpEnrolled: false,
      lastSignInAt: null,
      invitationExpiresAt: invitation.expiresAt,
      roles: [],
      canManage: true,
    });
    const token = /#token=(.+)$/.exec(invitation.setPasswordPath)![1]!;
    const set = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/staff/set-password',
      payload: { token, password: NEW_PASSWORD },
    });
    expect(set.statusCode).toBe(204);
    expect(await find()).toMatchObject({ status: 'active', totpEnrolled: false, invitationExpiresAt: null });
    await staffLogin(t, 'an.moi@congdanso.danang.vn', { password: NEW_PASSWORD });
    const signedIn = await find();
    expect(signedIn).toMatchObject({ status: 'active', totpEnrolled: true });
    expect(signedIn!.lastSignInAt).toBe(t.clock.now().toISOString());
  });

  it('a lost or expired link is replaced by a new one; the old one stops working', async () => {
    const haiChau = agency['48-UBND-20242']!;
    const first = await invite(HAICHAU_ADMIN, 'mat.link@congdanso.danang.vn', 'Phan Văn Mất', haiChau);
    const tokenOf = (path: string) => /#token=(.+)$/.exec(path)![1]!;
    t.clock.advance(10 * 60_000);
    headers[HAICHAU_ADMIN] = (await staffLogin(t, HAICHAU_ADMIN)).headers;
    const renewed = await post(`/api/v1/identity/staff/${first.id}/invitation`, HAICHAU_ADMIN);
    expect(renewed.statusCode, renewed.body).toBe(201);
    const second = renewed.json() as typeof first;
    expect(second.id).toBe(first.id);
    expect(new Date(second.expiresAt).getTime()).toBeGreaterThan(new Date(first.expiresAt).getTime());
    const listed = (await items(HAICHAU_ADMIN, { agencyId: haiChau })).find((m) => m.id === first.id);
    expect(listed?.invitationExpiresAt).toBe(second.expiresAt);

    const setWith = (path: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/staff/set-password',
        payload: { token: tokenOf(path), password: NEW_PASSWORD },
      });
    expect((await setWith(first.setPasswordPath)).json().code).toBe('identity.invitation_invalid');
    expect((await setWith(second.setPasswordPath)).statusCode).toBe(204);
    const again = await post(`/api/v1/identity/staff/${first.id}/invitation`, HAICHAU_ADMIN);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('identity.staff_password_set');
    const foreign = await invite(
      CITY_ADMIN,
      'khac@congdanso.danang.vn',
      'Lý Văn Khác',
      agency['48-TT-PVHCC']!,
    );
    expect((await post(`/api/v1/identity/staff/${foreign.id}/invitation`, HAICHAU_ADMIN)).statusCode).toBe(
      404,
    );
    const { rows } = await t.db.query<{ n: number }>(
      `select count(*)::int as n from audit.events where action = 'identity.staff_invitation_renewed'`,
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('pages with a keyset cursor: every account once, in order, whatever the page size', async () => {
    const haiChau = agency['48-UBND-20242']!;
    for (const [email, name] of [
      ['a1@congdanso.danang.vn', 'Nguyễn Văn An'],
      ['a2@congdanso.danang.vn', 'Trần Văn An'],
      ['a3@congdanso.danang.vn', 'Lê Thị Bích'],
      ['a4@congdanso.danang.vn', 'Phạm Yến'],
    ] as const) {
      await invite(HAICHAU_ADMIN, email, name, haiChau);
    }
    const all = await items(HAICHAU_ADMIN, { agencyId: haiChau, limit: '100' });
    expect(all.map((s) => s.fullName)).toEqual([
      'Nguyễn Văn An',
      'Trần Văn An',
      'Trương Văn Ân',
      'Lê Thị Bích',
      'Đặng Thị Châu',
      'Hồ Văn Hải',
      'Phan Văn Mất',
      'Lương Thị Tình',
      'Phạm Yến',
    ]);
    for (const limit of ['1', '3']) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res = await list(HAICHAU_ADMIN, {
          agencyId: haiChau,
          limit,
          ...(cursor ? { cursor } : {}),
        });
        expect(res.statusCode).toBe(200);
        const page = res.json() as { items: Member[]; nextCursor: string | null };
        expect(page.items.length).toBeLessThanOrEqual(Number(limit));
        seen.push(...page.items.map((s) => s.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.map((s) => s.id));
    }
    const searched = await list(HAICHAU_ADMIN, { agencyId: haiChau, q: 'van an', limit: '1' });
    expect(searched.json().items.map((s: Member) => s.fullName)).toEqual(['Nguyễn Văn An']);
    const next = await list(HAICHAU_ADMIN, {
      agencyId: haiChau,
      q: 'van an',
      limit: '1',
      cursor: searched.json().nextCursor,
    });
    expect(next.json().items.map((s: Member) => s.fullName)).toEqual(['Trần Văn An']);

    for (const cursor of ['not-a-cursor', Buffer.from('[1,2]').toString('base64url'), 'a+b']) {
      const bad = await list(HAICHAU_ADMIN, { agencyId: haiChau, cursor });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0]).toMatchObject({
        pointer: '/querystring/cursor',
        code: 'identity.bad_cursor',
      });
    }
  });

  it('an invited account that gets roles at another agency only moves there', async () => {
    const { id } = await invite(
      HAICHAU_ADMIN,
      'chuyen.di@congdanso.danang.vn',
      'Võ Văn Chuyển',
      agency['48-UBND-20242']!,
    );
    const grant = await post(`/api/v1/directory/agencies/${agency['48-TT-PVHCC']}/staff-roles`, CITY_ADMIN, {
      accountId: id,
      role: 'reception',
    });
    expect(grant.statusCode, grant.body).toBe(201);
    expect(
      (await items(HAICHAU_ADMIN, { agencyId: agency['48-UBND-20242']! })).some((s) => s.id === id),
    ).toBe(false);
    const center = await items(CITY_ADMIN, { agencyId: agency['48-TT-PVHCC']! });
    expect(center.find((s) => s.id === id)).toMatchObject({
      status: 'invited',
      roles: [{ role: 'reception' }],
    });
    expect((await post(`/api/v1/identity/staff/${id}/disable`, HAICHAU_ADMIN)).statusCode).toBe(404);
  });

  it("an agency admin does not manage a city admin's account, even at the agency it administers", async () => {
    const cityCommittee = agency['000.00.00.H17']!;
    const grant = await post(`/api/v1/directory/agencies/${cityCommittee}/staff-roles`, CITY_ADMIN, {
      email: HAICHAU_ADMIN,
      role: 'agency_admin',
    });
    expect(grant.statusCode, grant.body).toBe(201);
    headers[HAICHAU_ADMIN] = (await staffLogin(t, HAICHAU_ADMIN)).headers;
    const staff = await items(HAICHAU_ADMIN, { agencyId: cityCommittee });
    const cityAdmin = staff.find((s) => s.email === CITY_ADMIN)!;
    expect(cityAdmin).toMatchObject({ roles: [{ role: 'city_admin', wardCode: null }], canManage: false });
    // The Hải Châu admin also holds a role at Hải Châu, which the same person administers.
    expect(staff.find((s) => s.email === HAICHAU_ADMIN)).toMatchObject({ canManage: true });
    const disable = await post(`/api/v1/identity/staff/${cityAdmin.id}/disable`, HAICHAU_ADMIN);
    expect(disable.statusCode).toBe(404);
    expect((await post(`/api/v1/identity/staff/${cityAdmin.id}/reset-totp`, HAICHAU_ADMIN)).statusCode).toBe(
      404,
    );
  });

  it('a disabled account is listed as disabled and can be enabled again; enabling is audited once', async () => {
    const haiChau = agency['48-UBND-20242']!;
    const officer = (await items(HAICHAU_ADMIN, { agencyId: haiChau, q: HAICHAU_OFFICER }))[0]!;
    expect((await post(`/api/v1/identity/staff/${officer.id}/disable`, HAICHAU_ADMIN)).statusCode).toBe(204);
    expect((await items(HAICHAU_ADMIN, { agencyId: haiChau, q: HAICHAU_OFFICER }))[0]!.status).toBe(
      'disabled',
    );
    expect((await staffLoginAttempt(t, HAICHAU_OFFICER)).status).toBe(401);

    const reception = (await staffLogin(t, RECEPTION)).headers;
    headers[RECEPTION] = reception;
    expect((await post(`/api/v1/identity/staff/${officer.id}/enable`, RECEPTION)).statusCode).toBe(403);
    const center = await items(CITY_ADMIN, { agencyId: agency['48-TT-PVHCC']! });
    const foreign = center.find((s) => s.email === RECEPTION)!;
    const notMine = await post(`/api/v1/identity/staff/${foreign.id}/enable`, HAICHAU_ADMIN);
    expect(notMine.statusCode).toBe(404);
    expect(notMine.json().code).toBe('identity.staff_not_found');

    expect((await post(`/api/v1/identity/staff/${officer.id}/enable`, HAICHAU_ADMIN)).statusCode).toBe(204);
    expect((await items(HAICHAU_ADMIN, { agencyId: haiChau, q: HAICHAU_OFFICER }))[0]!.status).toBe('active');
    expect((await staffLoginAttempt(t, HAICHAU_OFFICER)).status).toBe(200);
    // Already active: nothing changes and nothing more is recorded.
    expect((await post(`/api/v1/identity/staff/${officer.id}/enable`, HAICHAU_ADMIN)).statusCode).toBe(204);

    const { rows } = await t.db.query<{ action: string; actor: string; target_id: string }>(
      `select action, actor, target_id from audit.events where action = 'identity.staff_enabled'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ target_id: officer.id });
    expect(rows[0]!.actor).toContain('staff:');
  });

  it('listing is not recorded in the audit trail (no citizen data is read)', async () => {
    const { rows } = await t.db.query<{ n: number }>(
      `select count(*)::int as n from audit.events where action like '%list%'`,
    );
    expect(rows[0]!.n).toBe(0);
  });
});
