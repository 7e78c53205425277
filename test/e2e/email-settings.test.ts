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

const PHONE = '0905 371 246';
const E164 = '+84905371246';
// The number in any written form; a bare '905' could be part of a random six-digit code.
const PHONE_IN_TEXT = /\+84|905\s?371\s?246/;
const ADDRESS = 'nguyen.thi.hoa.rat.dai.de.thu.xuong.dong@congdanso-thu-nghiem.vn';
const mobile = { width: 360, height: 740 };

interface OutboxMessage {
  channel: string;
  to: string;
  body: string;
}

describe.skipIf(skipReason !== null)(
  `e-mail address on the security page, and sign-in codes by e-mail, in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
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

    async function outbox(to: string): Promise<OutboxMessage[]> {
      const res = await fetch(`${server.baseUrl}/dev/outbox.json?to=${encodeURIComponent(to)}`);
      expect(res.status).toBe(200);
      return (await res.json()) as OutboxMessage[];
    }

    /** Waits (bounded) for one more message to `to`; returns it and the code in it. */
    async function nextMessage(to: string, seenBefore: number) {
      await eventually(async () => (await outbox(to)).length).toBeGreaterThan(seenBefore);
      const [latest] = await outbox(to);
      const code = /\b(\d{6})\b/.exec(latest?.body ?? '')?.[1];
      expect(code, latest?.body).toBeDefined();
      return { message: latest!, code: code! };
    }

    /** From the sign-in page, with the chosen channel; returns the code that arrived at `inbox`. */
    async function signIn(page: Page, channel: string, inbox: string, next = '/tai-khoan/bao-mat') {
      const before = (await outbox(inbox)).length;
      await page.goto(`${server.baseUrl}/dang-nhap?${new URLSearchParams({ next })}`);
      await eventually(() => page.locator('h1').textContent()).toBe('Đăng nhập');
      const citizen = page.locator('section[aria-labelledby="citizen-login-heading"]');
      await citizen.getByLabel('Số điện thoại di động').fill(PHONE);
      await citizen.getByRole('radio', { name: channel }).check();
      await citizen.getByRole('button', { name: 'Tiếp tục' }).click();
      await page.waitForURL(/\/dang-nhap\/ma\?next=/);
      const { message, code } = await nextMessage(inbox, before);
      await page.getByLabel('Mã xác thực', { exact: true }).fill(code);
      await page.locator('main').getByRole('button', { name: 'Tiếp tục' }).click();
      await page.waitForURL(`${server.baseUrl}${next}`);
      return message;
    }

    const noSidewaysScroll = (page: Page) =>
      page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

    it('adds an address with a code sent to it (refusals shown at the field), signs in with a code by e-mail, removes it', async () => {
      const page = await browser.freshPage(server.baseUrl);
      await page.setViewportSize(mobile);
      const main = page.locator('main');
      const section = main.locator('section[aria-labelledby="email-heading"]');

      // The e-mail choice is offered at sign-in; without an address on the account the code comes by SMS.
      const first = await signIn(page, 'Thư điện tử (nếu đã thêm vào tài khoản)', E164);
      expect(first.channel).toBe('sms');
      await eventually(() => page.locator('h1').textContent()).toBe('Bảo mật đăng nhập');
      await eventually(() => section.textContent()).toContain('Chưa thêm thư điện tử');
      expect(await seriousAxeViolations(page)).toEqual([]);

      // Add: the field takes focus; a server refusal is shown in the summary and at the field.
      await section.getByRole('button', { name: 'Thêm thư điện tử' }).click();
      const field = section.getByLabel('Địa chỉ thư điện tử');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('new-email');
      expect(await field.getAttribute('type')).toBe('email');
      expect(await field.getAttribute('autocomplete')).toBe('email');
      expect(await section.textContent()).toContain('Ví dụ: nguyenvanan@gmail.com');
      await field.fill('nguyễn.thị.hoa@gmail.com');
      await section.getByRole('button', { name: 'Gửi mã xác nhận' }).click();
      await eventually(() => page.locator('#new-email-error').textContent()).toContain('chữ không dấu');
      expect(await page.locator('.error-summary').textContent()).toContain('chữ không dấu');
      expect(await field.getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => page.title()).toMatch(/^Lỗi: Bảo mật đăng nhập/);
      expect(await seriousAxeViolations(page)).toEqual([]);

      const mailsBefore = (await outbox(ADDRESS)).length;
      await field.fill(`  ${ADDRESS.toUpperCase()} `);
      await section.getByRole('button', { name: 'Gửi mã xác nhận' }).click();
      await eventually(() => section.locator('h3').textContent()).toBe('Nhập mã xác nhận');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Nhập mã xác nhận');
      await expect.poll(() => page.title()).toMatch(/^Bảo mật đăng nhập/);
      expect(await section.textContent()).toContain(`đã được gửi tới ${ADDRESS}`);
      expect(await section.textContent()).toMatch(/Mã có hiệu lực đến \d{2}:\d{2}/);
      const resend = section.getByRole('button', { name: /^Gửi lại mã \(sau \d:\d\d\)$/ });
      expect(await resend.getAttribute('aria-disabled')).toBe('true');
      const codeInput = section.getByLabel('Mã xác nhận', { exact: true });
      expect(await codeInput.getAttribute('inputmode')).toBe('numeric');
      expect(await codeInput.getAttribute('autocomplete')).toBe('one-time-code');
      const { message, code } = await nextMessage(ADDRESS, mailsBefore);
      expect(message.channel).toBe('email');
      expect(message.body).toContain('Mã xác nhận thư điện tử');
      expect(message.body).not.toMatch(PHONE_IN_TEXT);
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(await noSidewaysScroll(page)).toBe(true);

      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      await codeInput.fill(wrong);
      await section.getByRole('button', { name: 'Xác nhận', exact: true }).click();
      await eventually(() => page.locator('#email-code-error').textContent()).toContain('Còn 4 lần thử');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await codeInput.fill(`${code.slice(0, 3)} ${code.slice(3)}`);
      await section.getByRole('button', { name: 'Xác nhận', exact: true }).click();
      await eventually(() => section.getByRole('status').first().textContent()).toContain(
        `Đã thêm thư điện tử ${ADDRESS}.`,
      );
      expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Đã thêm thư điện tử');
      expect(await section.locator('.status-line').textContent()).toBe(`✓\u00a0${ADDRESS}`);
      expect(await section.getByRole('button', { name: 'Đổi thư điện tử' }).count()).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(await noSidewaysScroll(page)).toBe(true);
      await saveScreenshot(page, 'email-settings');

      // Sign out, then sign in with the code sent to the address (no new SMS).
      const sms = (await outbox(E164)).length;
      await page.evaluate(async () => {
        const me = await (await fetch('/api/v1/me')).json();
        await fetch('/api/v1/auth/logout', { method: 'POST', headers: { 'x-csrf-token': me.csrfToken } });
      });
      await server.db.query(
        `update identity.otp_challenges set created_at = created_at - interval '5 minutes' where phone = $1`,
        [E164],
      );
      const byMail = await signIn(page, 'Thư điện tử (nếu đã thêm vào tài khoản)', ADDRESS);
      expect(byMail.channel).toBe('email');
      expect(byMail.body).toContain('mã đăng nhập Công dân số');
      expect(byMail.body).not.toMatch(PHONE_IN_TEXT);
      expect((await outbox(E164)).length).toBe(sms);
      await eventually(() => section.locator('.status-line').textContent()).toBe(`✓\u00a0${ADDRESS}`);

      // Remove, after confirming.
      await section.getByRole('button', { name: 'Xoá thư điện tử' }).click();
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
        `Xoá thư điện tử ${ADDRESS}?`,
      );
      expect(await seriousAxeViolations(page)).toEqual([]);
      expect(await noSidewaysScroll(page)).toBe(true);
      await section.getByRole('button', { name: 'Có, xoá thư điện tử' }).click();
      await eventually(() => section.getByRole('status').first().textContent()).toContain(
        `Đã xoá thư điện tử ${ADDRESS}.`,
      );
      expect(await section.locator('.status-line').textContent()).toBe('Chưa thêm thư điện tử');
      expect(await page.evaluate(async () => (await (await fetch('/api/v1/me')).json()).email)).toBeNull();
      expect(await seriousAxeViolations(page)).toEqual([]);
    });
  },
);
