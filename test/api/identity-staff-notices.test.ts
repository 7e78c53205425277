import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';
import { staffLogin } from '../helpers/login.js';

const HAICHAU_ADMIN = 'quantri.haichau@congdanso.danang.vn';
const HAICHAU_OFFICER = 'canbo.haichau@congdanso.danang.vn';
const VOLUNTEER = 'tinhnguyen.haichau@congdanso.danang.vn';
const RECEPTION = 'motcua@congdanso.danang.vn';

type Headers = Record<string, string>;
interface InboxItem {
  title: string;
  body: string;
}

/** "14:30, 01/07/2025" in Vietnam time (UTC+7, no daylight saving), worked out without Intl. */
function vietnamTime(at: Date): string {
  const iso = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return `${iso.slice(11, 16)}, ${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

describe("notices to a staff member's inbox when their agency's admin acts on their account (whole app)", () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  const ids: Record<string, string> = {};
  const names: Record<string, string> = {};
  let admin: Headers;

  const post = (url: string, headers: Headers) => t.app.inject({ method: 'POST', url, headers });
  const act = (action: 'disable' | 'enable' | 'reset-totp', email: string, headers = admin) =>
    post(`/api/v1/identity/staff/${ids[email]}/${action}`, headers);
  /** Templates queued for the account, oldest first (committed with the change or not at all). */
  const queued = async (email: string) =>
    (
      await t.db.query<{ template: string }>(
        'select template from notify.notifications where account_id = $1 order by created_at, id',
        [ids[email]],
      )
    ).rows.map((r) => r.template);
  const inbox = async (headers: Headers) => {
    await t.runtime.jobs.runDue();
    const res = await t.app.inject({ url: '/api/v1/me/notifications', headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: InboxItem[]; unreadCount: number };
  };
  const expectAdvice = (item: InboxItem | undefined, at: string) => {
    expect(item!.body).toContain(`Lúc ${at}, quản trị cơ quan đã`);
    expect(item!.body).toContain('liên hệ ngay quản trị cơ quan hoặc gọi Tổng đài 1022');
    // The admin is named by role only.
    expect(item!.body).not.toContain(names[HAICHAU_ADMIN]);
    expect(item!.body).not.toContain(HAICHAU_ADMIN);
    expect(item!.body).not.toMatch(/\bbạn\b/);
  };

  beforeAll(async () => {
    t = await testApp();
    await seedReference(t.db);
    await seedDemo(t.db, t.config, t.clock);
    const { rows } = await t.db.query<{ id: string; email: string; full_name: string }>(
      `select id, email, full_name from identity.accounts where kind = 'staff'`,
    );
    for (const r of rows) {
      ids[r.email] = r.id;
      names[r.email] = r.full_name;
    }
    admin = (await staffLogin(t, HAICHAU_ADMIN)).headers;
  });
  afterAll(() => t.close());

  it('writes nothing when the action is refused: another agency (404), not an admin (403), oneself (409)', async () => {
    for (const action of ['disable', 'enable', 'reset-totp'] as const) {
      const res = await act(action, RECEPTION);
      expect(res.statusCode, action).toBe(404);
      expect(res.json().code).toBe('identity.staff_not_found');
    }
    const officer = (await staffLogin(t, HAICHAU_OFFICER)).headers;
    for (const action of ['disable', 'enable', 'reset-totp'] as const) {
      expect((await act(action, VOLUNTEER, officer)).statusCode, action).toBe(403);
    }
    expect((await act('disable', HAICHAU_ADMIN)).statusCode).toBe(409);
    await t.runtime.jobs.runDue();
    for (const email of [RECEPTION, VOLUNTEER, HAICHAU_ADMIN, HAICHAU_OFFICER]) {
      expect(await queued(email), email).toEqual([]);
    }
    expect(
      (await t.db.query(`select 1 from notify.notifications where template like 'identity.notice-staff-%'`))
        .rows,
    ).toEqual([]);
    expect((await inbox(officer)).items).toEqual([]);
  });

  it("disabling and enabling each leave a notice in the staff member's inbox, none in the admin's", async () => {
    expect((await act('disable', HAICHAU_OFFICER)).statusCode).toBe(204);
    const disabledAt = vietnamTime(t.clock.now());
    // Queued with the change, before any job ran.
    expect(await queued(HAICHAU_OFFICER)).toEqual(['identity.notice-staff-disabled']);
    t.clock.advance(5 * 60_000);
    expect((await act('enable', HAICHAU_OFFICER)).statusCode).toBe(204);
    const enabledAt = vietnamTime(t.clock.now());
    // Enabling an active account changes nothing and says nothing.
    expect((await act('enable', HAICHAU_OFFICER)).statusCode).toBe(204);
    expect(await queued(HAICHAU_OFFICER)).toEqual([
      'identity.notice-staff-disabled',
      'identity.notice-staff-enabled',
    ]);

    const officer = (await staffLogin(t, HAICHAU_OFFICER)).headers;
    const page = await inbox(officer);
    expect(page.unreadCount).toBe(2);
    const [enabled, disabled] = page.items;
    expect(enabled!.title).toBe('Tài khoản cán bộ đã được mở khoá');
    expectAdvice(enabled, enabledAt);
    expect(disabled!.title).toBe('Tài khoản cán bộ đã bị khoá');
    expectAdvice(disabled, disabledAt);
    expect(disabled!.body).toContain('đăng xuất tài khoản trên mọi thiết bị');

    expect(await queued(HAICHAU_ADMIN)).toEqual([]);
    expect((await inbox(admin)).items).toEqual([]);
  });

  it('resetting the authenticator app leaves a notice the staff member reads after enrolling again', async () => {
    expect((await act('reset-totp', HAICHAU_OFFICER)).statusCode).toBe(204);
    const at = vietnamTime(t.clock.now());
    expect((await queued(HAICHAU_OFFICER)).at(-1)).toBe('identity.notice-staff-totp-reset');
    // The next sign-in enrols a new app (staffLogin takes the enrolment secret), then reads the inbox.
    const signIn = await staffLogin(t, HAICHAU_OFFICER);
    expect(signIn.enrolled).toBe(true);
    const page = await inbox(signIn.headers);
    expect(page.unreadCount).toBe(3);
    expect(page.items[0]!.title).toBe('Ứng dụng xác thực đã được đặt lại');
    expectAdvice(page.items[0], at);
    expect(page.items[0]!.body).toContain('cài đặt lại ứng dụng xác thực');
    expect(page.items[0]!.body).not.toContain(signIn.secret);

    expect(await queued(HAICHAU_ADMIN)).toEqual([]);
    expect((await inbox(admin)).items).toEqual([]);
    expect(await queued(RECEPTION)).toEqual([]);
  });
});
