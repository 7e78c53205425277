import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STAFF_PASSWORD } from '../../src/modules/identity/accounts/seed.js';
import { totpCodeAt, totpStep } from '../../src/modules/identity/security/totp.js';
import { seedDemo, seedReference } from '../../src/seed.js';
import {
  browserSkipReason,
  browserTestTimeout,
  chromiumFlags,
  chromiumPath,
  type E2eBrowser,
  type E2eServer,
  eventually,
  launchBrowser,
  saveScreenshot,
  seriousAxeViolations,
  startServer,
} from './browser.js';

const skipReason = browserSkipReason();

const PHONE = { e164: '+84905777321', typed: '0905 777 321' };
// A woman born 02/09/1995 whose birth was registered in Đà Nẵng (048); century/sex digit 1 = 1900s, female
// (DOMAIN.md §1.1). The address is a pre-2025 one, as printed on cards issued in 2021.
const CCCD = '048195004321';
const ADDRESS = 'Tổ 12, Phường Thạch Thang, Quận Hải Châu, Thành phố Đà Nẵng';
const CARD_QR = `${CCCD}||Trần Thị Mai|02091995|Nữ|${ADDRESS}|15062021`;
/** The same card with the address and issue date cut off: too few fields. */
const TAMPERED_QR = `${CCCD}||Trần Thị Mai|02091995`;

/**
 * A Y4M video (what Chromium's fake camera plays) of a QR code held in front of the camera: 640×480 grey
 * frames, the code 320 px wide in the middle, dark modules on light paper.
 */
