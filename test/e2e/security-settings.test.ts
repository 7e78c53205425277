import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt, totpStep } from '../../src/modules/identity/security/totp.js';
import {
  browserSkipReason,
  browserTestTimeout,
  type E2eBrowser,
  type E2eServer,
  eventually,
  launchBrowser,
  launchSecondBrowser,
  saveScreenshot,
  seriousAxeViolations,
  startServer,
} from './browser.js';

const skipReason = browserSkipReason();

const PHONE = '0905 246 813';
const E164 = '+84905246813';
const ANDROID_UA =
  'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36';
const mobile = { width: 360, height: 740 };
const dateTime = /\d{2}:\d{2}, \d{2}\/\d{2}\/\d{4}/;

describe.skipIf(skipReason !== null)(
  `sign-in security settings in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: browserTestTimeout },
  () => {
    let server: E2eServer;
    let browser: E2eBrowser;
    /** The "other phone": its own browser, so its own cookies, with an Android user agent. */
    let other: Browser;

    beforeAll(async () => {
      [server, browser, other] = await Promise.all([startServer(), launchBrowser(), launchSecondBrowser()]);
    });

    afterAll(async () => {
      await other?.close();
      await browser?.close();
      await server?.close();
    });

    async function smsCount(): Promise<number> {
      const res = await fetch(`${server.baseUrl}/dev/outbox.json?to=${encodeURIComponent(E164)}`);
      return ((await res.json()) as { channel: string }[]).filter((m) => m.channel === 'sms').length;
    }

    /** Opens the security page signed out, follows it to sign-in, signs in and comes back to it. */
    async function signInThroughSecurityPage(page: Page) {
      await page.goto(`${server.baseUrl}/tai-khoan/bao-mat`);
      await page.waitForURL(/\/dang-nhap\?next=%2Ftai-khoan%2Fbao-mat$/);
      const before = await smsCount();
      const citizen = page.locator('section[aria-labelledby="citizen-login-heading"]');
      await citizen.getByLabel('Số điện thoại di động').fill(PHONE);
      await citizen.getByRole('button', { name: 'Tiếp tục' }).click();
      await page.waitForURL(/\/dang-nhap\/ma\?next=/);
      await eventually(smsCount).toBeGreaterThan(before);
      const res = await fetch(`${server.baseUrl}/dev/outbox.json?to=${encodeURIComponent(E164)}`);
      const [latest] = (await res.json()) as { body: string }[];
      const code = /\b(\d{6})\b/.exec(latest?.body ?? '')?.[1];
      expect(code).toBeDefined();
      await page.getByLabel('Mã xác thực', { exact: true }).fill(code!);
      await page.locator('main').getByRole('button', { name: 'Tiếp tục' }).click();
      await page.waitForURL(`${server.baseUrl}/tai-khoan/bao-mat`);
      await eventually(() => page.locator('h1').textContent()).toBe('Bảo mật đăng nhập');
    }

    it('password refused with the reason then set, authenticator app with recovery codes, another device signed out', async () => {
      const page = await browser.freshPage(server.baseUrl);
      await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: server.baseUrl,
      });
      await page.setViewportSize(mobile);
      const main = page.locator('main');

      // The page is only for the signed-in person: sign-in first, then back here.
      await signInThroughSecurityPage(page);
      await eventually(() => main.textContent()).toContain('Chưa đặt mật khẩu');
      expect(await main.textContent()).toContain('Chưa bật');
      const devices = main.locator('.device-list > li');
      await eventually(() => devices.count()).toBe(1);
      expect(await devices.first().textContent()).toContain('✓ Thiết bị này');
      expect(await devices.first().textContent()).toContain('Chrome trên Linux');
      expect(await devices.first().textContent()).toMatch(dateTime);
      expect(await devices.first().getByRole('button').count()).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);

      // Password: a common one is refused with the server's reason, on the field and in the summary.
      await main.getByRole('link', { name: 'Đặt mật khẩu' }).click();
      await eventually(() => page.locator('h1').textContent()).toBe('Đặt mật khẩu');
      expect(await main.getByLabel('Mật khẩu hiện tại').count()).toBe(0);
      const password = main.getByLabel('Mật khẩu mới');
      expect(await password.getAttribute('autocomplete')).toBe('new-password');
      expect(await password.getAttribute('type')).toBe('password');
      await password.fill('Password2024!');
      await main.getByRole('button', { name: 'Hiện mật khẩu' }).click();
      expect(await password.getAttribute('type')).toBe('text');
      expect(await main.getByRole('button', { name: 'Ẩn mật khẩu' }).count()).toBe(1);
      await main.getByRole('button', { name: 'Lưu mật khẩu' }).click();
      const summary = page.locator('.error-summary');
      await eventually(() => summary.textContent()).toContain('quá phổ biến');
      expect(await page.locator('#new-password-error').textContent()).toContain('quá phổ biến');
      expect(await password.getAttribute('aria-invalid')).toBe('true');
      // Hidden again after submitting, so it is not left on screen.
      expect(await password.getAttribute('type')).toBe('password');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(
        true,
      );
      await expect.poll(() => page.title()).toMatch(/^Lỗi: Đặt mật khẩu/);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'security-password-error');

      await password.fill('Hoa-sen-tren-song-Han-42');
      await main.getByRole('button', { name: 'Lưu mật khẩu' }).click();
      await page.waitForURL(`${server.baseUrl}/tai-khoan/bao-mat`);
      await eventually(() => main.textContent()).toContain('Đã đặt mật khẩu. Các thiết bị khác');
      await eventually(() => main.textContent()).toContain('✓ Đã đặt mật khẩu');
      expect(await main.getByRole('link', { name: 'Đổi mật khẩu' }).count()).toBe(1);

      // Authenticator app: QR (the server's SVG as an image) and the key in groups for typing by hand.
      await main.getByRole('link', { name: 'Bật ứng dụng xác thực' }).click();
      await eventually(() => page.locator('h1').textContent()).toBe('Ứng dụng xác thực');
      await main.getByRole('button', { name: 'Bắt đầu' }).click();
      await eventually(() => page.locator('h1').textContent()).toBe('Thêm tài khoản vào ứng dụng xác thực');
      const qr = main.getByRole('img', { name: /Mã QR để thêm tài khoản/ });
      expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3C/);
      await eventually(() =>
        qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0),
      ).toBe(true);
      const grouped = (await main.locator('.totp-key').textContent()) ?? '';
      expect(grouped).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
      const secret = grouped.replace(/\s/g, '');
      const appLink = main.getByRole('link', { name: 'Mở trong ứng dụng xác thực' });
      expect(await appLink.getAttribute('href')).toContain(`secret=${secret}`);
      const codeInput = main.getByLabel('Mã từ ứng dụng xác thực');
      expect(await codeInput.getAttribute('autocomplete')).toBe('one-time-code');
      expect(await codeInput.getAttribute('inputmode')).toBe('numeric');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'security-totp-scan');

      const right = () => totpCodeAt(secret, totpStep(new Date()));
      const wrong = String((Number(right()) + 500_000) % 1_000_000).padStart(6, '0');
      await codeInput.fill(wrong);
      await main.getByRole('button', { name: 'Xác nhận và bật' }).click();
      await eventually(() => page.locator('#totp-code-error').textContent()).toContain('Nhập mã 6 chữ số');
      expect(await page.locator('.error-summary').textContent()).toContain('Có thông tin cần sửa');

      const code = right();
      await codeInput.fill(`${code.slice(0, 3)} ${code.slice(3)}`);
      await main.getByRole('button', { name: 'Xác nhận và bật' }).click();
      await eventually(() => page.locator('h1').textContent()).toBe('Lưu mã khôi phục');
      expect(await main.textContent()).toContain('Các mã này chỉ hiển thị một lần');
      const codes = await main.locator('.recovery-codes li').allTextContents();
      expect(codes).toHaveLength(10);
      for (const c of codes) expect(c).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);

      await main.getByRole('button', { name: 'Sao chép các mã' }).click();
      await eventually(() => main.textContent()).toContain('Đã sao chép các mã khôi phục.');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(codes.join('\n'));
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        main.getByRole('link', { name: 'Tải tệp .txt' }).click(),
      ]);
      expect(download.suggestedFilename()).toBe('ma-khoi-phuc-cong-dan-so.txt');
      const file = fs.readFileSync((await download.path())!, 'utf8');
      expect(file).toContain('Mã khôi phục — Công dân số');
      expect(file).toContain('Tài khoản: 0905 246 813');
      for (const c of codes) expect(file).toContain(c);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'security-recovery-codes');

      await main.getByRole('link', { name: 'Đã lưu các mã, hoàn tất' }).click();
      await page.waitForURL(`${server.baseUrl}/tai-khoan/bao-mat`);
      await eventually(() => main.textContent()).toContain('✓ Đang bật');
      expect(await main.textContent()).toContain('Còn 10 mã khôi phục chưa dùng.');
      // A citizen may turn it off again, with a code or a recovery code.
      await main.getByRole('link', { name: 'Quản lý ứng dụng xác thực' }).click();
      await eventually(() => main.getByRole('button', { name: 'Tắt ứng dụng xác thực' }).count()).toBe(1);
      await main.getByLabel('Mã khôi phục (khi không có điện thoại)').check();
      expect(await main.getByLabel('Mã khôi phục', { exact: true }).count()).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await main.getByRole('link', { name: 'Quay lại' }).click();

      // A second phone signs in (the one-time code cooldown is per number, not what this test is about).
      await server.db.query(
        `update identity.otp_challenges set created_at = created_at - interval '5 minutes' where phone = $1`,
        [E164],
      );
      const otherContext = await other.newContext({
        userAgent: ANDROID_UA,
        viewport: mobile,
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
      });
      const otherPage = await otherContext.newPage();
      otherPage.setDefaultTimeout(20_000);
      await signInThroughSecurityPage(otherPage);
      const otherDevices = otherPage.locator('main .device-list > li');
      await eventually(() => otherDevices.count()).toBe(2);
      expect(
        await otherPage.locator('main .device-list > li', { hasText: '✓ Thiết bị này' }).textContent(),
      ).toContain('Chrome trên Android');

      // …and is signed out from the first one.
      await page.reload();
      await eventually(() => devices.count()).toBe(2);
      const phone = main.locator('.device-list > li', { hasText: 'Chrome trên Android' });
      expect(await phone.textContent()).not.toContain('Thiết bị này');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'security-settings');
      await phone.getByRole('button', { name: 'Đăng xuất thiết bị này' }).click();
      await eventually(() => main.getByRole('status').first().textContent()).toContain(
        'Đã đăng xuất thiết bị: Chrome trên Android.',
      );
      await eventually(() => devices.count()).toBe(1);
      expect(await otherPage.evaluate(async () => (await fetch('/api/v1/me')).status)).toBe(401);
      await otherPage.reload();
      await otherPage.waitForURL(/\/dang-nhap\?next=%2Ftai-khoan%2Fbao-mat$/);
      await eventually(() => otherPage.locator('h1').textContent()).toBe('Đăng nhập');
      await otherContext.close();

      // Signing out everywhere asks first, then ends this session too.
      await main.getByRole('button', { name: 'Đăng xuất trên mọi thiết bị' }).click();
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
        'Đăng xuất trên mọi thiết bị?',
      );
      expect(await seriousAxeViolations(page)).toEqual([]);
      await main.getByRole('button', { name: 'Có, đăng xuất tất cả' }).click();
      await eventually(() => page.locator('h1').textContent()).toBe('Đã đăng xuất trên mọi thiết bị');
      await eventually(() =>
        page.locator('header').getByRole('link', { name: 'Đăng nhập', exact: true }).count(),
      ).toBe(1);
      expect(await page.evaluate(async () => (await fetch('/api/v1/me')).status)).toBe(401);
    });
  },
);
