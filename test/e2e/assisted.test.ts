import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAccountByPhone } from '../../src/modules/identity/accounts/repo.js';
import { DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET } from '../../src/modules/identity/accounts/seed.js';
import { defaultSessionPolicy, openSessionIn } from '../../src/modules/identity/accounts/service.js';
import { totpCodeAt, totpStep } from '../../src/modules/identity/security/totp.js';
import { createAudit } from '../../src/platform/audit/audit.js';
import { systemClock } from '../../src/platform/clock.js';
import { seedDemo, seedReference } from '../../src/seed.js';
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
const VOLUNTEER = 'tinhnguyen.haichau@congdanso.danang.vn';
const NEW_NUMBER = '+84905555777';
// The citizen's chip card: a woman born 02/09/1985 with birth registered in Đà Nẵng (048).
const CARD_QR =
  '048185004321||Trần Thị Cương|02091985|Nữ|Tổ 3, Phường Hòa Cường Bắc, Quận Hải Châu, Thành phố Đà Nẵng|10052022';

describe.skipIf(skipReason !== null)(
  `assisted session by a community volunteer in Chromium${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  { timeout: browserTestTimeout },
  () => {
    let server: E2eServer;
    let browser: E2eBrowser;

    beforeAll(async () => {
      [server, browser] = await Promise.all([
        startServer(async (db, config) => {
          await seedReference(db);
          await seedDemo(db, config);
        }),
        launchBrowser(),
      ]);
    });

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    /** Newest code the simulated SMS gateway delivered to a number, once `count` messages have arrived. */
    async function codeSentTo(e164: string, count: number): Promise<{ code: string; body: string }> {
      const sms = async () => {
        const res = await fetch(`${server.baseUrl}/dev/outbox.json?to=${encodeURIComponent(e164)}`);
        return ((await res.json()) as Array<{ channel: string; body: string }>).filter(
          (m) => m.channel === 'sms',
        );
      };
      await eventually(async () => (await sms()).length).toBeGreaterThanOrEqual(count);
      const body = (await sms())[0]?.body ?? '';
      return { code: /\b(\d{6})\b/.exec(body)?.[1] ?? '', body };
    }

    /** The volunteer signs in through the API (password, then the demo authenticator code). */
    async function signInVolunteer(page: Page) {
      const status = await page.evaluate(
        async ({ email, password, code }) => {
          const post = (url: string, body: object) =>
            fetch(url, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(body),
            });
          const first = await (await post('/api/v1/auth/staff/login', { email, password })).json();
          return (await post('/api/v1/auth/staff/totp', { pendingId: first.pendingId, code })).status;
        },
        {
          email: VOLUNTEER,
          password: DEMO_STAFF_PASSWORD,
          code: totpCodeAt(DEMO_STAFF_TOTP_SECRET, totpStep(new Date())),
        },
      );
      expect(status).toBe(200);
    }

    it('a volunteer registers a new number with the citizen’s code, sees the banner on every page, and ends it', async () => {
      const page = await browser.freshPage(server.baseUrl);
      await signInVolunteer(page);
      await page.goto(`${server.baseUrl}/can-bo/ho-tro`);
      await eventually(() => page.locator('h1').textContent()).toBe('Hỗ trợ công dân');
      expect(await seriousAxeViolations(page)).toEqual([]);

      // Empty and malformed numbers are caught before anything is sent.
      await page.getByRole('button', { name: 'Gửi mã cho công dân' }).click();
      await eventually(() => page.locator('.error-summary').textContent()).toContain(
        'Nhập số điện thoại di động của công dân',
      );
      await page.getByLabel('Số điện thoại di động của công dân').fill('0905 555 777');
      await page.getByRole('button', { name: 'Gửi mã cho công dân' }).click();
      await eventually(() => page.locator('h1').textContent()).toBe('Nhập mã công dân đọc');
      expect(await page.locator('main').textContent()).toContain('09•• ••• 777');
      expect(await page.getByRole('button', { name: /Gửi lại mã \(sau \d:\d\d\)/ }).count()).toBe(1);
      expect(await seriousAxeViolations(page)).toEqual([]);

      const { code, body } = await codeSentTo(NEW_NUMBER, 1);
      expect(body).toContain('Luong Thi Tinh');
      await page.getByLabel('Mã xác nhận').fill('000000' === code ? '111111' : '000000');
      await page.getByRole('button', { name: 'Bắt đầu hỗ trợ' }).click();
      await eventually(() => page.locator('.error-summary').textContent()).toContain('Mã không đúng');
      await page.getByLabel('Mã xác nhận').fill(`${code.slice(0, 3)} ${code.slice(3)}`);
      await page.getByRole('button', { name: 'Bắt đầu hỗ trợ' }).click();

      await eventually(() => page.locator('main h2').first().textContent()).toContain(
        'Đang hỗ trợ công dân 0905 555 777',
      );
      expect(await page.locator('main').textContent()).toContain('tài khoản Công dân số đã được tạo');
      const banner = page.getByRole('region', { name: 'Phiên hỗ trợ công dân' });
      expect(await banner.textContent()).toContain('Đang hỗ trợ công dân: 0905 555 777');
      expect(await seriousAxeViolations(page)).toEqual([]);

      // Every page: the banner stays on the citizen's account page, after a full reload too.
      await page.goto(`${server.baseUrl}/tai-khoan`);
      await eventually(() => banner.textContent()).toContain('0905 555 777');
      expect(await page.locator('#assisted-heading').count()).toBe(0);
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'assisted-banner');

      // With the card in front of both, the volunteer reads its QR for the citizen.
      await page.goto(`${server.baseUrl}/tai-khoan/xac-minh`);
      await eventually(() => page.locator('main').textContent()).toContain(
        'Mức 1 — đã xác thực số điện thoại',
      );
      await page.locator('#cccd-qr-capture').setInputFiles({
        name: 'cccd.png',
        mimeType: 'image/png',
        buffer: await QRCode.toBuffer(CARD_QR, {
          type: 'png',
          errorCorrectionLevel: 'M',
          width: 480,
          margin: 4,
        }),
      });
      await eventually(() => page.locator('main').textContent()).toContain(
        'Đã đọc thông tin từ thẻ căn cước gắn chip',
      );
      expect(await page.locator('#cccd-card-details').textContent()).toContain('Trần Thị Cương');
      expect(await banner.textContent()).toContain('Đang hỗ trợ công dân');

      await banner.getByRole('button', { name: 'Kết thúc hỗ trợ' }).click();
      await page.waitForURL(/\/can-bo\/ho-tro$/);
      await eventually(() => page.getByLabel('Số điện thoại di động của công dân').count()).toBe(1);
      expect(await banner.count()).toBe(0);
    });

    it('the citizen later sees who helped, when, and what was done', async () => {
      const page = await browser.freshPage(server.baseUrl);
      // Signed in directly: a new sign-in code for the same number would wait out the resend cooldown.
      const account = (await findAccountByPhone(server.db, NEW_NUMBER))!;
      const { token } = await server.db.tx((tx) =>
        openSessionIn(
          tx,
          { clock: systemClock, audit: createAudit({ clock: systemClock }), policy: defaultSessionPolicy },
          account,
          { userAgent: 'e2e', method: 'otp' },
        ),
      );
      await browser.context.addCookies([{ name: 'cds_session', value: token, url: server.baseUrl }]);
      await page.goto(`${server.baseUrl}/tai-khoan`);
      const section = page.locator('section[aria-labelledby="assisted-heading"]');
      await eventually(() => section.locator('h3').first().textContent()).toBe('Lương Thị Tình');
      const text = (await section.textContent()) ?? '';
      expect(text).toContain('Tổ công nghệ số cộng đồng · UBND phường Hải Châu · Phường Hải Châu');
      expect(text).toContain('Người hỗ trợ đã kết thúc');
      expect(text).toContain('Tài khoản của Ông/Bà được tạo trong lần hỗ trợ này.');
      await section.getByText(/Các thao tác đã làm/).click();
      const actions = (await section.locator('.details__list').textContent()) ?? '';
      expect(actions).toContain('Đăng ký tài khoản');
      expect(actions).toContain('Đọc mã QR trên thẻ CCCD');
      expect(actions).toContain('Kết thúc phiên hỗ trợ');
      expect(await seriousAxeViolations(page)).toEqual([]);
      await saveScreenshot(page, 'assisted-sessions');
    });
  },
);
