import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CLIENT_ID } from '../../src/modules/identity/oidc/setup.js';
import { totpCodeAt, totpStep } from '../../src/modules/identity/security/totp.js';
import { seedDemo, seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';
import { citizenLogin, type SignedInHeaders, staffLogin } from '../helpers/login.js';
import { Browser } from '../support/oidc.js';
import {
  apiCall,
  CALLBACK,
  type CitizenOidcApp,
  citizenOidcApp,
  signInByOtp,
  startAuthorization,
} from '../support/oidc-citizen.js';

const AN = '+84905123456';
const BINH = '+84935234567';
const CUONG = '+84914345678';
const VOLUNTEER = 'tinhnguyen.haichau@congdanso.danang.vn';
const OFFICER = 'canbo.haichau@congdanso.danang.vn';
const FIRST_PASSWORD = 'Hoa-sen-tren-song-Han-42';
const NEW_PASSWORD = 'Cau-Rong-phun-lua-2026!';

type Headers = Record<string, string>;

interface InboxItem {
  id: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}
interface InboxPage {
  items: InboxItem[];
  unreadCount: number;
  nextCursor: string | null;
}

/** "14:30, 01/07/2025" in Vietnam time (UTC+7, no daylight saving), worked out without Intl. */
function vietnamTime(at: Date): string {
  const iso = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return `${iso.slice(11, 16)}, ${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

describe('in-app inbox "Thông báo" and security notices (whole app)', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  const ids: Record<string, string> = {};
  let an: SignedInHeaders;
  let binh: SignedInHeaders;

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Headers, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const inbox = async (headers: Headers, query = '') => {
    const res = await call('GET', `/api/v1/me/notifications${query}`, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as InboxPage;
  };
  /** Templates of every notification queued for the account, oldest first (committed or not at all). */
  const queued = async (accountId: string) =>
    (
      await t.db.query<{ template: string }>(
        'select template from notify.notifications where account_id = $1 order by created_at, id',
        [accountId],
      )
    ).rows.map((r) => r.template);
  const deliver = () => t.runtime.jobs.runDue();
  const codeNow = (secret: string) => totpCodeAt(secret, totpStep(t.clock.now()));

  beforeAll(async () => {
    // Several sign-ins and an assisted session for the same numbers; the limits have their own tests.
    t = await testApp({ env: { OTP_MAX_PER_PHONE_PER_HOUR: '100', OTP_MAX_PER_IP_PER_HOUR: '1000' } });
    await seedReference(t.db);
    await seedDemo(t.db, t.config, t.clock);
    const { rows } = await t.db.query<{ id: string; email: string | null; phone: string | null }>(
      'select id, email, phone from identity.accounts',
    );
    for (const r of rows) ids[(r.email ?? r.phone)!] = r.id;
    an = (await citizenLogin(t, AN)).headers;
    binh = (await citizenLogin(t, BINH)).headers;
  });
  afterAll(() => t.close());

  it('needs a signed-in account: 401 problem+json on all three', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/me/notifications'],
      ['POST', `/api/v1/me/notifications/${randomUUID()}/read`],
      ['POST', '/api/v1/me/notifications/read-all'],
    ] as const) {
      const res = await call(method, url, {});
      expect(res.statusCode, url).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json().code).toBe('http.unauthorized');
    }
  });

  it('starts empty', async () => {
    expect(await inbox(an)).toEqual({ items: [], unreadCount: 0, nextCursor: null });
  });

  it('a new password puts a notice in the inbox, queued in the transaction of the change; a refused change leaves none', async () => {
    const set = await call('POST', '/api/v1/me/password', an, { password: FIRST_PASSWORD });
    expect(set.statusCode).toBe(204);
    const at = vietnamTime(t.clock.now());
    // Queued when the change committed, before any job ran.
    expect(await queued(ids[AN]!)).toEqual(['identity.notice-password-set']);
    await deliver();
    const page = await inbox(an);
    expect(page.unreadCount).toBe(1);
    expect(page.items).toHaveLength(1);
    const [notice] = page.items;
    expect(notice).toMatchObject({ title: 'Đã đặt mật khẩu đăng nhập', readAt: null });
    expect(notice!.body).toContain(`Mật khẩu đăng nhập Công dân số của Ông/Bà đã được đặt lúc ${at}.`);
    expect(notice!.body).toContain('/tai-khoan/bao-mat');
    expect(notice!.body).toContain('1022');
    expect(notice!.body).not.toContain(FIRST_PASSWORD);

    // Refused: wrong current password, then a common new one. Nothing is queued or delivered.
    const wrong = await call('POST', '/api/v1/me/password', an, {
      password: NEW_PASSWORD,
      currentPassword: 'not-the-password',
    });
    expect(wrong.statusCode).toBe(400);
    const common = await call('POST', '/api/v1/me/password', an, {
      password: 'Password2024!',
      currentPassword: FIRST_PASSWORD,
    });
    expect(common.statusCode).toBe(400);
    await deliver();
    expect(await queued(ids[AN]!)).toEqual(['identity.notice-password-set']);
    expect((await inbox(an)).items).toHaveLength(1);

    // A change in English gets its notice in English.
    t.clock.advance(60_000);
    const changed = await call(
      'POST',
      '/api/v1/me/password',
      { ...an, 'accept-language': 'en' },
      { password: NEW_PASSWORD, currentPassword: FIRST_PASSWORD },
    );
    expect(changed.statusCode).toBe(204);
    await deliver();
    const after = await inbox(an);
    expect(after.unreadCount).toBe(2);
    expect(after.items[0]).toMatchObject({ title: 'Sign-in password changed' });
    expect(after.items[0]!.body).toContain(`at ${vietnamTime(t.clock.now())}`);
    expect(after.items[0]!.body).not.toContain(NEW_PASSWORD);
    expect(after.items[1]!.id).toBe(notice!.id);
  });

  it('turning the authenticator app on or off and signing out everywhere each leave a notice; a wrong code none', async () => {
    const before = (await queued(ids[AN]!)).length;
    const { secret } = (await call('POST', '/api/v1/me/totp', an)).json() as { secret: string };
    const wrong = String((Number(codeNow(secret)) + 1) % 1_000_000).padStart(6, '0');
    expect((await call('POST', '/api/v1/me/totp/confirm', an, { code: wrong })).statusCode).toBe(400);
    expect(await queued(ids[AN]!)).toHaveLength(before);

    expect((await call('POST', '/api/v1/me/totp/confirm', an, { code: codeNow(secret) })).statusCode).toBe(
      200,
    );
    t.clock.advance(30_000);
    expect((await call('DELETE', '/api/v1/me/totp', an, { code: codeNow(secret) })).statusCode).toBe(204);
    t.clock.advance(1_000);
    expect((await call('POST', '/api/v1/auth/logout-all', an)).statusCode).toBe(204);
    expect((await queued(ids[AN]!)).slice(before)).toEqual([
      'identity.notice-totp-enabled',
      'identity.notice-totp-disabled',
      'identity.notice-signed-out-everywhere',
    ]);

    an = (await citizenLogin(t, AN)).headers;
    await deliver();
    const page = await inbox(an);
    expect(page.items.slice(0, 3).map((i) => i.title)).toEqual([
      'Đã đăng xuất trên mọi thiết bị',
      'Đã tắt ứng dụng xác thực',
      'Đã bật ứng dụng xác thực',
    ]);
    expect(page.unreadCount).toBe(5);
    for (const item of page.items) expect(item.body).not.toContain(secret);
  });

  it('marks one read (again changes nothing); another person’s or an unknown id answers 404 alike', async () => {
    const [newest, second] = (await inbox(an)).items;
    const read = await call('POST', `/api/v1/me/notifications/${newest!.id}/read`, an);
    expect(read.statusCode).toBe(204);
    const page = await inbox(an);
    expect(page.unreadCount).toBe(4);
    const readAt = page.items[0]!.readAt;
    expect(readAt).toBe(t.clock.now().toISOString());
    expect(page.items[1]).toMatchObject({ id: second!.id, readAt: null });

    t.clock.advance(5_000);
    expect((await call('POST', `/api/v1/me/notifications/${newest!.id}/read`, an)).statusCode).toBe(204);
    expect((await inbox(an)).items[0]!.readAt).toBe(readAt);

    const foreign = await call('POST', `/api/v1/me/notifications/${second!.id}/read`, binh);
    const unknown = await call('POST', `/api/v1/me/notifications/${randomUUID()}/read`, binh);
    for (const res of [foreign, unknown]) {
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({
        code: 'notify.inbox_item_not_found',
        title: 'Không tìm thấy thông báo',
      });
    }
    expect(foreign.json().detail).toBe(unknown.json().detail);
    expect((await inbox(an)).unreadCount).toBe(4);

    const badId = await call('POST', '/api/v1/me/notifications/not-an-id/read', an);
    expect(badId.statusCode).toBe(400);
    // Writes need the session's CSRF token, as every cookie-authenticated write does.
    const noCsrf = await call('POST', `/api/v1/me/notifications/${second!.id}/read`, { cookie: an.cookie });
    expect(noCsrf.statusCode).toBe(403);
  });

  it('marks all read, only the signed-in person’s', async () => {
    await t.db.tx((tx) =>
      t.runtime.notify.send(tx, {
        template: 'identity.notice-password-set',
        to: { accountId: ids[BINH]! },
        channels: ['inapp'],
        params: { at: '09:00, 02/03/2026' },
      }),
    );
    await deliver();
    expect((await inbox(binh)).unreadCount).toBe(1);

    expect((await call('POST', '/api/v1/me/notifications/read-all', an)).statusCode).toBe(204);
    const page = await inbox(an);
    expect(page.unreadCount).toBe(0);
    expect(page.items.every((i) => i.readAt !== null)).toBe(true);
    expect((await inbox(binh)).unreadCount).toBe(1);
    // Nothing left to mark: still 204.
    expect((await call('POST', '/api/v1/me/notifications/read-all', an)).statusCode).toBe(204);
  });

  it('pages newest first with a keyset cursor; the unread count is the whole inbox’s', async () => {
    const cuong = (await citizenLogin(t, CUONG)).headers;
    t.runtime.notify.defineTemplate({
      id: 'test.inbox-page',
      vi: { inapp: { title: 'Tin số ((n))', body: 'Nội dung ((n))' } },
      en: { inapp: { title: 'Message ((n))', body: 'Body ((n))' } },
    });
    for (let n = 1; n <= 25; n++) {
      await t.db.tx((tx) =>
        t.runtime.notify.send(tx, {
          template: 'test.inbox-page',
          to: { accountId: ids[CUONG]! },
          channels: ['inapp'],
          params: { n },
        }),
      );
      // Two arrive in the same instant now and then: the id breaks the tie.
      if (n % 2) t.clock.advance(1_000);
      await deliver();
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    const sizes: number[] = [];
    do {
      const page: InboxPage = await inbox(cuong, `?limit=10${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.unreadCount).toBe(25);
      sizes.push(page.items.length);
      seen.push(...page.items.map((i) => i.title));
      cursor = page.nextCursor;
    } while (cursor);
    expect(sizes).toEqual([10, 10, 5]);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `Tin số ${25 - i}`));

    const first = await inbox(cuong);
    expect(first.items).toHaveLength(20);

    const bad = await call('GET', '/api/v1/me/notifications?cursor=bm90LWEtY3Vyc29y', cuong);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ pointer: '/querystring/cursor', code: 'notify.bad_cursor' });
    expect((await call('GET', '/api/v1/me/notifications?limit=51', cuong)).statusCode).toBe(400);
  });

  it('staff read their own inbox too', async () => {
    const officer = await staffLogin(t, OFFICER);
    expect(await inbox(officer.headers)).toEqual({ items: [], unreadCount: 0, nextCursor: null });
  });

  it('refuses a volunteer acting for the citizen on all three (403 auth.assisted_not_allowed), and tells the citizen who started it', async () => {
    const volunteer = (await staffLogin(t, VOLUNTEER)).headers;
    t.clock.advance(61_000);
    const asked = await call('POST', '/api/v1/assisted-sessions', volunteer, { phone: BINH });
    expect(asked.statusCode, asked.body).toBe(200);
    await deliver();
    const [sms] = (await call('GET', `/dev/outbox.json?to=${encodeURIComponent(BINH)}`, {})).json() as Array<{
      body: string;
    }>;
    const code = /\b(\d{6})\b/.exec(sms!.body)?.[1];
    const before = (await queued(ids[BINH]!)).length;
    const verified = await call('POST', '/api/v1/assisted-sessions/verify', volunteer, {
      challengeId: asked.json().challengeId,
      code,
    });
    expect(verified.statusCode, verified.body).toBe(200);
    const cookie = verified.cookies.find((c) => c.name === 'cds_assisted')!;
    const assisted = { ...volunteer, cookie: `${volunteer.cookie}; cds_assisted=${cookie.value}` };
    expect((await call('GET', '/api/v1/me', assisted)).json().assisted).toBeTruthy();

    const [item] = (await inbox(binh)).items;
    for (const [method, url] of [
      ['GET', '/api/v1/me/notifications'],
      ['POST', `/api/v1/me/notifications/${item!.id}/read`],
      ['POST', '/api/v1/me/notifications/read-all'],
    ] as const) {
      const res = await call(method, url, assisted);
      expect(res.statusCode, url).toBe(403);
      expect(res.json().code).toBe('auth.assisted_not_allowed');
    }

    expect((await queued(ids[BINH]!)).slice(before)).toEqual(['identity.notice-assisted-started']);
    await deliver();
    const page = await inbox(binh);
    expect(page.items[0]).toMatchObject({ title: 'Phiên hỗ trợ đã bắt đầu', readAt: null });
    expect(page.items[0]!.body).toContain(
      `Lúc ${vietnamTime(t.clock.now())}, Lương Thị Tình (UBND phường Hải Châu) bắt đầu hỗ trợ Ông/Bà`,
    );
    expect(page.items[0]!.body).toContain('tối đa 30 phút');
    expect(page.items[0]!.body).not.toContain(code!);
    // The refused calls changed nothing.
    expect(page.unreadCount).toBe(2);
  });
});

