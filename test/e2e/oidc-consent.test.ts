import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  browserSkipReason,
  browserTestTimeout,
  type E2eBrowser,
  type E2eServer,
  eventually,
  launchBrowser,
  saveScreenshot,
  seriousAxeViolations,
  startServer,
} from './browser.js';

const skipReason = browserSkipReason();

/** A registered redirect URI of the demo client. */
const CALLBACK = 'http://127.0.0.1:8976/cb';

/**
 * The relying party's end of the redirect: a tiny listener on the callback address. Playwright cannot
 * intercept the provider's 303 to it (routes do not see redirected requests), so a real one answers.
 */
function startCallbackListener() {
  const seen: URL[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1:8976');
    if (url.pathname !== '/cb') {
      res.writeHead(404).end();
      return;
    }
    seen.push(url);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html><html lang="vi"><title>RP</title><h1>Ứng dụng mẫu đã nhận kết quả</h1></html>');
  });
  return new Promise<{ seen: URL[]; close(): Promise<void> }>((resolve, reject) => {
    server.once('error', reject);
    server.listen(8976, '127.0.0.1', () =>
      resolve({ seen, close: () => new Promise((r) => server.close(() => r())) }),
    );
  });
}

describe.skipIf(skipReason !== null)(
  `"Đăng nhập bằng Công dân số": OTP sign-in and the consent page in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: browserTestTimeout },
  () => {
    let server: E2eServer;
    let browser: E2eBrowser;
    let rp: Awaited<ReturnType<typeof startCallbackListener>>;

    beforeAll(async () => {
      [server, browser, rp] = await Promise.all([startServer(), launchBrowser(), startCallbackListener()]);
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
      await rp?.close();
    });

    /** Codes the SMS simulator delivered to a number, newest first (the dev outbox). */
    async function smsCount(e164: string): Promise<string[]> {
      const res = await fetch(`${server.baseUrl}/dev/outbox.json?to=${encodeURIComponent(e164)}`);
      const messages = (await res.json()) as Array<{ channel: string; body: string }>;
      return messages.filter((m) => m.channel === 'sms').map((m) => m.body);
    }

    /** The demo client starts an authorization (code flow, PKCE S256) in the browser. */
    async function authorize(page: Page, scope: string, extra: Record<string, string> = {}) {
      const verifier = randomBytes(32).toString('base64url');
      const state = randomBytes(16).toString('base64url');
      const query = new URLSearchParams({
        client_id: 'demo-portal',
        response_type: 'code',
        redirect_uri: CALLBACK,
        scope,
        state,
        code_challenge: createHash('sha256').update(verifier).digest('base64url'),
        code_challenge_method: 'S256',
        ...extra,
      });
      await page.goto(`${server.baseUrl}/oidc/auth?${query}`);
      await page.waitForURL(/\/oidc\/interaction\/[^/]+$/);
      return { state };
    }

    /** The login page's phone form: request a code, read it from the outbox, confirm. */
    async function signInByOtp(page: Page, phone: string, e164: string) {
      expect(await page.locator('h1').textContent()).toBe('Đăng nhập bằng Công dân số');
      const before = (await smsCount(e164)).length;
      await page.getByLabel('Số điện thoại di động').fill(phone);
      await page.getByRole('button', { name: 'Gửi mã' }).click();
      await eventually(async () => (await smsCount(e164)).length).toBeGreaterThan(before);
      const [sms] = await smsCount(e164);
      const code = /\b(\d{6})\b/.exec(sms ?? '')?.[1] as string;
      await page.getByLabel('Mã xác thực (6 chữ số)').fill(code);
      await page.getByRole('button', { name: 'Xác nhận và đăng nhập' }).click();
      await eventually(() => page.locator('h1').textContent()).toBe('Cho phép chia sẻ thông tin');
    }

    it('consent page lists client, purpose and data items; "Đồng ý" returns a code; withdrawn from the account', async () => {
      const page = await browser.freshPage(server.baseUrl);
      // offline_access (a refresh token) is only honoured with an explicit consent prompt (OIDC Core §11).
      const { state } = await authorize(page, 'openid profile phone offline_access', { prompt: 'consent' });
      await signInByOtp(page, '0905 300 111', '+84905300111');

      const main = page.locator('main');
      const text = (await main.textContent()) ?? '';
      expect(text).toContain('Cổng thông tin mẫu (demo) đề nghị được nhận các thông tin sau của Ông/Bà.');
      expect(text).toContain('Đang đăng nhập với tên 0905 300 111.');
      expect(text).toContain('Mục đích sử dụng');
      expect(text).toContain('Ứng dụng mẫu để thử "Đăng nhập bằng Công dân số"');
      expect(await main.getByRole('list').getByRole('listitem').allTextContents()).toEqual([
        'Mã định danh tài khoản Công dân số',
        'Họ và tên',
        'Số điện thoại',
        'Số điện thoại đã được xác minh hay chưa',
      ]);
      expect(text).toContain('Tiếp tục truy cập khi Ông/Bà không trực tuyến');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 360, height: 740 });
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'oidc-consent');
      await page.setViewportSize({ width: 1280, height: 800 });

      await page.getByRole('button', { name: 'Đồng ý' }).click();
      await page.waitForURL((u) => u.toString().startsWith(`${CALLBACK}?`));
      const back = new URL(page.url());
      expect(back.searchParams.get('code')).toMatch(/^[\w-]{20,}$/);
      expect(back.searchParams.get('state')).toBe(state);
      expect(back.searchParams.get('error')).toBeNull();
      expect(rp.seen.at(-1)?.toString()).toBe(back.toString());

      // The citizen's account lists the application and withdraws the consent there.
      await page.goto(`${server.baseUrl}/tai-khoan`);
      await eventually(() => page.locator('h1').textContent()).toBe('Tài khoản của tôi');
      await page.locator('main').getByRole('link', { name: 'Ứng dụng được chia sẻ dữ liệu' }).click();
      await page.waitForURL(/\/tai-khoan\/chia-se-du-lieu$/);
      await eventually(() => page.locator('main').textContent()).toContain('Cổng thông tin mẫu (demo)');
      const item = page.locator('.consent').first();
      expect(await item.textContent()).toContain('Đang chia sẻ');
      expect(await item.getByRole('listitem').allTextContents()).toEqual([
        'Mã định danh tài khoản Công dân số',
        'Họ và tên',
        'Số điện thoại',
        'Số điện thoại đã được xác minh hay chưa',
        'Tiếp tục truy cập khi Ông/Bà không trực tuyến',
      ]);
      expect(await seriousAxeViolations(page)).toEqual([]);

      await item.getByRole('button', { name: 'Rút lại đồng ý' }).click();
      // The confirmation takes focus; nothing is withdrawn until it is confirmed.
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
        'Rút lại đồng ý với Cổng thông tin mẫu (demo)?',
      );
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 360, height: 740 });
      await saveScreenshot(page, 'data-sharing-withdraw');
      await page.setViewportSize({ width: 1280, height: 800 });
      const withdrawal = page.waitForRequest((r) => r.method() === 'DELETE');
      await item.getByRole('button', { name: 'Có, rút lại đồng ý' }).click();
      expect((await withdrawal).headers()['x-csrf-token']).toBeTruthy();
      await eventually(() => page.locator('[role="status"]').textContent()).toContain(
        'Đã rút lại sự đồng ý với Cổng thông tin mẫu (demo).',
      );
      expect(await page.evaluate(() => document.activeElement?.classList.contains('notice'))).toBe(true);
      const past = page.locator('section[aria-labelledby="consents-past-heading"]');
      expect(await past.textContent()).toContain('Đã rút lại đồng ý');
      expect(await page.locator('main').textContent()).toContain(
        'Chưa có ứng dụng nào đang được chia sẻ dữ liệu.',
      );
      const { rows } = await server.db.query<{ withdrawn: boolean }>(
        'select withdrawn_at is not null as withdrawn from identity.consents',
      );
      expect(rows).toEqual([{ withdrawn: true }]);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    it('"Từ chối" sends the client back access_denied and records no consent', async () => {
      const page = await browser.freshPage(server.baseUrl);
      const { state } = await authorize(page, 'openid profile');
      await signInByOtp(page, '0905 300 222', '+84905300222');
      await page.getByRole('button', { name: 'Từ chối' }).click();
      await page.waitForURL((u) => u.toString().startsWith(`${CALLBACK}?`));
      const back = new URL(page.url());
      expect(back.searchParams.get('error')).toBe('access_denied');
      expect(back.searchParams.get('state')).toBe(state);
      expect(back.searchParams.get('code')).toBeNull();
      const { rows } = await server.db.query<{ n: number }>(
        `select count(*)::int as n from identity.consents c join identity.accounts a on a.id = c.account_id
          where a.phone = '+84905300222'`,
      );
      expect(rows[0]?.n).toBe(0);
    });
  },
);
