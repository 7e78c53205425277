import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCodeAt, totpStep } from '../../src/modules/identity/security/totp.js';
import { seedDemo, seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';
import { citizenLogin, type SignedInHeaders } from '../helpers/login.js';

const AN = '0905123456';
const BINH = '0935234567';
const GOOD_PASSWORD = 'Hoa-sen-tren-song-Han-42';
const NEW_PASSWORD = 'Cau-Rong-phun-lua-2026!';

describe('password, authenticator app and my devices (whole app)', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let an: SignedInHeaders;

  beforeAll(async () => {
    t = await testApp();
    await seedReference(t.db);
    await seedDemo(t.db, t.config, t.clock);
    an = (await citizenLogin(t, AN, 'Phone A')).headers;
  });
  afterAll(() => t.close());

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: object, payload?: object) =>
    t.app.inject({
      method,
      url,
      headers: headers as Record<string, string>,
      ...(payload ? { payload } : {}),
    });
  const codeNow = (secret: string) => totpCodeAt(secret, totpStep(t.clock.now()));

  describe('password', () => {
    it.each([
      ['short', 'identity.password_too_short'],
      ['Password2024!', 'identity.password_common'],
      ['MatKhau-0905123456', 'identity.password_personal'],
      ['NguyenVanAn@Da-Nang', 'identity.password_personal'],
    ])('refuses %s with the reason and a field pointer', async (password, code) => {
      const res = await call('POST', '/api/v1/me/password', an, { password });
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0]).toMatchObject({ pointer: '/body/password', code });
      expect(res.json().errors[0].message).toBeTruthy();
    });

    it('needs the CSRF token', async () => {
      const res = await call(
        'POST',
        '/api/v1/me/password',
        { cookie: an.cookie },
        { password: GOOD_PASSWORD },
      );
      expect(res.statusCode).toBe(403);
    });

    it('sets a first password, then needs the current one to change it and signs out the other devices', async () => {
      expect((await call('POST', '/api/v1/me/password', an, { password: GOOD_PASSWORD })).statusCode).toBe(
        204,
      );

      const missing = await call('POST', '/api/v1/me/password', an, { password: NEW_PASSWORD });
      expect(missing.statusCode).toBe(400);
      expect(missing.json().errors[0]).toMatchObject({
        pointer: '/body/currentPassword',
        code: 'identity.current_password_required',
      });
      const wrong = await call('POST', '/api/v1/me/password', an, {
        password: NEW_PASSWORD,
        currentPassword: 'not-the-password',
      });
      expect(wrong.json().errors[0]).toMatchObject({ code: 'identity.current_password_wrong' });

      const other = (await citizenLogin(t, AN, 'Laptop')).headers;
      const changed = await call('POST', '/api/v1/me/password', an, {
        password: NEW_PASSWORD,
        currentPassword: GOOD_PASSWORD,
      });
      expect(changed.statusCode).toBe(204);
      expect((await call('GET', '/api/v1/me', other)).statusCode).toBe(401);
      expect((await call('GET', '/api/v1/me', an)).statusCode).toBe(200);
    });
  });

  describe('authenticator app', () => {
    let secret = '';
    let recoveryCodes: string[] = [];

    it('refuses to confirm before enrolment starts', async () => {
      const res = await call('POST', '/api/v1/me/totp/confirm', an, { code: '123456' });
      expect(res.statusCode).toBe(409);
      expect(res.json().code).toBe('identity.totp_not_started');
    });

    it('starts enrolment with an otpauth URI, an SVG QR and the secret', async () => {
      const res = await call('POST', '/api/v1/me/totp', an);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.uri).toMatch(/^otpauth:\/\/totp\//);
      expect(body.uri).toContain(`secret=${body.secret}`);
      expect(body.qrSvg).toContain('<svg');
      secret = body.secret;
    });

    it('refuses a wrong code, then confirms with the right one and shows 10 recovery codes once', async () => {
      const wrong = String((Number(codeNow(secret)) + 1) % 1_000_000).padStart(6, '0');
      const bad = await call('POST', '/api/v1/me/totp/confirm', an, { code: wrong });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors[0]).toMatchObject({ pointer: '/body/code', code: 'identity.totp_wrong' });

      const ok = await call('POST', '/api/v1/me/totp/confirm', an, { code: codeNow(secret) });
      expect(ok.statusCode).toBe(200);
      recoveryCodes = ok.json().recoveryCodes;
      expect(recoveryCodes).toHaveLength(10);
      expect(new Set(recoveryCodes).size).toBe(10);
      expect(recoveryCodes[0]).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);

      const again = await call('POST', '/api/v1/me/totp', an);
      expect(again.statusCode).toBe(409);
      expect(again.json().code).toBe('identity.totp_already_enabled');
    });

    it('refuses the code that confirmed enrolment (replay) and a wrong recovery code', async () => {
      const replay = await call('DELETE', '/api/v1/me/totp', an, { code: codeNow(secret) });
      expect(replay.statusCode).toBe(400);
      expect(replay.json().errors[0]).toMatchObject({ code: 'identity.totp_replayed' });
      const wrong = await call('DELETE', '/api/v1/me/totp', an, { recoveryCode: 'ZZZZZ-ZZZZZ' });
      expect(wrong.json().errors[0]).toMatchObject({
        pointer: '/body/recoveryCode',
        code: 'identity.recovery_code_wrong',
      });
    });

    it('turns off with a recovery code; codes of the old enrolment never work again', async () => {
      const used = recoveryCodes[3]!.toLowerCase().replace('-', '');
      expect((await call('DELETE', '/api/v1/me/totp', an, { recoveryCode: used })).statusCode).toBe(204);
      const none = await call('DELETE', '/api/v1/me/totp', an, { recoveryCode: recoveryCodes[4] });
      expect(none.json().code).toBe('identity.totp_not_enabled');

      const enrol = (await call('POST', '/api/v1/me/totp', an)).json();
      t.clock.advance(30_000);
      await call('POST', '/api/v1/me/totp/confirm', an, { code: codeNow(enrol.secret) });
      const old = await call('DELETE', '/api/v1/me/totp', an, { recoveryCode: recoveryCodes[4] });
      expect(old.json().errors[0]).toMatchObject({ code: 'identity.recovery_code_wrong' });

      t.clock.advance(30_000);
      expect((await call('DELETE', '/api/v1/me/totp', an, { code: codeNow(enrol.secret) })).statusCode).toBe(
        204,
      );
    });

    it('refuses unknown fields and both kinds of code at once', async () => {
      const res = await call('DELETE', '/api/v1/me/totp', an, {
        code: '123456',
        recoveryCode: 'ABCDE-12345',
      });
      expect(res.statusCode).toBe(400);
    });
  });

  describe('my devices', () => {
    it('lists my live sessions with the current one marked, and never another account’s', async () => {
      const tablet = (await citizenLogin(t, AN, 'Tablet')).headers;
      const binh = (await citizenLogin(t, BINH, 'Binh phone')).headers;
      const res = await call('GET', '/api/v1/me/sessions', tablet);
      expect(res.statusCode).toBe(200);
      const items = res.json().items as Array<{ userAgent: string; current: boolean; id: string }>;
      expect(items.map((i) => i.userAgent).sort()).toEqual(['Phone A', 'Tablet']);
      expect(items.find((i) => i.current)?.userAgent).toBe('Tablet');

      const binhItems = (await call('GET', '/api/v1/me/sessions', binh)).json().items;
      const binhSession = binhItems[0].id as string;
      const foreign = await call('DELETE', `/api/v1/me/sessions/${binhSession}`, tablet);
      expect(foreign.statusCode).toBe(404);
      expect(foreign.json().code).toBe('identity.session_not_found');
      expect((await call('GET', '/api/v1/me', binh)).statusCode).toBe(200);

      const phoneA = items.find((i) => i.userAgent === 'Phone A')!.id;
      expect((await call('DELETE', `/api/v1/me/sessions/${phoneA}`, tablet)).statusCode).toBe(204);
      expect((await call('GET', '/api/v1/me', an)).statusCode).toBe(401);
      expect((await call('GET', '/api/v1/me', tablet)).statusCode).toBe(200);
      expect((await call('DELETE', `/api/v1/me/sessions/${phoneA}`, tablet)).statusCode).toBe(404);
    });

    it('logs out everywhere', async () => {
      const one = (await citizenLogin(t, BINH, 'One')).headers;
      const two = (await citizenLogin(t, BINH, 'Two')).headers;
      expect((await call('POST', '/api/v1/auth/logout-all', one)).statusCode).toBe(204);
      expect((await call('GET', '/api/v1/me', one)).statusCode).toBe(401);
      expect((await call('GET', '/api/v1/me', two)).statusCode).toBe(401);
      expect((await call('GET', '/api/v1/me/sessions', two)).statusCode).toBe(401);
    });

    it('audits every change without secrets', async () => {
      const { rows } = await t.db.query<{ action: string; data: unknown }>(
        `select action, data from audit.events where action like 'identity.%' order by seq`,
      );
      const actions = rows.map((r) => r.action);
      for (const a of [
        'identity.password_set',
        'identity.password_changed',
        'identity.totp_enrolment_started',
        'identity.totp_enabled',
        'identity.totp_disabled',
        'identity.session_revoked',
        'identity.signed_out_everywhere',
      ]) {
        expect(actions).toContain(a);
      }
      const text = JSON.stringify(rows);
      expect(text).not.toContain(GOOD_PASSWORD);
      expect(text).not.toContain(NEW_PASSWORD);
    });
  });

  it('never logs passwords, TOTP secrets or recovery codes', () => {
    expect(t.logs.text).not.toContain(GOOD_PASSWORD);
    expect(t.logs.text).not.toContain(NEW_PASSWORD);
    expect(t.logs.text).not.toMatch(/secret=|recoveryCode"|"code":"\d{6}"/);
  });
});