describe('consent notices for "Đăng nhập bằng Công dân số" (whole app on a port)', () => {
  let t: CitizenOidcApp;

  beforeAll(async () => {
    t = await citizenOidcApp();
  }, 60_000);
  afterAll(() => t?.close());

  it('names the application the person allowed, and tells them again when they withdraw it; a refusal leaves nothing', async () => {
    const { rows } = await t.db.query<{ name: string }>(
      'select name from identity.api_clients where client_id = $1',
      [DEMO_CLIENT_ID],
    );
    const client = rows[0]!.name;
    const browser = new Browser(t.config.publicUrl);
    const notices = async () => {
      await t.runtime.jobs.runDue();
      const res = await apiCall(browser, me.csrfToken, 'GET', '/api/v1/me/notifications');
      expect(res.status).toBe(200);
      return ((await res.json()) as InboxPage).items;
    };

    const denied = await startAuthorization(t, browser, 'openid phone', { prompt: 'consent' });
    const me = await signInByOtp(t, browser, '0905 200 019', '+84905200019');
    const refusal = await browser.follow(denied.page.url);
    const refused = await browser.form(`${refusal.url}/consent`, { decision: 'deny' });
    expect(refused.url).toContain('error=access_denied');
    expect(await notices()).toEqual([]);

    const allowed = await startAuthorization(t, browser, 'openid phone', { prompt: 'consent' });
    const page = await browser.follow(allowed.page.url);
    const back = await browser.form(`${page.url}/consent`, { decision: 'allow' });
    expect(back.url.startsWith(`${CALLBACK}?`)).toBe(true);
    const [granted] = await notices();
    expect(granted!.title).toBe(`Đã cho phép ${client} nhận thông tin`);
    expect(granted!.body).toContain(`Ông/Bà đã đồng ý cho ${client} nhận thông tin`);
    expect(granted!.body).toContain('/tai-khoan/chia-se-du-lieu');

    const consents = await apiCall(browser, me.csrfToken, 'GET', '/api/v1/me/consents');
    const [consent] = ((await consents.json()) as { items: Array<{ id: string }> }).items;
    const withdrawn = await apiCall(browser, me.csrfToken, 'DELETE', `/api/v1/me/consents/${consent!.id}`);
    expect(withdrawn.status).toBe(204);
    const [latest, earlier, ...rest] = await notices();
    expect(latest!.title).toBe(`Đã rút lại quyền nhận thông tin của ${client}`);
    expect(earlier!.id).toBe(granted!.id);
    expect(rest).toEqual([]);
  });
});
