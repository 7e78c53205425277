import type { Browser, BrowserContext, Page } from 'playwright-core';
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
  launchSecondBrowser,
  saveScreenshot,
  seriousAxeViolations,
  startServer,
} from './browser.js';

const skipReason = browserSkipReason();

const ADMIN = 'quantri.haichau@congdanso.danang.vn';
const NEW_NAME = 'Trịnh Thị Mới';
const NEW_EMAIL = 'canbo.moi.haichau@congdanso.danang.vn';
const NEW_PASSWORD = 'Cau-Rong-phun-lua-2026';
const dateTime = /\d{2}:\d{2}, \d{2}\/\d{2}\/\d{4}/;

describe.skipIf(skipReason !== null)(
  `staff accounts page in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: browserTestTimeout },
  () => {
    let server: E2eServer;
    let browser: E2eBrowser;
    /** The new officer's own browser (own cookies), so the admin stays signed in. */
    let other: Browser;
    let otherContext: BrowserContext;
    let page: Page;
    let officer: Page;
    let link = '';

    beforeAll(async () => {
      [server, browser, other] = await Promise.all([
        startServer(async (db, config) => {
          await db.tx(async (tx) => void (await seedDirectory(tx)));
          await seedDemo(db, config);
        }),
        launchBrowser(),
        launchSecondBrowser(),
      ]);
      page = await browser.freshPage(server.baseUrl);
      otherContext = await other.newContext({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
      officer = await otherContext.newPage();
      officer.setDefaultTimeout(20_000);
    });

    afterAll(async () => {
      await other?.close();
      await browser?.close();
      await server?.close();
    });

    const rowOf = (name: string) =>
      page.locator('table.people-table tbody tr', { has: page.locator('.people-name', { hasText: name }) });

    it('the Hải Châu admin signs in through the form and sees the ward’s staff with status, app and last sign-in', async () => {
      await page.goto(`${server.baseUrl}/can-bo/co-quan`);
      await page.getByRole('link', { name: 'Đăng nhập tài khoản cán bộ' }).click();
      await page.getByLabel('Thư điện tử công vụ').fill(ADMIN);
      await page.getByLabel('Mật khẩu').fill(DEMO_STAFF_PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      const code = page.getByLabel('Mã xác thực hoặc mã khôi phục');
      await code.fill(totpCodeAt(DEMO_STAFF_TOTP_SECRET, totpStep(new Date())));
      await page.getByRole('button', { name: 'Xác nhận và đăng nhập' }).click();
      await page.waitForURL(/\/can-bo\/co-quan$/);
      await page.getByRole('link', { name: 'Quản lý cán bộ' }).click();
      await page.waitForURL(/\/can-bo\/nhan-su$/);
      await eventually(() => page.locator('h1').textContent()).toBe('Quản lý cán bộ');
      // One administered agency: its list opens without a choice.
      await eventually(() => page.locator('table caption').textContent()).toBe(
        'Cán bộ của Ủy ban nhân dân phường Hải Châu',
      );
      const names = await page.locator('table.people-table .people-name').allTextContents();
      expect(names).toEqual(['Đặng Thị Châu', 'Hồ Văn Hải', 'Lương Thị Tình']);
      const self = rowOf('Hồ Văn Hải');
      expect(await self.textContent()).toContain('(tài khoản đang dùng)');
      expect(await self.textContent()).toContain('✓ Đang hoạt động');
      expect(await self.textContent()).toContain('✓ Đã cài');
      expect(await self.locator('td').nth(4).textContent()).toMatch(dateTime);
      expect(await self.getByRole('button', { name: /Khoá tài khoản/ }).count()).toBe(0);
      const volunteer = rowOf('Lương Thị Tình');
      expect(await volunteer.textContent()).toContain('Chưa đăng nhập');
      expect(await volunteer.textContent()).toContain('Phường Hải Châu');
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    it('searches without Vietnamese marks, the query kept in the address', async () => {
      await page.getByLabel('Tìm cán bộ theo họ tên hoặc thư điện tử').fill('luong thi');
      await page.keyboard.press('Enter');
      await page.waitForURL(/q=luong\+thi/);
      await eventually(() => page.locator('table caption').textContent()).toBe(
        'Cán bộ của Ủy ban nhân dân phường Hải Châu khớp với “luong thi”',
      );
      expect(await page.locator('table.people-table .people-name').allTextContents()).toEqual([
        'Lương Thị Tình',
      ]);
      await page.getByLabel('Tìm cán bộ theo họ tên hoặc thư điện tử').fill('');
      await page.keyboard.press('Enter');
      await eventually(() => page.locator('table.people-table tbody tr').count()).toBe(3);
    });

    it('invites an officer: errors in the summary, then the one-time link with its expiry and a copy button', async () => {
      const submit = page.getByRole('button', { name: 'Tạo lời mời' });
      await submit.click();
      const summary = page.locator('#invite-errors-title').locator('..');
      await eventually(() => summary.textContent()).toContain('Nhập họ và tên của cán bộ');
      await expect.poll(() => page.title()).toMatch(/^Lỗi: /);

      await page.getByLabel('Họ và tên').fill(NEW_NAME);
      await page.getByLabel('Thư điện tử công vụ').fill('canbo.haichau@congdanso.danang.vn');
      await submit.click();
      await eventually(() => summary.textContent()).toContain('Địa chỉ thư điện tử này đã có tài khoản.');
      expect(await page.locator('#invite-email-error').textContent()).toContain('đã có tài khoản');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByLabel('Thư điện tử công vụ').fill(NEW_EMAIL);
      await submit.click();
      const panel = page.locator('section.invitation-link');
      await eventually(() => panel.locator('h2').textContent()).toBe(
        `Đường dẫn đặt mật khẩu cho ${NEW_NAME}`,
      );
      expect(await panel.textContent()).toContain('Đường dẫn chỉ hiện một lần');
      expect(await panel.textContent()).toMatch(new RegExp(`Dùng được một lần, đến ${dateTime.source}`));
      link = await page.getByRole('textbox', { name: 'Đường dẫn đặt mật khẩu' }).inputValue();
      expect(link).toMatch(new RegExp(`^${server.baseUrl}/can-bo/dat-mat-khau#token=[A-Za-z0-9_-]{40,}$`));
      expect(await page.locator('.error-summary').count()).toBe(0);
      await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: server.baseUrl,
      });
      await panel.getByRole('button', { name: 'Sao chép đường dẫn' }).click();
      await eventually(() => panel.textContent()).toContain('Đã sao chép đường dẫn.');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);

      const row = rowOf(NEW_NAME);
      await eventually(() => row.count()).toBe(1);
      expect(await row.textContent()).toContain('◷ Chờ đặt mật khẩu');
      expect(await row.textContent()).toContain('✗ Chưa cài');
      expect(await row.textContent()).toContain('Chưa được cấp vai trò');
      expect(await seriousAxeViolations(page)).toEqual([]);

      // On a phone each person is a card: nothing scrolls sideways, each value names its column.
      await page.setViewportSize({ width: 360, height: 740 });
      await eventually(() =>
        page.evaluate(() => {
          const wrap = document.querySelector('.table-wrap') as HTMLElement;
          return wrap.scrollWidth <= wrap.clientWidth && document.documentElement.scrollWidth <= 360;
        }),
      ).toBe(true);
      expect(
        await row
          .locator('td[data-label="Trạng thái"]')
          .evaluate((td) => getComputedStyle(td, '::before').content),
      ).toBe('"Trạng thái: "');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'staff-people');
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    it('the officer opens the link, is told why a weak password is refused, sets one, signs in and enrols the app', async () => {
      await officer.goto(link);
      await eventually(() => officer.locator('h1').textContent()).toBe('Đặt mật khẩu tài khoản cán bộ');
      expect(await seriousAxeViolations(officer)).toEqual([]);
      const password = officer.getByLabel('Mật khẩu mới');
      await password.fill('trinhmoi2026');
      const refused = officer.waitForResponse((r) => r.url().endsWith('/api/v1/auth/staff/set-password'));
      await officer.getByRole('button', { name: 'Đặt mật khẩu' }).click();
      const problem = (await (await refused).json()) as { errors: { message: string }[] };
      expect(problem.errors[0]?.message).toBeTruthy();
      await eventually(() => officer.locator('.error-summary').textContent()).toContain(
        problem.errors[0]!.message,
      );
      expect(await officer.locator('#staff-new-password-error').textContent()).toContain(
        problem.errors[0]!.message,
      );
      expect(await seriousAxeViolations(officer)).toEqual([]);

      await password.fill(NEW_PASSWORD);
      await officer.getByRole('button', { name: 'Đặt mật khẩu' }).click();
      await eventually(() => officer.locator('h1').textContent()).toBe('Đã đặt mật khẩu');
      // The used token leaves the address bar.
      expect(new URL(officer.url()).hash).toBe('');
      await officer.locator('main').getByRole('link', { name: 'Đăng nhập', exact: true }).click();
      await officer.waitForURL(/\/dang-nhap$/);
      await officer.getByLabel('Thư điện tử công vụ').fill(NEW_EMAIL);
      await officer.getByLabel('Mật khẩu').fill(NEW_PASSWORD);
      await officer.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      await eventually(() => officer.locator('h3').textContent()).toBe('Cài đặt ứng dụng xác thực (lần đầu)');
      const secret = ((await officer.locator('.totp-key').textContent()) ?? '').replace(/\s/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      await officer.getByLabel('Mã 6 chữ số từ ứng dụng').fill(totpCodeAt(secret, totpStep(new Date())));
      await officer.getByRole('button', { name: 'Xác nhận và đăng nhập' }).click();
      await eventually(() => officer.locator('.recovery-codes li').count()).toBe(10);
      expect(await seriousAxeViolations(officer)).toEqual([]);
      await officer.getByRole('button', { name: 'Đã lưu các mã, tiếp tục' }).click();
      await officer.waitForURL(/\/can-bo\/co-quan$/);
      expect(await officer.locator('header').textContent()).toContain(NEW_NAME);
    });

    it('the admin sees the officer active with an app, disables them after confirming, and can enable again', async () => {
      await page.getByRole('button', { name: 'Đã trao đường dẫn, ẩn đi' }).click();
      expect(await page.locator('section.invitation-link').count()).toBe(0);
      await page.reload();
      const row = rowOf(NEW_NAME);
      await eventually(() => row.locator('.people-status').textContent()).toBe('✓ Đang hoạt động');
      expect(await row.textContent()).toContain('✓ Đã cài');
      expect(await row.locator('td').nth(4).textContent()).toMatch(dateTime);

      await row.getByRole('button', { name: `Khoá tài khoản của ${NEW_NAME}` }).click();
      expect(await row.textContent()).toContain(
        `Khoá tài khoản của ${NEW_NAME}? Người này bị đăng xuất ngay`,
      );
      expect(await seriousAxeViolations(page)).toEqual([]);
      await row.getByRole('button', { name: 'Huỷ' }).click();
      expect(await row.getByRole('button', { name: /Xác nhận khoá/ }).count()).toBe(0);
      await row.getByRole('button', { name: `Khoá tài khoản của ${NEW_NAME}` }).click();
      await row.getByRole('button', { name: /Xác nhận khoá/ }).click();
      await eventually(() => page.locator('.people-message').textContent()).toContain(
        `Đã khoá tài khoản của ${NEW_NAME}.`,
      );
      await eventually(() => row.locator('.people-status').textContent()).toBe('✕ Đã khoá');
      expect(await seriousAxeViolations(page)).toEqual([]);

      // Disabling ended the officer's session at once.
      await officer.goto(`${server.baseUrl}/can-bo/co-quan`);
      await eventually(() => officer.locator('h1').textContent()).toBe('Cần đăng nhập bằng tài khoản cán bộ');

      await row.getByRole('button', { name: `Mở khoá tài khoản của ${NEW_NAME}` }).click();
      await eventually(() => row.locator('.people-status').textContent()).toBe('✓ Đang hoạt động');
    });

    it('resetting the authenticator app explains the next sign-in, and the list then shows no app', async () => {
      const row = rowOf(NEW_NAME);
      await row.getByRole('button', { name: `Đặt lại ứng dụng xác thực của ${NEW_NAME}` }).click();
      expect(await row.textContent()).toContain('sẽ cài ứng dụng xác thực mới');
      await row.getByRole('button', { name: /Xác nhận đặt lại/ }).click();
      await eventually(() => page.locator('.people-message').textContent()).toContain(
        `Đã đặt lại ứng dụng xác thực của ${NEW_NAME}.`,
      );
      await eventually(() => row.textContent()).toContain('✗ Chưa cài');
    });
    it('the city admin chooses any agency through the directory search', async () => {
      await officer.goto(`${server.baseUrl}/dang-nhap?next=%2Fcan-bo%2Fnhan-su`);
      await officer.getByLabel('Thư điện tử công vụ').fill('quantri@congdanso.danang.vn');
      await officer.getByLabel('Mật khẩu').fill(DEMO_STAFF_PASSWORD);
      await officer.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      const code = officer.getByLabel('Mã xác thực hoặc mã khôi phục');
      await code.fill(totpCodeAt(DEMO_STAFF_TOTP_SECRET, totpStep(new Date())));
      await officer.getByRole('button', { name: 'Xác nhận và đăng nhập' }).click();
      await officer.waitForURL(/\/can-bo\/nhan-su$/);
      await eventually(() => officer.locator('h2').first().textContent()).toBe('Chọn cơ quan');
      await officer.getByLabel('Tìm cơ quan theo tên hoặc mã').fill('phuc vu hanh chinh');
      await officer.keyboard.press('Enter');
      await eventually(() => officer.locator('h3').textContent()).toBe(
        'Cơ quan khớp với “phuc vu hanh chinh”',
      );
      expect(await seriousAxeViolations(officer)).toEqual([]);
      await officer
        .getByRole('link', { name: /Trung tâm Phục vụ hành chính công/ })
        .first()
        .click();
      await officer.waitForURL(/agencyId=/);
      await eventually(() => officer.locator('table.people-table .people-name').allTextContents()).toEqual([
        'Võ Minh Tiếp',
      ]);
      await officer.getByRole('link', { name: 'Chọn cơ quan khác' }).click();
      await eventually(() => officer.locator('h2').first().textContent()).toBe('Chọn cơ quan');
    });
  },
);
