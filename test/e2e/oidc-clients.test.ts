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
  saveScreenshot,
  seriousAxeViolations,
  startServer,
} from './browser.js';

const skipReason = browserSkipReason();

const CITY_ADMIN = 'quantri@congdanso.danang.vn';
const NAME = 'Đặt lịch khám Bệnh viện Đà Nẵng';
const CLIENT_ID = 'benhvien-datlich';
const GOOD_URI = 'https://datlich.benhvien.vn/cb';
const LOCAL_URI = 'http://127.0.0.1:8976/cb';
const secretPattern = /^[A-Za-z0-9_-]{43}$/;

describe.skipIf(skipReason !== null)(
  `applications using "Đăng nhập bằng Công dân số" in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: browserTestTimeout },
  () => {
    let server: E2eServer;
    let browser: E2eBrowser;
    let page: Page;
    let firstSecret = '';

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

    /**
     * The provider's answer to a client_secret_basic token request with a made-up code: a good secret gets
     * past client authentication to the code (invalid_grant), a bad one or a disabled client does not.
     */
    async function tokenError(secret: string): Promise<string> {
      const res = await fetch(`${server.baseUrl}/oidc/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${secret}`).toString('base64')}`,
        },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code: 'made-up-code-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
          redirect_uri: LOCAL_URI,
          code_verifier: 'v'.repeat(43),
        }),
      });
      return ((await res.json()) as { error: string }).error;
    }

    const secretBox = () => page.getByRole('textbox', { name: 'Khoá bí mật (client_secret)' });

    it('the city admin signs in, follows the link from the agencies page and sees the applications', async () => {
      await page.goto(`${server.baseUrl}/can-bo/co-quan`);
      await page.getByRole('link', { name: 'Đăng nhập tài khoản cán bộ' }).click();
      await page.getByLabel('Thư điện tử công vụ').fill(CITY_ADMIN);
      await page.getByLabel('Mật khẩu').fill(DEMO_STAFF_PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      await page
        .getByLabel('Mã xác thực hoặc mã khôi phục')
        .fill(totpCodeAt(DEMO_STAFF_TOTP_SECRET, totpStep(new Date())));
      await page.getByRole('button', { name: 'Xác nhận và đăng nhập' }).click();
      await page.waitForURL(/\/can-bo\/co-quan$/);
      await page.getByRole('link', { name: 'Ứng dụng dùng Đăng nhập bằng Công dân số' }).click();
      await page.waitForURL(/\/can-bo\/ung-dung$/);
      await eventually(() => page.locator('h1').textContent()).toBe(
        'Ứng dụng dùng Đăng nhập bằng Công dân số',
      );
      await eventually(() => page.locator('main').textContent()).toMatch(
        /Ứng dụng đã đăng ký|Chưa có ứng dụng nào được đăng ký/,
      );
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    it('registers an application: a bad redirect URI is named by its line, then the secret is shown once', async () => {
      await page.getByRole('link', { name: 'Đăng ký ứng dụng mới' }).click();
      await page.waitForURL(/\/can-bo\/ung-dung\/moi$/);
      await eventually(() => page.locator('h1').textContent()).toBe('Đăng ký ứng dụng mới');
      expect(await page.getByLabel('Mục đích sử dụng thông tin').getAttribute('aria-describedby')).toBe(
        'client-purpose-hint',
      );
      expect(await page.locator('#client-purpose-hint').textContent()).toContain(
        'Hiện cho người dân trên trang đồng ý',
      );
      // The key set is asked for only with private_key_jwt.
      expect(await page.locator('#client-jwks').count()).toBe(0);
      await page.getByLabel('Khoá công khai của ứng dụng (private_key_jwt)').check();
      await eventually(() => page.locator('#client-jwks').count()).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByLabel('Khoá bí mật (client_secret_basic)').check();
      expect(await page.locator('#client-jwks').count()).toBe(0);

      await page.getByLabel('Tên ứng dụng').fill(NAME);
      await page.getByLabel('Mã ứng dụng (client_id) (không bắt buộc)').fill(CLIENT_ID);
      await page
        .getByLabel('Mục đích sử dụng thông tin')
        .fill('Điền sẵn họ tên và số điện thoại khi đặt lịch khám.');
      await page
        .getByLabel('Địa chỉ chuyển hướng sau đăng nhập (redirect URI)')
        .fill(`${GOOD_URI}\nhttp://evil.example/cb`);
      await page.getByLabel('Họ và tên').check();
      await page.getByLabel('Số điện thoại').check();
      const submit = page.getByRole('button', { name: 'Đăng ký ứng dụng' });
      await submit.click();

      const summary = page.locator('.error-summary');
      await eventually(() => summary.textContent()).toContain(
        'Dòng 2: Địa chỉ chuyển hướng phải dùng https (http chỉ cho localhost)',
      );
      expect(await page.locator('#client-redirect-uris-error').textContent()).toContain('Dòng 2:');
      expect(await page.locator('#client-redirect-uris').getAttribute('aria-invalid')).toBe('true');
      await expect.poll(() => page.title()).toMatch(/^Lỗi: /);
      await summary.getByRole('link', { name: /Dòng 2/ }).click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('client-redirect-uris');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page
        .getByLabel('Địa chỉ chuyển hướng sau đăng nhập (redirect URI)')
        .fill(`${GOOD_URI}\n${LOCAL_URI}`);
      await submit.click();
      await eventually(() => page.locator('h1').textContent()).toBe(`Đã đăng ký ứng dụng ${NAME}`);
      const panel = page.locator('section.client-secret');
      expect(await panel.textContent()).toContain('Khoá bí mật chỉ hiện một lần');
      firstSecret = await secretBox().inputValue();
      expect(firstSecret).toMatch(secretPattern);
      expect(await page.locator('main').textContent()).toContain(`Mã ứng dụng (client_id): ${CLIENT_ID}`);
      // The shown secret is the one the provider accepts.
      expect(await tokenError(firstSecret)).toBe('invalid_grant');

      await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
        origin: server.baseUrl,
      });
      await panel.getByRole('button', { name: 'Sao chép khoá bí mật' }).click();
      await eventually(() => panel.textContent()).toContain('Đã sao chép khoá bí mật.');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstSecret);
      expect(await seriousAxeViolations(page)).toEqual([]);

      await panel.getByRole('button', { name: 'Đã lưu khoá, ẩn đi' }).click();
      expect(await page.locator('section.client-secret').count()).toBe(0);
      expect(await page.locator('main').textContent()).not.toContain(firstSecret);
    });

    it('opens the application, changes its purpose, disables it after confirming and enables it again', async () => {
      await page.getByRole('link', { name: 'Xem và sửa ứng dụng' }).click();
      await page.waitForURL(new RegExp(`/can-bo/ung-dung/${CLIENT_ID}$`));
      await eventually(() => page.locator('h1').textContent()).toBe(NAME);
      const details = page.locator('dl.summary-list');
      expect(await details.textContent()).toContain('✓ Đang hoạt động');
      expect(await details.textContent()).toContain('Khoá bí mật (client_secret_basic)');
      expect(await page.locator('#client-redirect-uris').inputValue()).toBe(`${GOOD_URI}\n${LOCAL_URI}`);
      expect(await page.getByLabel('Số điện thoại').isChecked()).toBe(true);
      expect(await page.getByLabel('Địa chỉ', { exact: true }).isChecked()).toBe(false);
      // No secret is ever shown again; only a new one can be made.
      expect(await page.locator('main').textContent()).not.toContain(firstSecret);
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByLabel('Mục đích sử dụng thông tin').fill('Điền sẵn họ tên khi đặt lịch khám.');
      await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
      await eventually(() => page.locator('.client-message').textContent()).toContain(
        'Đã lưu thay đổi của ứng dụng',
      );

      await page.getByRole('button', { name: 'Tạm ngừng ứng dụng' }).click();
      const confirm = page.locator('.confirm');
      expect(await confirm.textContent()).toContain(`Tạm ngừng ứng dụng ${NAME}?`);
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
        `Tạm ngừng ứng dụng ${NAME}?`,
      );
      expect(await seriousAxeViolations(page)).toEqual([]);
      await confirm.getByRole('button', { name: 'Huỷ' }).click();
      expect(await page.locator('.confirm').count()).toBe(0);
      expect(await tokenError(firstSecret)).toBe('invalid_grant');

      await page.getByRole('button', { name: 'Tạm ngừng ứng dụng' }).click();
      await page.getByRole('button', { name: 'Xác nhận tạm ngừng' }).click();
      await eventually(() => page.locator('.client-message').textContent()).toContain(
        `Đã tạm ngừng ứng dụng ${NAME}.`,
      );
      await eventually(() => details.textContent()).toContain('✕ Đã tạm ngừng');
      expect(await page.locator('main').textContent()).toMatch(
        /Tạm ngừng từ \d{2}:\d{2}, \d{2}\/\d{2}\/\d{4}/,
      );
      expect(await tokenError(firstSecret)).toBe('invalid_client');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByRole('button', { name: 'Mở lại ứng dụng' }).click();
      await eventually(() => details.textContent()).toContain('✓ Đang hoạt động');
      expect(await page.locator('.client-message').textContent()).toContain(`Đã mở lại ứng dụng ${NAME}.`);
      expect(await tokenError(firstSecret)).toBe('invalid_grant');
      // The purpose saved before is still there after the status changes.
      expect(await page.getByLabel('Mục đích sử dụng thông tin').inputValue()).toBe(
        'Điền sẵn họ tên khi đặt lịch khám.',
      );
    });

    it('makes a new secret after confirming: shown once, and the old one stops working at once', async () => {
      await page.getByRole('button', { name: 'Tạo khoá bí mật mới' }).click();
      expect(await page.locator('.confirm').textContent()).toContain(
        'Khoá đang dùng sẽ ngừng hoạt động ngay',
      );
      await page.getByRole('button', { name: 'Xác nhận tạo khoá mới' }).click();
      const panel = page.locator('section.client-secret');
      await eventually(() => panel.count()).toBe(1);
      const secret = await secretBox().inputValue();
      expect(secret).toMatch(secretPattern);
      expect(secret).not.toBe(firstSecret);
      expect(await page.evaluate(() => document.activeElement?.classList.contains('client-secret'))).toBe(
        true,
      );
      expect(await tokenError(firstSecret)).toBe('invalid_client');
      expect(await tokenError(secret)).toBe('invalid_grant');
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.reload();
      await eventually(() => page.locator('h1').textContent()).toBe(NAME);
      expect(await page.locator('section.client-secret').count()).toBe(0);
      expect(await page.locator('main').textContent()).not.toContain(secret);
    });

    it('lists the application with its status and data in words; one card per row at 360 px', async () => {
      await page.getByRole('link', { name: 'Quay lại danh sách ứng dụng' }).click();
      await page.waitForURL(/\/can-bo\/ung-dung$/);
      const row = page.locator('table.clients-table tbody tr', { hasText: CLIENT_ID });
      await eventually(() => row.count()).toBe(1);
      expect(await row.getByRole('link').textContent()).toBe(NAME);
      expect(await row.textContent()).toContain('✓ Đang hoạt động');
      expect(await row.locator('td').nth(3).textContent()).toBe(
        'Mã định danh tài khoản, Họ và tên, Số điện thoại',
      );
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.setViewportSize({ width: 360, height: 740 });
      const fits = () =>
        page.evaluate(() => {
          const wrap = document.querySelector('.table-wrap') as HTMLElement | null;
          return (
            (!wrap || wrap.scrollWidth <= wrap.clientWidth) && document.documentElement.scrollWidth <= 360
          );
        });
      await eventually(fits).toBe(true);
      expect(
        await row
          .locator('td[data-label="Trạng thái"]')
          .evaluate((td) => getComputedStyle(td, '::before').content),
      ).toBe('"Trạng thái: "');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'oidc-clients');

      await row.getByRole('link').click();
      await eventually(() => page.locator('h1').textContent()).toBe(NAME);
      await eventually(fits).toBe(true);
      await page.getByRole('link', { name: 'Quay lại danh sách ứng dụng' }).click();
      await page.getByRole('link', { name: 'Đăng ký ứng dụng mới' }).click();
      await eventually(() => page.locator('h1').textContent()).toBe('Đăng ký ứng dụng mới');
      await eventually(fits).toBe(true);
      // An empty form is refused before asking the server, each field named in the summary.
      await page.getByRole('button', { name: 'Đăng ký ứng dụng' }).click();
      await eventually(() => page.locator('.error-summary li').allTextContents()).toEqual([
        'Nhập tên ứng dụng',
        'Nhập mục đích sử dụng thông tin',
        'Nhập ít nhất một địa chỉ chuyển hướng sau đăng nhập',
      ]);
      await eventually(fits).toBe(true);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    it('other staff are told the page is for the city administrator, and the agencies page has no link to it', async () => {
      await page.getByRole('button', { name: 'Đăng xuất' }).click();
      await page.goto(`${server.baseUrl}/dang-nhap?next=%2Fcan-bo%2Fung-dung`);
      await page.getByLabel('Thư điện tử công vụ').fill('canbo.haichau@congdanso.danang.vn');
      await page.getByLabel('Mật khẩu').fill(DEMO_STAFF_PASSWORD);
      await page.getByRole('button', { name: 'Đăng nhập', exact: true }).click();
      await page
        .getByLabel('Mã xác thực hoặc mã khôi phục')
        .fill(totpCodeAt(DEMO_STAFF_TOTP_SECRET, totpStep(new Date())));
      await page.getByRole('button', { name: 'Xác nhận và đăng nhập' }).click();
      await page.waitForURL(/\/can-bo\/ung-dung$/);
      await eventually(() => page.locator('main .notice').textContent()).toBe(
        'Trang này dành cho quản trị hệ thống thành phố. Tài khoản đang dùng không có vai trò này.',
      );
      expect(await page.locator('table').count()).toBe(0);
      expect(await page.getByRole('link', { name: 'Đăng ký ứng dụng mới' }).count()).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.goto(`${server.baseUrl}/can-bo/ung-dung/${CLIENT_ID}`);
      await eventually(() => page.locator('main .notice').textContent()).toContain(
        'quản trị hệ thống thành phố',
      );
      await page.goto(`${server.baseUrl}/can-bo/co-quan`);
      await eventually(() => page.locator('h1').textContent()).toBe('Quản lý cơ quan');
      await eventually(() => page.getByRole('link', { name: 'Quản lý cán bộ' }).count()).toBe(1);
      expect(await page.getByRole('link', { name: 'Ứng dụng dùng Đăng nhập bằng Công dân số' }).count()).toBe(
        0,
      );
    });
  },
);
