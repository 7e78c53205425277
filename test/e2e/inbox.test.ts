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

const PHONE = '0905 357 924';
const E164 = '+84905357924';
const FIRST_PASSWORD = 'Hoa-sen-tren-song-Han-42';
const NEW_PASSWORD = 'Cau-Rong-phun-lua-2026!';
const mobile = { width: 360, height: 740 };
const dateTime = /\d{2}:\d{2}, \d{2}\/\d{2}\/\d{4}/;

describe.skipIf(skipReason !== null)(
  `notifications inbox "Thông báo" in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: browserTestTimeout },
  () => {
    let server: E2eServer;
    let browser: E2eBrowser;

    beforeAll(async () => {
      [server, browser] = await Promise.all([startServer(), launchBrowser()]);
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    async function outbox(): Promise<{ channel: string; body: string }[]> {
      const res = await fetch(`${server.baseUrl}/dev/outbox.json?to=${encodeURIComponent(E164)}`);
      return (await res.json()) as { channel: string; body: string }[];
    }

    /** From the inbox page's sign-in prompt: phone, code from the dev outbox, and back to the inbox. */
    async function signInFromInbox(page: Page) {
      const main = page.locator('main');
      await main.getByRole('link', { name: 'Đăng nhập bằng số điện thoại' }).click();
      await page.waitForURL(/\/dang-nhap\?next=%2Ftai-khoan%2Fthong-bao$/);
      const citizen = page.locator('section[aria-labelledby="citizen-login-heading"]');
      await citizen.getByLabel('Số điện thoại di động').fill(PHONE);
      await citizen.getByRole('button', { name: 'Tiếp tục' }).click();
      await page.waitForURL(/\/dang-nhap\/ma\?next=/);
      await eventually(async () => (await outbox()).length).toBeGreaterThan(0);
      const code = /\b(\d{6})\b/.exec((await outbox())[0]?.body ?? '')?.[1];
      expect(code).toBeDefined();
      await page.getByLabel('Mã xác thực', { exact: true }).fill(code!);
      await main.getByRole('button', { name: 'Tiếp tục' }).click();
      await page.waitForURL(`${server.baseUrl}/tai-khoan/thong-bao`);
    }

    async function savePassword(page: Page, password: string, current?: string) {
      const main = page.locator('main');
      await page.goto(`${server.baseUrl}/tai-khoan/bao-mat/mat-khau`);
      if (current) {
        await eventually(() => page.locator('h1').textContent()).toBe('Đổi mật khẩu');
        await main.getByLabel('Mật khẩu hiện tại').fill(current);
      } else {
        await eventually(() => page.locator('h1').textContent()).toBe('Đặt mật khẩu');
      }
      await main.getByLabel('Mật khẩu mới').fill(password);
      await main.getByRole('button', { name: 'Lưu mật khẩu' }).click();
      await page.waitForURL(`${server.baseUrl}/tai-khoan/bao-mat`);
    }

    it('a password change shows up in Thông báo with the unread count on the account page; opening and "mark all" clear it', async () => {
      const page = await browser.freshPage(server.baseUrl);
      await page.setViewportSize(mobile);
      const main = page.locator('main');

      // Signed out: a sign-in prompt that comes back here.
      await page.goto(`${server.baseUrl}/tai-khoan/thong-bao`);
      await eventually(() => page.locator('h1').textContent()).toBe('Thông báo');
      expect(await main.textContent()).toContain('Đăng nhập để xem thông báo.');
      await signInFromInbox(page);
      await eventually(() => main.textContent()).toContain('Chưa có thông báo nào.');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await savePassword(page, FIRST_PASSWORD);
      await savePassword(page, NEW_PASSWORD, FIRST_PASSWORD);

      // The account page links to the inbox with the number unread (delivered by the worker).
      await page.goto(`${server.baseUrl}/tai-khoan`);
      await eventually(async () => {
        await page.reload();
        await main.getByRole('link', { name: /^Thông báo/ }).waitFor();
        return main.getByRole('link', { name: /^Thông báo/ }).textContent();
      }).toBe('Thông báo (2) chưa đọc');
      const link = main.getByRole('link', { name: 'Thông báo (2) chưa đọc' });
      // Seen as "Thông báo (2)"; "chưa đọc" is for screen readers.
      expect(
        await link.evaluate((a: HTMLElement) =>
          [...a.childNodes]
            .filter((n) => !(n instanceof HTMLElement && n.classList.contains('visually-hidden')))
            .map((n) => n.textContent)
            .join(''),
        ),
      ).toBe('Thông báo (2)');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await link.click();

      await page.waitForURL(`${server.baseUrl}/tai-khoan/thong-bao`);
      const items = main.locator('.inbox-list > li');
      await eventually(() => items.count()).toBe(2);
      expect(await main.textContent()).toContain('2 thông báo chưa đọc');
      const changed = items.nth(0);
      expect(await changed.locator('summary').textContent()).toContain('Đã đổi mật khẩu đăng nhập');
      expect(await items.nth(1).locator('summary').textContent()).toContain('Đã đặt mật khẩu đăng nhập');
      for (const i of [0, 1]) {
        expect(await items.nth(i).locator('summary').textContent()).toContain('Chưa đọc');
        expect(await items.nth(i).locator('summary').textContent()).toMatch(dateTime);
      }
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'inbox');

      // Opening one shows it and marks it read, on the server too.
      await changed.locator('summary').click();
      const body = changed.locator('.inbox-item__body');
      await eventually(() => body.isVisible()).toBe(true);
      expect(await body.textContent()).toMatch(
        /^Mật khẩu đăng nhập Công dân số của Ông\/Bà đã được đổi lúc \d{2}:\d{2}, \d{2}\/\d{2}\/\d{4}; /,
      );
      expect(await body.textContent()).toContain('Tổng đài 1022');
      expect(await body.textContent()).not.toContain(NEW_PASSWORD);
      expect(await body.getByRole('link', { name: '/tai-khoan/bao-mat' }).getAttribute('href')).toBe(
        '/tai-khoan/bao-mat',
      );
      await eventually(() => changed.locator('summary').textContent()).not.toContain('Chưa đọc');
      await eventually(() => main.textContent()).toContain('1 thông báo chưa đọc');
      expect(await items.nth(1).locator('summary').textContent()).toContain('Chưa đọc');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await main.getByRole('button', { name: 'Đánh dấu đã đọc tất cả' }).click();
      await eventually(() => main.getByRole('status').first().textContent()).toContain(
        'Đã đánh dấu đã đọc tất cả thông báo.',
      );
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
        'Đã đánh dấu đã đọc tất cả thông báo.',
      );
      expect(await main.textContent()).toContain('Đã đọc tất cả thông báo.');
      expect(await main.locator('.inbox-badge').count()).toBe(0);
      expect(await main.getByRole('button', { name: 'Đánh dấu đã đọc tất cả' }).count()).toBe(0);

      // The count is gone from the account page, and the inbox stays read after a reload.
      await main.getByRole('link', { name: 'Tài khoản của tôi' }).click();
      await page.waitForURL(`${server.baseUrl}/tai-khoan`);
      await eventually(() => main.getByRole('link', { name: 'Thông báo', exact: true }).count()).toBe(1);
      expect(await main.textContent()).not.toContain('chưa đọc');
      await page.goto(`${server.baseUrl}/tai-khoan/thong-bao`);
      await eventually(() => items.count()).toBe(2);
      expect(await main.locator('.inbox-badge').count()).toBe(0);
    });
  },
);
