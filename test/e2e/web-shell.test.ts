import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDirectory } from '../../src/modules/directory/module.js';
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

describe.skipIf(skipReason !== null)(
  `web shell in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: browserTestTimeout },
  () => {
    let server: E2eServer;
    let browser: E2eBrowser;

    beforeAll(async () => {
      [server, browser] = await Promise.all([
        startServer((db) => db.tx(async (tx) => void (await seedDirectory(tx)))),
        launchBrowser(),
      ]);
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    it('home page: city identity, areas, consistent help, no serious axe violations', async () => {
      const page = await browser.freshPage(server.baseUrl);
      await page.goto(`${server.baseUrl}/`);
      await expect
        .poll(() => page.locator('h1').textContent())
        .toBe('Dịch vụ công trực tuyến của Thành phố Đà Nẵng');
      expect(await page.getAttribute('html', 'lang')).toBe('vi');
      await expect.poll(() => page.title()).toBe('Trang chủ · Công dân số');
      const header = page.locator('header');
      expect(await header.textContent()).toContain('Công dân số');
      expect(await header.textContent()).toContain('Thành phố Đà Nẵng');
      const nav = page.getByRole('navigation', { name: 'Khu vực chính' });
      expect(await nav.getByRole('link').allTextContents()).toEqual(['Công dân', 'Công khai', 'Cán bộ']);
      expect(await page.locator('main').count()).toBe(1);
      expect(await page.locator('footer').count()).toBe(1);
      const help = page.getByRole('complementary', { name: 'Hỗ trợ' });
      expect(await help.textContent()).toContain('1022');
      expect(await help.textContent()).toContain('0236 1022');
      expect(await page.textContent('main')).toContain('01/07/2025');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'home');
      await page.setViewportSize({ width: 360, height: 740 });
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'home-mobile');
      await page.setViewportSize({ width: 1280, height: 800 });
    });

    it('directory: accent-insensitive search "hai chau" finds Phường Hải Châu', async () => {
      const page = await browser.freshPage(server.baseUrl);
      await page.goto(`${server.baseUrl}/cong-khai/don-vi`);
      await eventually(() => page.locator('h1').textContent()).toBe('Đơn vị hành chính và cơ quan');
      const units = page.locator('section[aria-labelledby="units-heading"] .result__name');
      await units.first().waitFor();
      expect(await units.count()).toBe(94);
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByLabel('Tìm theo tên đơn vị hoặc cơ quan').fill('hai chau');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\?q=hai\+chau$/);
      // The full list also holds Hải Châu: wait for the filtered answer before reading it.
      await eventually(() => page.locator('.results-status').textContent()).toContain('“hai chau”');
      await eventually(() => units.allTextContents()).not.toContain('Phường Hải Vân');
      expect(await units.allTextContents()).toContain('Phường Hải Châu');
      await expect.poll(() => page.title()).toContain('hai chau');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'directory');

      // The query lives in the URL: Back returns to the full list.
      await page.goBack();
      await eventually(() => units.count()).toBe(94);
    });

    it('language switch: English UI, html lang, Accept-Language on API calls, kept after reload', async () => {
      const page = await browser.freshPage(server.baseUrl);
      await page.goto(`${server.baseUrl}/cong-khai/don-vi`);
      await page.locator('.result__name').first().waitFor();
      const unitsRequest = page.waitForRequest((r) => r.url().includes('/api/v1/directory/units'));
      await page.getByRole('button', { name: 'English' }).click();
      await eventually(() => page.getAttribute('html', 'lang')).toBe('en');
      expect(await page.locator('h1').textContent()).toBe('Administrative units and agencies');
      expect(
        await page.getByRole('navigation', { name: 'Main areas' }).getByRole('link').allTextContents(),
      ).toEqual(['Citizens', 'Public information', 'Staff']);
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.getByLabel('Search by unit or agency name').fill('son tra');
      await page.keyboard.press('Enter');
      expect((await unitsRequest).headers()['accept-language']).toBe('en');
      await eventually(() => page.locator('.result__name').allTextContents()).toContain('Phường Sơn Trà');

      await page.reload();
      await eventually(() => page.locator('h1').textContent()).toBe('Administrative units and agencies');
      expect(await page.getAttribute('html', 'lang')).toBe('en');
      await page.getByRole('button', { name: 'Tiếng Việt' }).click();
      await eventually(() => page.getAttribute('html', 'lang')).toBe('vi');
      expect(await page.locator('h1').textContent()).toBe('Đơn vị hành chính và cơ quan');
    });

    it('404 page: "Không tìm thấy trang" with a search box that leads to the directory', async () => {
      const page = await browser.freshPage(server.baseUrl);
      await page.goto(`${server.baseUrl}/trang-khong-ton-tai`);
      await eventually(() => page.locator('h1').textContent()).toBe('Không tìm thấy trang');
      await expect.poll(() => page.title()).toBe('Không tìm thấy trang · Công dân số');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await page.getByLabel('Tìm đơn vị hành chính hoặc cơ quan').fill('Hải Châu');
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/cong-khai\/don-vi\?q=/);
      await eventually(() => page.locator('.result__name').allTextContents()).toContain('Phường Hải Châu');
    });

    it('login page: citizen phone form with error summary, staff form shows the server problem', async () => {
      const page = await browser.freshPage(server.baseUrl);
      await page.goto(`${server.baseUrl}/dang-nhap`);
      await eventually(() => page.locator('h1').textContent()).toBe('Đăng nhập');
      expect(await seriousAxeViolations(page)).toEqual([]);
      const phone = page.getByLabel('Số điện thoại di động');
      expect(await phone.getAttribute('type')).toBe('tel');
      expect(await phone.getAttribute('autocomplete')).toBe('tel');

      const citizen = page.locator('section[aria-labelledby="citizen-login-heading"]');
      await citizen.getByRole('button', { name: 'Tiếp tục' }).click();
      const summary = citizen.locator('.error-summary');
      await expect
        .poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary')))
        .toBe(true);
      expect(await summary.textContent()).toContain('Có thông tin cần sửa');
      expect(await summary.textContent()).toContain('Nhập số điện thoại di động');
      await expect.poll(() => page.title()).toMatch(/^Lỗi: Đăng nhập/);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await summary.getByRole('link').click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('citizen-phone');

      await phone.fill('12345');
      await citizen.getByRole('button', { name: 'Tiếp tục' }).click();
      await expect
        .poll(() => summary.textContent())
        .toContain('Nhập số điện thoại gồm 10 chữ số, ví dụ 0912 345 678');
      await phone.fill('+84 905 123 456');
      await citizen.getByRole('button', { name: 'Tiếp tục' }).click();
      await page.waitForURL(/\/dang-nhap\/ma$/);
      await page.goBack();
      await eventually(() => page.locator('h1').textContent()).toBe('Đăng nhập');

      // The staff form shows the server's own localised problem, not a copy kept in the web catalogue.
      const staff = page.locator('section[aria-labelledby="staff-login-heading"]');
      await staff.getByLabel('Thư điện tử công vụ').fill('khong.co@congdanso.danang.vn');
      await staff.getByLabel('Mật khẩu').fill('sai-mat-khau');
      const reply = page.waitForResponse((r) => r.url().endsWith('/api/v1/auth/staff/login'));
      await staff.getByRole('button', { name: 'Đăng nhập' }).click();
      const problem = (await (await reply).json()) as { title: string };
      expect((await reply).status()).toBeGreaterThanOrEqual(400);
      await eventually(() => staff.locator('.error-summary').textContent()).toContain(problem.title);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    it('keyboard: the first Tab reaches the skip link, which moves focus to the main content', async () => {
      const page = await browser.freshPage(server.baseUrl);
      await page.goto(`${server.baseUrl}/`);
      await page.locator('h1').waitFor();
      await page.keyboard.press('Tab');
      const skip = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const box = el.getBoundingClientRect();
        return {
          text: el.textContent,
          visible: box.top >= 0 && box.height > 0,
          outline: getComputedStyle(el).outlineWidth,
        };
      });
      expect(skip).toEqual({ text: 'Bỏ qua, đến nội dung chính', visible: true, outline: '3px' });
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');

      // Focus indicators are 3 px wide on ordinary controls too.
      await page.goto(`${server.baseUrl}/`);
      await page.locator('h1').waitFor();
      for (let i = 0; i < 3; i++) await page.keyboard.press('Tab');
      expect(
        await page.evaluate(() => getComputedStyle(document.activeElement as Element).outlineWidth),
      ).toBe('3px');
    });
  },
);
