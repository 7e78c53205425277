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

interface OutboxMessage {
  channel: string;
  to: string;
  body: string;
  createdAt: string;
}

describe.skipIf(skipReason !== null)(
  `citizen sign-in with a one-time code in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
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

    /** SMS messages the simulated gateway delivered to a number, newest first (the dev outbox). */
    async function smsTo(e164: string): Promise<OutboxMessage[]> {
      const res = await fetch(`${server.baseUrl}/dev/outbox.json?to=${encodeURIComponent(e164)}`);
      expect(res.status).toBe(200);
      return ((await res.json()) as OutboxMessage[]).filter((m) => m.channel === 'sms');
    }

    /** Waits (bounded) for the delivery job to pass one more SMS to the simulator; returns its code. */
    async function nextCode(e164: string, seenBefore: number): Promise<string> {
      await eventually(async () => (await smsTo(e164)).length).toBeGreaterThan(seenBefore);
      const [latest] = await smsTo(e164);
      const code = /\b(\d{6})\b/.exec(latest?.body ?? '')?.[1];
      expect(code, latest?.body).toBeDefined();
      return code!;
    }

    async function requestCode(page: Page, phone: string) {
      await page.goto(`${server.baseUrl}/dang-nhap`);
      await eventually(() => page.locator('h1').textContent()).toBe('Đăng nhập');
      const citizen = page.locator('section[aria-labelledby="citizen-login-heading"]');
      await citizen.getByLabel('Số điện thoại di động').fill(phone);
      await citizen.getByRole('button', { name: 'Tiếp tục' }).click();
      return citizen;
    }

    const codeInput = (page: Page) => page.getByLabel('Mã xác thực', { exact: true });

    it('registers a new number, signs in with the code, stays signed in after reload, signs out', async () => {
      const page = await browser.freshPage(server.baseUrl);
      await page.goto(`${server.baseUrl}/dang-nhap`);
      await eventually(() => page.locator('h1').textContent()).toBe('Đăng nhập');
      const citizen = page.locator('section[aria-labelledby="citizen-login-heading"]');
      expect(await citizen.textContent()).toContain('Mã xác thực sẽ được gửi qua SMS (hoặc Zalo)');
      expect(await citizen.getByRole('radio', { name: 'Tin nhắn SMS' }).isChecked()).toBe(true);
      expect(await citizen.getByRole('radio', { name: 'Zalo' }).isChecked()).toBe(false);
      expect(await citizen.getByLabel('Đây là máy dùng chung').isChecked()).toBe(false);
      expect(await seriousAxeViolations(page)).toEqual([]);

      const before = (await smsTo('+84905123678')).length;
      await requestCode(page, '0905 123 678');
      await page.waitForURL(/\/dang-nhap\/ma$/);
      await eventually(() => page.locator('h1').textContent()).toBe('Nhập mã xác thực');
      const main = page.locator('main');
      expect(await main.textContent()).toContain('Mã đã gửi tới 09•• ••• 678');
      expect(await main.textContent()).toMatch(/Mã có hiệu lực đến \d{2}:\d{2}/);
      const input = codeInput(page);
      expect(await input.getAttribute('type')).toBe('text');
      expect(await input.getAttribute('inputmode')).toBe('numeric');
      expect(await input.getAttribute('autocomplete')).toBe('one-time-code');
      expect(await input.getAttribute('maxlength')).toBeNull();
      const resend = main.getByRole('button', { name: /^Gửi lại mã \(sau \d:\d\d\)$/ });
      expect(await resend.getAttribute('aria-disabled')).toBe('true');
      // The countdown is not announced; the live region stays empty until resending is possible.
      expect(await main.locator('[aria-live="polite"]').textContent()).toBe('');
      expect(await main.getByText('Không nhận được mã?').count()).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);

      // Reload keeps the request (sessionStorage), as every URL must work after a reload.
      await page.reload();
      await eventually(() => page.locator('main').textContent()).toContain('Mã đã gửi tới 09•• ••• 678');
      await main.getByText('Không nhận được mã?').click();
      expect(await main.getByRole('button', { name: /^Gửi lại mã qua Zalo \(sau \d:\d\d\)$/ }).count()).toBe(
        1,
      );
      expect(await main.getByRole('link', { name: 'Đổi số điện thoại' }).getAttribute('href')).toBe(
        '/dang-nhap',
      );
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'otp-code');
      await page.setViewportSize({ width: 360, height: 740 });
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 1280, height: 800 });

      const code = await nextCode('+84905123678', before);
      // Pasted with a space in the middle, as some SMS apps copy it.
      await codeInput(page).fill(`${code.slice(0, 3)} ${code.slice(3)}`);
      await main.getByRole('button', { name: 'Tiếp tục' }).click();
      await page.waitForURL(`${server.baseUrl}/`);
      const header = page.locator('header');
      await eventually(() => header.textContent()).toContain('0905 123 678');
      await eventually(() => page.locator('main').textContent()).toContain('Xin chào');
      expect(await page.locator('main').textContent()).toContain('Mức 1 — đã xác thực số điện thoại');
      expect(await header.getByRole('link', { name: 'Đăng nhập', exact: true }).count()).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'citizen-home');

      await page.reload();
      await eventually(() => page.locator('header').textContent()).toContain('0905 123 678');
      expect(await page.locator('main').textContent()).toContain('Mức 1 — đã xác thực số điện thoại');

      await page
        .locator('header')
        .getByRole('link', { name: /0905 123 678/ })
        .click();
      await page.waitForURL(/\/tai-khoan$/);
      await eventually(() => page.locator('h1').textContent()).toBe('Tài khoản của tôi');
      expect(await page.locator('main').textContent()).toContain('0905 123 678');
      expect(await seriousAxeViolations(page)).toEqual([]);

      const logoutRequest = page.waitForRequest((r) => r.url().endsWith('/api/v1/auth/logout'));
      await page.locator('main').getByRole('button', { name: 'Đăng xuất' }).click();
      expect((await logoutRequest).headers()['x-csrf-token']).toBeTruthy();
      await page.waitForURL(`${server.baseUrl}/`);
      await eventually(() =>
        page.locator('header').getByRole('link', { name: 'Đăng nhập', exact: true }).count(),
      ).toBe(1);
      expect(await page.locator('header').textContent()).not.toContain('0905 123 678');
      const me = await page.evaluate(async () => (await fetch('/api/v1/me')).status);
      expect(me).toBe(401);
      await page.reload();
      await eventually(() =>
        page.locator('header').getByRole('link', { name: 'Đăng nhập', exact: true }).count(),
      ).toBe(1);
    });

    it('a wrong code shows the error summary and the field error with the attempts left', async () => {
      const page = await browser.freshPage(server.baseUrl);
      const before = (await smsTo('+84906111222')).length;
      await requestCode(page, '+84 906 111 222');
      await page.waitForURL(/\/dang-nhap\/ma$/);
      const code = await nextCode('+84906111222', before);
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');

      await codeInput(page).fill(wrong);
      await page.locator('main').getByRole('button', { name: 'Tiếp tục' }).click();
      const summary = page.locator('.error-summary');
      await eventually(() => summary.textContent()).toContain('Còn 4 lần thử');
      expect(await summary.textContent()).toContain('Có thông tin cần sửa');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(
        true,
      );
      expect(await page.locator('#otp-code-error').textContent()).toContain('Mã không đúng');
      expect(await page.locator('#otp-code-error').textContent()).toContain('Còn 4 lần thử');
      expect(await codeInput(page).getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => page.title()).toMatch(/^Lỗi: Nhập mã xác thực/);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await summary.getByRole('link').click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('otp-code');

      // Letters are refused in the browser with the same summary + inline pattern.
      await codeInput(page).fill('12a456');
      await page.locator('main').getByRole('button', { name: 'Tiếp tục' }).click();
      await eventually(() => summary.textContent()).toContain('Mã xác thực gồm 6 chữ số');
    });

    it('when the resend wait is over it is announced once; the server still enforces its cooldown', async () => {
      const page = await browser.freshPage(server.baseUrl);
      const before = (await smsTo('+84907333444')).length;
      await requestCode(page, '0907 333 444');
      await page.waitForURL(/\/dang-nhap\/ma$/);
      await nextCode('+84907333444', before);
      // Pretend the code was sent almost a minute ago in this tab; the server knows better.
      await page.evaluate(() => {
        const pending = JSON.parse(sessionStorage.getItem('cds.otp') ?? '{}');
        sessionStorage.setItem('cds.otp', JSON.stringify({ ...pending, sentAt: Date.now() - 58_000 }));
      });
      await page.reload();
      const main = page.locator('main');
      await eventually(() => main.locator('[aria-live="polite"]').textContent()).toBe(
        'Đã có thể gửi lại mã.',
      );
      const resend = main.getByRole('button', { name: 'Gửi lại mã', exact: true });
      expect(await resend.getAttribute('aria-disabled')).toBeNull();
      await resend.click();
      const summary = page.locator('.error-summary');
      await eventually(() => summary.textContent()).toContain('Vui lòng chờ trước khi gửi lại mã');
      await eventually(() => main.getByRole('button', { name: /^Gửi lại mã \(sau \d:\d\d\)$/ }).count()).toBe(
        1,
      );
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    it('a landline number gets the server’s field error next to the phone input', async () => {
      const page = await browser.freshPage(server.baseUrl);
      // The code page without a request in this tab leads back to the phone page.
      await page.goto(`${server.baseUrl}/dang-nhap/ma`);
      await eventually(() => page.locator('h1').textContent()).toBe('Nhập mã xác thực');
      expect(
        await page.locator('main').getByRole('link', { name: 'Nhập số điện thoại' }).getAttribute('href'),
      ).toBe('/dang-nhap');
      const citizen = await requestCode(page, '0236 3822 222');
      const summary = citizen.locator('.error-summary');
      await eventually(() => summary.textContent()).toContain('Đây là số máy bàn');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(
        true,
      );
      expect(await page.locator('#citizen-phone-error').textContent()).toContain('Đây là số máy bàn');
      expect(await citizen.getByLabel('Số điện thoại di động').getAttribute('aria-invalid')).toBe('true');
      expect(page.url()).toMatch(/\/dang-nhap$/);
      await expect.poll(() => page.title()).toMatch(/^Lỗi: Đăng nhập/);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  },
);
