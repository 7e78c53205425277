import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../src/modules/directory/module.js';
import { DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET } from '../../src/modules/identity/accounts/seed.js';
import { totpCodeAt, totpStep } from '../../src/modules/identity/security/totp.js';
import { seedDemo } from '../../src/seed.js';
import {
  browserSkipReason,
  browserTestTimeout,
  type E2eBrowser,
  type E2eServer,
  eventually,
  launchBrowser,
  seriousAxeViolations,
  startServer,
} from './browser.js';

const skipReason = browserSkipReason();

describe.skipIf(skipReason !== null)(
  `staff admin in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: browserTestTimeout },
  () => {
    let server: E2eServer;
    let browser: E2eBrowser;
    let page: Page;

    beforeAll(async () => {
      [server, browser] = await Promise.all([
        startServer(async (db, config) => {
          await db.tx(async (tx) => void (await seedDirectory(tx)));
          await seedDemo(db, config);
        }),
        launchBrowser(),
      ]);
      page = await browser.freshPage(server.baseUrl);
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('a staff page asks for sign-in, and the staff form returns there afterwards', async () => {
      await page.goto(`${server.baseUrl}/can-bo/co-quan`);
      await eventually(() => page.locator('h1').textContent()).toBe('Cần đăng nhập bằng tài khoản cán bộ');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByRole('link', { name: 'Đăng nhập tài khoản cán bộ' }).click();
      await page.waitForURL(/\/dang-nhap\?next=%2Fcan-bo%2Fco-quan$/);
      await page.getByLabel('Thư điện tử công vụ').fill('quantri@congdanso.danang.vn');
      await page.getByLabel('Mật khẩu').fill(DEMO_STAFF_PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      // The password alone opens nothing: the authenticator code follows.
      const code = page.getByLabel('Mã xác thực hoặc mã khôi phục');
      await code.waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await code.fill('000000');
      await page.getByRole('button', { name: 'Xác nhận và đăng nhập' }).click();
      await eventually(() => page.locator('.error-summary').textContent()).toContain('Mã không đúng');
      await code.fill(totpCodeAt(DEMO_STAFF_TOTP_SECRET, totpStep(new Date())));
      await page.getByRole('button', { name: 'Xác nhận và đăng nhập' }).click();
      await page.waitForURL(/\/can-bo\/co-quan$/);
      await eventually(() => page.locator('h1').textContent()).toBe('Quản lý cơ quan');
      await page.locator('table tbody tr').first().waitFor();
      expect(await page.locator('header').textContent()).toContain('Phan Thị Quản Trị');
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    it('edits an agency: server field errors in the summary, then a saved change sent with the CSRF token', async () => {
      await page.getByLabel('Tìm cơ quan theo tên hoặc mã').fill('hai chau');
      await page.keyboard.press('Enter');
      await eventually(() => page.locator('table caption').textContent()).toBe('Cơ quan khớp với “hai chau”');
      await page.getByRole('link', { name: 'Ủy ban nhân dân phường Hải Châu' }).click();
      await eventually(() => page.locator('h1').textContent()).toBe('Ủy ban nhân dân phường Hải Châu');
      await expect
        .poll(() => page.getByLabel('Tên cơ quan').inputValue())
        .toBe('Ủy ban nhân dân phường Hải Châu');
      expect(await seriousAxeViolations(page)).toEqual([]);

      const phone = page.getByLabel('Số điện thoại (không bắt buộc)');
      await phone.fill('gọi trực tiếp');
      const rejected = page.waitForResponse((r) => r.request().method() === 'PATCH');
      await page.getByRole('button', { name: 'Lưu thông tin cơ quan' }).click();
      const problem = (await (await rejected).json()) as { errors: { pointer: string; message: string }[] };
      expect((await rejected).status()).toBe(400);
      const phoneError = problem.errors.find((e) => e.pointer.endsWith('/contact/phone'));
      expect(phoneError).toBeDefined();
      const summary = page.locator('.error-summary');
      await eventually(() => summary.textContent()).toContain(phoneError!.message);
      await expect.poll(() => page.title()).toMatch(/^Lỗi: /);
      expect(await page.locator('#agency-phone-error').textContent()).toContain(phoneError!.message);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await summary.getByRole('link', { name: phoneError!.message }).click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('agency-phone');

      await phone.fill('0236 3822 123');
      const saved = page.waitForRequest((r) => r.method() === 'PATCH');
      await page.getByRole('button', { name: 'Lưu thông tin cơ quan' }).click();
      expect((await saved).headers()['x-csrf-token']).toMatch(/.{16,}/);
      await eventually(() => page.getByRole('status').textContent()).toContain('Đã lưu thông tin cơ quan');
      expect(await summary.count()).toBe(0);
      await page.reload();
      await eventually(() => page.locator('h1').textContent()).toBe('Ủy ban nhân dân phường Hải Châu');
      await eventually(() => page.getByLabel('Số điện thoại (không bắt buộc)').inputValue()).toBe(
        '0236 3822 123',
      );
    });

    it('grants a staff role limited to one ward, then revokes it after confirmation', async () => {
      const table = page.locator('section[aria-labelledby="roles-heading"] table');
      await table.locator('tbody tr').first().waitFor();
      const before = await table.locator('tbody tr').count();

      await page.getByLabel('Thư điện tử công vụ của cán bộ').fill('motcua@congdanso.danang.vn');
      await page.getByLabel('Vai trò', { exact: true }).selectOption({ label: 'Cán bộ xử lý hồ sơ' });
      await page
        .getByLabel('Giới hạn trong phường, xã, đặc khu (không bắt buộc)')
        .selectOption({ label: 'Phường Hải Châu' });
      await page.getByRole('button', { name: 'Cấp vai trò' }).click();
      const row = table.locator('tbody tr', { hasText: 'Võ Minh Tiếp' });
      await eventually(() => row.count()).toBe(1);
      expect(await row.textContent()).toContain('Cán bộ xử lý hồ sơ');
      expect(await row.textContent()).toContain('Phường Hải Châu');
      expect(await table.locator('tbody tr').count()).toBe(before + 1);
      expect(await seriousAxeViolations(page)).toEqual([]);

      await row.getByRole('button', { name: 'Thu hồi vai trò' }).click();
      await row.getByRole('button', { name: 'Xác nhận thu hồi' }).click();
      await eventually(() => row.count()).toBe(0);
      expect(await table.locator('tbody tr').count()).toBe(before);
    });

    it('an agency admin resets an officer’s authenticator app', async () => {
      const reset = await page.evaluate(async () => {
        const me = await (await fetch('/api/v1/me')).json();
        const agencies = await (await fetch('/api/v1/directory/agencies?q=ubnd hai chau')).json();
        const haiChau = agencies.items.find((a: { code: string }) => a.code === '48-UBND-20242');
        const roles = await (await fetch(`/api/v1/directory/agencies/${haiChau.id}/staff-roles`)).json();
        const officer = roles.items.find(
          (r: { account: { email: string } | null }) =>
            r.account?.email === 'canbo.haichau@congdanso.danang.vn',
        );
        const res = await fetch(`/api/v1/identity/staff/${officer?.accountId}/reset-totp`, {
          method: 'POST',
          headers: { 'x-csrf-token': me.csrfToken },
        });
        return res.status;
      });
      expect(reset).toBe(204);
    });

    it('signs out from the header: the session ends on the server and staff pages ask for sign-in again', async () => {
      const loggedOut = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/logout'));
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      expect((await loggedOut).status()).toBe(204);
      await page.waitForURL(`${server.baseUrl}/`);
      expect(await page.locator('header').getByRole('link', { name: 'Đăng nhập' }).count()).toBe(1);
      await page.goto(`${server.baseUrl}/can-bo/co-quan`);
      await eventually(() => page.locator('h1').textContent()).toBe('Cần đăng nhập bằng tài khoản cán bộ');
    });

    it('after the reset, the officer enrols a new app at sign-in and sees the recovery codes once', async () => {
      const officerPage = await browser.freshPage(server.baseUrl);
      await officerPage.goto(`${server.baseUrl}/dang-nhap`);
      await officerPage.getByLabel('Thư điện tử công vụ').fill('canbo.haichau@congdanso.danang.vn');
      await officerPage.getByLabel('Mật khẩu').fill(DEMO_STAFF_PASSWORD);
      await officerPage.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      await eventually(() => officerPage.locator('h3').textContent()).toBe(
        'Cài đặt ứng dụng xác thực (lần đầu)',
      );
      expect(await officerPage.getByRole('img', { name: /Mã QR/ }).count()).toBe(1);
      expect(await seriousAxeViolations(officerPage)).toEqual([]);
      const secret = ((await officerPage.locator('.totp-key').textContent()) ?? '').replace(/\s/g, '');
      expect(secret).not.toBe(DEMO_STAFF_TOTP_SECRET);
      await officerPage.getByLabel('Mã 6 chữ số từ ứng dụng').fill(totpCodeAt(secret, totpStep(new Date())));
      await officerPage.getByRole('button', { name: 'Xác nhận và đăng nhập' }).click();
      const codes = officerPage.locator('.recovery-codes li');
      await eventually(() => codes.count()).toBe(10);
      expect(await seriousAxeViolations(officerPage)).toEqual([]);
      await officerPage.getByRole('button', { name: 'Đã lưu các mã, tiếp tục' }).click();
      await officerPage.waitForURL(/\/can-bo\/co-quan$/);
      expect(await officerPage.locator('header').textContent()).toContain('Đặng Thị Châu');
      await officerPage.close();
    });
  },
);