function qrVideo(text: string, file: string): string {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const [width, height, size] = [640, 480, 320];
  const scale = Math.floor(size / (modules.size + 8));
  const left = Math.floor((width - (modules.size + 8) * scale) / 2);
  const top = Math.floor((height - (modules.size + 8) * scale) / 2);
  const luma = Buffer.alloc(width * height, 225);
  for (let y = 0; y < (modules.size + 8) * scale; y++) {
    for (let x = 0; x < (modules.size + 8) * scale; x++) {
      const [mx, my] = [Math.floor(x / scale) - 4, Math.floor(y / scale) - 4];
      const dark = mx >= 0 && my >= 0 && mx < modules.size && my < modules.size && modules.get(my, mx) === 1;
      luma[(top + y) * width + left + x] = dark ? 25 : 235;
    }
  }
  const chroma = Buffer.alloc((width / 2) * (height / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${width} H${height} F10:1 Ip A1:1 C420jpeg\n`);
  fs.writeFileSync(file, Buffer.concat([header, ...Array.from({ length: 10 }, () => frame)]));
  return file;
}

const qrPng = (text: string) =>
  QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', width: 480, margin: 4 });

describe.skipIf(skipReason !== null)(
  `identity verification with the chip CCCD card in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: browserTestTimeout },
  () => {
    let server: E2eServer;
    let browser: E2eBrowser;
    let page: Page;
    let citizenCookies: Awaited<ReturnType<E2eBrowser['context']['cookies']>>;

    beforeAll(async () => {
      [server, browser] = await Promise.all([
        startServer(async (db, config) => {
          await seedReference(db);
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

    async function codeFromOutbox(e164: string): Promise<string> {
      const read = async () => {
        const res = await fetch(`${server.baseUrl}/dev/outbox.json?to=${encodeURIComponent(e164)}`);
        const messages = (await res.json()) as { channel: string; body: string }[];
        return /\b(\d{6})\b/.exec(messages.find((m) => m.channel === 'sms')?.body ?? '')?.[1];
      };
      await eventually(read).toMatch(/^\d{6}$/);
      return (await read())!;
    }

    /**
     * A staff session made over HTTP and handed to the browser: the staff sign-in form has its own tests,
     * and this one must not depend on how many steps it has (password, then the authenticator code when
     * the server asks for it, with the demo secret the seed gives demo staff).
     */
    async function signInStaff(email: string, next: string) {
      const post = (path: string, body: unknown) =>
        fetch(`${server.baseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      let res = await post('/api/v1/auth/staff/login', { email, password: DEMO_STAFF_PASSWORD });
      expect(res.status).toBe(200);
      const first = (await res.clone().json()) as { pendingId?: string };
      if (first.pendingId) {
        // Read at run time: the demo secret exists only where staff sign-in asks for the code.
        const seed = (await import('../../src/modules/identity/accounts/seed.js')) as {
          DEMO_STAFF_TOTP_SECRET?: string;
        };
        const code = totpCodeAt(seed.DEMO_STAFF_TOTP_SECRET!, totpStep(new Date()));
        res = await post('/api/v1/auth/staff/totp', { pendingId: first.pendingId, code });
        expect(res.status).toBe(200);
      }
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('cds_session='));
      expect(cookie).toBeDefined();
      const value = /^cds_session=([^;]*)/.exec(cookie!)![1]!;
      await browser.context.clearCookies();
      await browser.context.addCookies([{ name: 'cds_session', value, url: server.baseUrl }]);
      await page.goto(`${server.baseUrl}${next}`);
    }

    const main = () => page.locator('main');
    const photoInput = () => page.locator('#cccd-qr-capture');

    it('a citizen signs in from the page, and a photo without a QR code gets tips and the counter option', async () => {
      await page.goto(`${server.baseUrl}/tai-khoan/xac-minh`);
      await eventually(() => page.locator('h1').textContent()).toBe('Xác minh danh tính');
      await main().getByRole('link', { name: 'Đăng nhập' }).click();
      await page.waitForURL(/\/dang-nhap\?next=%2Ftai-khoan%2Fxac-minh$/);
      const citizen = page.locator('section[aria-labelledby="citizen-login-heading"]');
      await citizen.getByLabel('Số điện thoại di động').fill(PHONE.typed);
      await citizen.getByRole('button', { name: 'Tiếp tục' }).click();
      await page.waitForURL(/\/dang-nhap\/ma/);
      await page.getByLabel('Mã xác thực', { exact: true }).fill(await codeFromOutbox(PHONE.e164));
      await main().getByRole('button', { name: 'Tiếp tục' }).click();
      await page.waitForURL(`${server.baseUrl}/tai-khoan/xac-minh`);

      await eventually(() => main().textContent()).toContain('Mức 1 — đã xác thực số điện thoại');
      expect(await main().textContent()).toContain('Mức 2 giúp gì');
      const take = main().getByRole('button', { name: 'Chụp ảnh mã QR' });
      expect(await take.count()).toBe(1);
      expect(await main().getByRole('button', { name: 'Chọn ảnh có sẵn' }).count()).toBe(1);
      expect(await photoInput().getAttribute('accept')).toBe('image/*');
      expect(await photoInput().getAttribute('capture')).toBe('environment');
      expect(await seriousAxeViolations(page)).toEqual([]);

      // A photo of something else: this very page, which has no QR code on it.
      const noQr = await page.screenshot();
      await photoInput().setInputFiles({ name: 'anh.png', mimeType: 'image/png', buffer: noQr });
      const alert = main().getByRole('alert');
      await eventually(() => alert.textContent()).toContain('Không tìm thấy mã QR trong ảnh');
      expect(await alert.textContent()).toContain('Chụp gần hơn');
      expect(await alert.textContent()).toContain('đủ sáng');
      expect(await alert.getByRole('link', { name: /Bộ phận Một cửa/ }).getAttribute('href')).toBe(
        '/cong-khai/don-vi',
      );
      expect(await seriousAxeViolations(page)).toEqual([]);

      // A file that is not an image at all.
      await photoInput().setInputFiles({
        name: 'khong-phai-anh.png',
        mimeType: 'image/png',
        buffer: Buffer.from('not an image'),
      });
      await eventually(() => alert.textContent()).toContain('Không mở được tệp này');
    });

    it('the camera button explains a missing camera and a refused permission, and offers the photo', async () => {
      const scan = main().getByRole('button', { name: 'Quét bằng camera' });
      await scan.click();
      const alert = main().getByRole('alert');
      // This headless Chromium has no camera at all.
      await eventually(() => alert.textContent()).toContain('Không tìm thấy camera');
      expect(await alert.textContent()).toContain('Chọn ảnh có sẵn');
      expect(await main().locator('video').count()).toBe(0);

      // The person says no to the browser's permission question.
      await page.evaluate(() => {
        navigator.mediaDevices.getUserMedia = () =>
          Promise.reject(new DOMException('denied', 'NotAllowedError'));
      });
      await scan.click();
      await eventually(() => alert.textContent()).toContain('Chưa được phép dùng camera');
      expect(await alert.textContent()).toContain('Chụp ảnh mã QR');
      expect(await alert.getByRole('link', { name: /Bộ phận Một cửa/ }).count()).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    it('a tampered QR code is refused with the server’s reason; the card’s own code fills the profile', async () => {
      const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/me/cccd/qr'));
      await photoInput().setInputFiles({
        name: 'qr.png',
        mimeType: 'image/png',
        buffer: await qrPng(TAMPERED_QR),
      });
      const problem = (await (await refused).json()) as { errors: { code: string; message: string }[] };
      expect((await refused).status()).toBe(400);
      expect(problem.errors[0]?.code).toBe('identity.cccd_qr_fields');
      const summary = page.locator('.error-summary');
      await eventually(() => summary.textContent()).toContain(problem.errors[0]!.message);
      expect(await summary.textContent()).toContain('Có thông tin cần sửa');
      expect(await page.evaluate(() => document.activeElement?.classList.contains('error-summary'))).toBe(
        true,
      );
      await expect.poll(() => page.title()).toMatch(/^Lỗi: Xác minh danh tính/);
      expect(await main().textContent()).toContain('Bộ phận Một cửa hoặc Tổ công nghệ số cộng đồng');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await summary.getByRole('link').click();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('cccd-qr-take');

      const sent = page.waitForRequest((r) => r.url().endsWith('/api/v1/me/cccd/qr'));
      await photoInput().setInputFiles({
        name: 'cccd.png',
        mimeType: 'image/png',
        buffer: await qrPng(CARD_QR),
      });
      // The browser decoded the text itself: the request carries the QR text, never the image.
      expect((await sent).postDataJSON()).toEqual({ qrText: CARD_QR });
      await eventually(() => main().textContent()).toContain('Đã đọc thông tin từ thẻ căn cước gắn chip');
      expect(await summary.count()).toBe(0);
      const details = page.locator('#cccd-card-details');
      const text = (await details.textContent()) ?? '';
      expect(text).toContain('Trần Thị Mai');
      expect(text).toContain('02/09/1995');
      expect(text).toContain('Nữ');
      expect(text).toContain(ADDRESS);
      expect(text).toContain('Phường Hải Châu');
      expect(text).toContain('15/06/2021');
      expect(text).toContain('•••••••••321');
      expect(text).not.toContain('195004');
      expect(await main().textContent()).toContain('từ CCCD gắn chip');
      // Reading the QR alone does not make level 2: a person must see the card.
      expect(await main().textContent()).toContain('Mức 1 — đã xác thực số điện thoại');
      expect(await main().textContent()).toContain('Bước 2: Xác nhận tại Bộ phận Một cửa');
      await eventually(() => page.locator('header').textContent()).toContain('Trần Thị Mai');
      await expect.poll(() => page.title()).toMatch(/^Xác minh danh tính/);
      expect(await seriousAxeViolations(page)).toEqual([]);

      await page.setViewportSize({ width: 360, height: 740 });
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'cccd-verify-mobile');
      await page.setViewportSize({ width: 1280, height: 800 });
      citizenCookies = await browser.context.cookies();
    });

    it('a staff account without a counter or community role is told why it cannot confirm', async () => {
      await signInStaff('quantri@congdanso.danang.vn', '/can-bo/xac-minh-cccd');
      await eventually(() => main().textContent()).toContain('chưa được giao vai trò tiếp nhận hồ sơ');
      expect(await main().locator('form').count()).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
    });

    it('a counter officer confirms level 2 with the number on the card; the citizen then sees level 2', async () => {
      await signInStaff('canbo.haichau@congdanso.danang.vn', '/can-bo/xac-minh-cccd');
      await eventually(() => page.locator('h1').textContent()).toBe('Xác nhận danh tính mức 2');
      expect(await seriousAxeViolations(page)).toEqual([]);
      const submit = main().getByRole('button', { name: 'Xác nhận mức 2' });

      // Nothing filled in: the browser's own checks, in the summary and next to each field.
      await submit.click();
      const summary = page.locator('.error-summary');
      await eventually(() => summary.textContent()).toContain('Nhập số điện thoại đăng nhập của công dân');
      expect(await summary.textContent()).toContain('Nhập số định danh cá nhân in trên thẻ căn cước');
      expect(await summary.textContent()).toContain('Đánh dấu xác nhận đã xem thẻ bản gốc');

      // A number whose century digit says "male" for a woman: the server's reason sits next to the field.
      await page.getByLabel('Số điện thoại đăng nhập của công dân').fill(PHONE.typed);
      await page.getByLabel('Số định danh cá nhân trên thẻ (12 chữ số)').fill('048 095 004 321');
      await page.getByLabel(/Tôi đang cầm thẻ căn cước bản gốc/).check();
      const refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/identity/citizens/assurance'));
      await submit.click();
      const problem = (await (await refused).json()) as { errors: { code: string; message: string }[] };
      expect(problem.errors[0]?.code).toBe('identity.cccd_century');
      await eventually(() => page.locator('#citizen-cccd-error').textContent()).toContain(
        problem.errors[0]!.message,
      );
      expect(await summary.textContent()).toContain(problem.errors[0]!.message);
      expect(
        await page.getByLabel('Số định danh cá nhân trên thẻ (12 chữ số)').getAttribute('aria-invalid'),
      ).toBe('true');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'cccd-confirm-staff');

      // An unknown phone number is reported at the phone field.
      await page.getByLabel('Số điện thoại đăng nhập của công dân').fill('0905 000 111');
      await page.getByLabel('Số định danh cá nhân trên thẻ (12 chữ số)').fill(CCCD);
      await submit.click();
      await eventually(() => page.locator('#citizen-phone-error').textContent()).toContain(
        'Không có tài khoản công dân nào với số điện thoại này',
      );

      await page.getByLabel('Số điện thoại đăng nhập của công dân').fill(PHONE.typed);
      const confirmed = page.waitForRequest((r) => r.url().endsWith('/api/v1/identity/citizens/assurance'));
      await submit.click();
      expect((await confirmed).postDataJSON()).toEqual({ phone: PHONE.e164, cccd: CCCD });
      expect((await confirmed).headers()['x-csrf-token']).toBeTruthy();
      await eventually(() => main().textContent()).toContain('Đã xác nhận mức 2');
      expect(await main().textContent()).toContain('0905 777 321');
      expect(await main().textContent()).toContain('•••••••••321');
      expect(await main().textContent()).not.toContain(CCCD);
      expect(await seriousAxeViolations(page)).toEqual([]);

      // Back on the citizen's own session: level 2, in words.
      await browser.context.clearCookies();
      await browser.context.addCookies(citizenCookies);
      await page.goto(`${server.baseUrl}/tai-khoan/xac-minh`);
      await eventually(() => main().textContent()).toContain('Mức 2 — đã xác thực thẻ căn cước');
      expect(await main().textContent()).toContain('Không cần làm gì thêm');
      expect(await main().getByRole('button', { name: 'Chụp ảnh mã QR' }).count()).toBe(0);
      await page.goto(`${server.baseUrl}/tai-khoan`);
      await eventually(() => main().textContent()).toContain('Danh tính đã được xác minh bằng thẻ căn cước');
    });

    it('scans the card with the camera: frames are decoded in the page and the camera is released', async () => {
      // Another citizen, signed in over HTTP; the sign-in pages have their own tests.
      const phone = '+84935888456';
      const otp = await fetch(`${server.baseUrl}/api/v1/auth/otp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ phone }),
      });
      const { challengeId } = (await otp.json()) as { challengeId: string };
      const verified = await fetch(`${server.baseUrl}/api/v1/auth/otp/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ challengeId, code: await codeFromOutbox(phone) }),
      });
      expect(verified.status).toBe(200);
      const session = /^cds_session=([^;]*)/.exec(
        verified.headers.getSetCookie().find((c) => c.startsWith('cds_session=')) ?? '',
      )?.[1];
      expect(session).toBeDefined();

      // A man born 11/11/1987, birth registered in old Quảng Nam (049), century/sex digit 0.
      const cardQr =
        '049087001234|201234567|Lê Văn Hùng|11111987|Nam|Thôn 3, Xã Điện Thắng Bắc, Thị xã Điện Bàn, Tỉnh Quảng Nam|10102022';
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cds-e2e-camera-'));
      const camera = await chromium.launchPersistentContext(path.join(dir, 'profile'), {
        executablePath: chromiumPath,
        headless: true,
        args: [
          ...chromiumFlags,
          '--use-fake-ui-for-media-stream',
          '--use-fake-device-for-media-stream',
          `--use-file-for-fake-video-capture=${qrVideo(cardQr, path.join(dir, 'card.y4m'))}`,
        ],
        viewport: { width: 360, height: 740 },
        locale: 'vi-VN',
        timezoneId: 'Asia/Ho_Chi_Minh',
      });
      try {
        await camera.addCookies([{ name: 'cds_session', value: session!, url: server.baseUrl }]);
        const tab = await camera.newPage();
        tab.setDefaultTimeout(20_000);
        await tab.goto(`${server.baseUrl}/tai-khoan/xac-minh`);
        const tabMain = tab.locator('main');
        await eventually(() => tabMain.textContent()).toContain('Mức 1 — đã xác thực số điện thoại');
        const sent = tab.waitForRequest((r) => r.url().endsWith('/api/v1/me/cccd/qr'), { timeout: 20_000 });
        await tabMain.getByRole('button', { name: 'Quét bằng camera' }).click();
        expect((await sent).postDataJSON()).toEqual({ qrText: cardQr });
        await eventually(() => tabMain.textContent()).toContain('Đã đọc thông tin từ thẻ căn cước gắn chip');
        const details = (await tab.locator('#cccd-card-details').textContent()) ?? '';
        expect(details).toContain('Lê Văn Hùng');
        expect(details).toContain('11/11/1987');
        expect(details).toContain('Nam');
        expect(details).toContain('•••••••••234');
        // The camera view is gone and every track stopped: nothing keeps the camera light on.
        expect(await tab.locator('video').count()).toBe(0);
        expect(await seriousAxeViolations(tab)).toEqual([]);
      } finally {
        await camera.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
