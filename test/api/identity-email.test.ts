import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';
import { citizenLogin, type SignedInHeaders, staffLogin } from '../helpers/login.js';

const AN = '+84905123456';
// The number in any written form; a bare '905' could be part of a random six-digit code.
const PHONE_IN_TEXT = /\+84|905\s?123\s?456/;
const BINH = '+84935234567';
const CUONG = '+84914345678';
const VOLUNTEER = 'tinhnguyen.haichau@congdanso.danang.vn';
const OFFICER = 'canbo.haichau@congdanso.danang.vn';
const AN_MAIL = 'nguyen.van.an@gmail.com';

type Headers = Record<string, string>;

/** "14:30, 01/07/2025" in Vietnam time (UTC+7, no daylight saving), worked out without Intl. */
function vietnamTime(at: Date): string {
  const iso = new Date(at.getTime() + 7 * 3_600_000).toISOString();
  return `${iso.slice(11, 16)}, ${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}
interface Message {
  channel: string;
  to: string;
  body: string;
}

describe('a citizen’s e-mail address: add, verify, sign in with it, remove (whole app)', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  const ids: Record<string, string> = {};
  let an: SignedInHeaders;
  let binh: SignedInHeaders;

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Headers, payload?: object) =>
    t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const add = (headers: Headers, email: string) => call('POST', '/api/v1/me/email', headers, { email });
  const verify = (headers: Headers, challengeId: string, code: string) =>
    call('POST', '/api/v1/me/email/verify', headers, { challengeId, code });

  /** What the simulated providers delivered to a phone or an address, newest first (after running the jobs). */
  const outbox = async (to: string): Promise<Message[]> => {
    await t.runtime.jobs.runDue();
    const res = await t.app.inject({ url: `/dev/outbox.json?to=${encodeURIComponent(to)}` });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const latestCode = async (to: string) => {
    const [latest] = await outbox(to);
    const code = /\b(\d{6})\b/.exec(latest?.body ?? '')?.[1];
    expect(code, `no code for ${to}`).toMatch(/^\d{6}$/);
    return { code: code!, message: latest! };
  };
  /** Asks for a code past the resend cooldown and reads it from the mailbox. */
  const codeFor = async (headers: Headers, email: string) => {
    t.clock.advance(61_000);
    const res = await add(headers, email);
    expect(res.statusCode, res.body).toBe(200);
    return { challengeId: res.json().challengeId as string, ...(await latestCode(email)) };
  };
  const accountOf = async (phone: string) =>
    (
      await t.db.query<{ email: string | null; email_verified_at: Date | null }>(
        'select email, email_verified_at from identity.accounts where phone = $1',
        [phone],
      )
    ).rows[0];
  const challengeCount = async () =>
    Number(
      (await t.db.query<{ n: string }>('select count(*) as n from identity.email_challenges')).rows[0]!.n,
    );
  const auditActions = async (accountId: string) =>
    (
      await t.db.query<{ action: string; data: unknown }>(
        `select action, data from audit.events where action like 'identity.email%' and actor = $1 order by seq`,
        [`citizen:${accountId}`],
      )
    ).rows;
  const inboxTitles = async (headers: Headers) => {
    await t.runtime.jobs.runDue();
    const res = await call('GET', '/api/v1/me/notifications', headers);
    expect(res.statusCode).toBe(200);
    return (res.json().items as Array<{ title: string; body: string }>).map((i) => i);
  };

  beforeAll(async () => {
    // Several sign-ins from one test address; the per-IP limit is tested with phone codes.
    t = await testApp({ env: { OTP_MAX_PER_IP_PER_HOUR: '1000' } });
    await seedReference(t.db);
    await seedDemo(t.db, t.config, t.clock);
    const { rows } = await t.db.query<{ id: string; email: string | null; phone: string | null }>(
      'select id, email, phone from identity.accounts',
    );
    for (const r of rows) ids[(r.email ?? r.phone)!] = r.id;
    an = (await citizenLogin(t, AN)).headers;
    binh = (await citizenLogin(t, BINH)).headers;
  });
  afterAll(() => t.close());

  it('needs a signed-in account and the CSRF token', async () => {
    const anonymous = await add({}, AN_MAIL);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect((await verify({}, randomUUID(), '123456')).statusCode).toBe(401);
    expect((await call('DELETE', '/api/v1/me/email', {})).statusCode).toBe(401);
    expect((await add({ cookie: an.cookie }, AN_MAIL)).statusCode).toBe(403);
    expect(await challengeCount()).toBe(0);
  });

  it.each([
    ['', 'identity.email_invalid'],
    ['nguyenvanan', 'identity.email_invalid'],
    ['nguyenvanan@', 'identity.email_invalid'],
    ['@gmail.com', 'identity.email_invalid'],
    ['nguyenvanan@gmail', 'identity.email_invalid'],
    ['nguyen..an@gmail.com', 'identity.email_invalid'],
    ['nguyen van an@gmail.com', 'identity.email_invalid'],
    ['an@gmail.com@yahoo.com', 'identity.email_invalid'],
    ['nguyễnvănan@gmail.com', 'identity.email_accents'],
    [`${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.vn`, 'identity.email_too_long'],
  ])('refuses %j at /body/email with the reason, in Vietnamese and English', async (email, code) => {
    const res = await add(an, email);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().errors).toEqual([{ pointer: '/body/email', code, message: expect.any(String) }]);
    expect(res.json().errors[0].message).toMatch(/Địa chỉ thư điện tử/);
    const en = await call('POST', '/api/v1/me/email', { ...an, 'accept-language': 'en' }, { email });
    expect(en.json().errors[0].message).toMatch(/e-mail address/);
    expect(await challengeCount()).toBe(0);
  });

  it('refuses unknown fields and a missing address', async () => {
    expect((await call('POST', '/api/v1/me/email', an, { email: AN_MAIL, phone: AN })).statusCode).toBe(400);
    const missing = await call('POST', '/api/v1/me/email', an, {});
    expect(missing.json().errors[0]).toMatchObject({ pointer: '/body/email', code: 'required' });
    expect(await challengeCount()).toBe(0);
  });

  it('sends a code to the address (not the phone number), then puts the verified address on the account', async () => {
    const before = (await outbox(AN)).length;
    const res = await add(an, `  Nguyen.Van.An@GMAIL.com `);
    expect(res.statusCode, res.body).toBe(200);
    const { challengeId, expiresAt } = res.json();
    expect(Object.keys(res.json()).sort()).toEqual(['challengeId', 'expiresAt']);
    // Ten minutes: e-mail is often a few minutes late.
    expect(new Date(expiresAt).getTime() - t.clock.now().getTime()).toBe(10 * 60_000);

    const { code, message } = await latestCode(AN_MAIL);
    expect(message.channel).toBe('email');
    expect(message.to).toBe(AN_MAIL);
    expect(message.body).toContain('Mã xác nhận thư điện tử');
    expect(message.body).toContain(AN_MAIL);
    expect(message.body).toContain('10 phút');
    expect(message.body).not.toMatch(PHONE_IN_TEXT);
    expect(message.body).not.toMatch(/\bbạn\b/);
    expect((await outbox(AN)).length).toBe(before);
    // Stored as an HMAC, never the code.
    const { rows } = await t.db.query<{ email: string; code_hash: string }>(
      'select email, code_hash from identity.email_challenges where id = $1',
      [challengeId],
    );
    expect(rows[0]!.email).toBe(AN_MAIL);
    expect(rows[0]!.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.code_hash).not.toContain(code);
    expect((await call('GET', '/api/v1/me', an)).json().email).toBeNull();

    const verified = await verify(an, challengeId, `${code.slice(0, 3)} ${code.slice(3)}`);
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toMatchObject({
      id: ids[AN],
      kind: 'citizen',
      email: AN_MAIL,
      phone: AN,
      csrfToken: an['x-csrf-token'],
    });
    expect((await call('GET', '/api/v1/me', an)).json().email).toBe(AN_MAIL);
    expect(await accountOf(AN)).toEqual({ email: AN_MAIL, email_verified_at: t.clock.now() });

    const [notice] = await inboxTitles(an);
    expect(notice!.title).toBe(`Đã thêm thư điện tử ${AN_MAIL}`);
    expect(notice!.body).toContain('/tai-khoan/bao-mat');
    expect(notice!.body).not.toContain(code);
    const audit = await auditActions(ids[AN]!);
    expect(audit.map((a) => a.action)).toEqual(['identity.email_added']);
    expect(JSON.stringify(audit)).not.toContain('gmail');
    expect(t.logs.hasCode(code)).toBe(false);
    expect(t.logs.text).not.toContain(AN_MAIL);

    // A used code never works again, for this account or another.
    const replay = await verify(an, challengeId, code);
    expect(replay.statusCode).toBe(400);
    expect(replay.json().errors[0]).toMatchObject({
      pointer: '/body/code',
      code: 'identity.email_code_used',
    });
    expect((await verify(binh, challengeId, code)).json().code).toBe('identity.email_challenge_not_found');
  });

  it('refuses to add the address the account already has', async () => {
    t.clock.advance(61_000);
    const res = await add(an, AN_MAIL.toUpperCase());
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ pointer: '/body/email', code: 'identity.email_same' });
  });

  it('signs in with channel email: the code arrives by e-mail, without the phone number', async () => {
    t.clock.advance(61_000);
    const smsBefore = (await outbox(AN)).length;
    const mailBefore = (await outbox(AN_MAIL)).length;
    const req = await call('POST', '/api/v1/auth/otp', {}, { phone: '0905 123 456', channel: 'email' });
    expect(req.statusCode).toBe(200);
    const mails = await outbox(AN_MAIL);
    expect(mails.length).toBe(mailBefore + 1);
    const body = mails[0]!.body;
    expect(body).toContain('mã đăng nhập Công dân số của Ông/Bà');
    expect(body).not.toMatch(PHONE_IN_TEXT);
    expect(body).not.toMatch(/\bbạn\b/);
    expect((await outbox(AN)).length).toBe(smsBefore);
    const code = /\b(\d{6})\b/.exec(body)![1];
    const res = await call(
      'POST',
      '/api/v1/auth/otp/verify',
      {},
      { challengeId: req.json().challengeId, code },
    );
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: ids[AN], email: AN_MAIL });
  });

  it('answers /auth/otp with channel email the same whether or not the number has an account or an address (SMS then)', async () => {
    t.clock.advance(61_000);
    const answers = [];
    for (const phone of [AN, BINH, '+84906777888']) {
      const sms = (await outbox(phone)).length;
      const res = await call('POST', '/api/v1/auth/otp', {}, { phone, channel: 'email' });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      answers.push({
        keys: Object.keys(body).sort(),
        headers: Object.keys(res.headers)
          .filter((h) => !['x-request-id', 'date', 'content-length'].includes(h))
          .sort(),
        ttl: new Date(body.expiresAt).getTime() - t.clock.now().getTime(),
      });
      // Without an address on the account the code goes by SMS, as it always did.
      if (phone !== AN) expect((await outbox(phone)).length, phone).toBe(sms + 1);
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });

  it('counts wrong codes: five tries, then even the right code is refused; nothing is written', async () => {
    const cuong = (await citizenLogin(t, CUONG)).headers;
    const { challengeId, code } = await codeFor(cuong, 'cuong.le@yahoo.com.vn');
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    for (const left of [4, 3, 2, 1, 0]) {
      const res = await verify(cuong, challengeId, wrong);
      expect(res.statusCode).toBe(400);
      expect(res.json().errors[0]).toMatchObject({
        pointer: '/body/code',
        code: 'identity.email_code_wrong',
      });
      expect(res.json().errors[0].message).toContain(`Còn ${left} lần thử`);
    }
    const sixth = await verify(cuong, challengeId, code);
    expect(sixth.statusCode).toBe(400);
    expect(sixth.json().errors[0]).toMatchObject({ code: 'identity.email_code_locked' });
    expect(await accountOf(CUONG)).toEqual({ email: null, email_verified_at: null });
    expect((await auditActions(ids[CUONG]!)).map((a) => a.action)).toEqual(['identity.email_code_locked']);
    expect((await verify(cuong, randomUUID(), code)).statusCode).toBe(404);
    expect((await verify(cuong, challengeId, '12345')).json().errors[0]).toMatchObject({
      pointer: '/body/code',
      code: 'identity.otp_format',
    });
  });

  it('refuses a code after its ten minutes', async () => {
    const cuong = (await citizenLogin(t, CUONG)).headers;
    const { challengeId, code } = await codeFor(cuong, 'cuong.le@yahoo.com.vn');
    t.clock.advance(10 * 60_000 + 1000);
    const res = await verify(cuong, challengeId, code);
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({
      pointer: '/body/code',
      code: 'identity.email_code_expired',
    });
    expect(res.json().errors[0].message).toContain('10 phút');
    expect((await accountOf(CUONG))!.email).toBeNull();
  });

  it('waits 60 s between codes and allows a few an hour per account; an earlier code still works', async () => {
    t.clock.advance(3_600_000);
    // Sessions idle for an hour have ended.
    an = (await citizenLogin(t, AN)).headers;
    binh = (await citizenLogin(t, BINH)).headers;
    const cuong = (await citizenLogin(t, CUONG)).headers;
    const first = await codeFor(cuong, 'cuong.le@yahoo.com.vn');
    const tooSoon = await add(cuong, 'cuong.le@yahoo.com.vn');
    expect(tooSoon.statusCode).toBe(429);
    expect(tooSoon.json().code).toBe('identity.otp_too_soon');
    expect(Number(tooSoon.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(tooSoon.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Four more, each after the cooldown: five in the hour (OTP_MAX_PER_PHONE_PER_HOUR), then 429.
    for (let i = 0; i < 4; i++) await codeFor(cuong, 'cuong.le@yahoo.com.vn');
    t.clock.advance(61_000);
    const tooMany = await add(cuong, 'cuong.le2@yahoo.com.vn');
    expect(tooMany.statusCode).toBe(429);
    expect(tooMany.json().code).toBe('identity.otp_too_many');
    const ok = await verify(cuong, first.challengeId, first.code);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().email).toBe('cuong.le@yahoo.com.vn');
  });

  it('answers the same for an address another account holds, and refuses it only after the right code', async () => {
    for (const taken of [AN_MAIL, OFFICER]) {
      t.clock.advance(61_000);
      const res = await add(binh, taken);
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json()).sort()).toEqual(['challengeId', 'expiresAt']);
      expect(new Date(res.json().expiresAt).getTime() - t.clock.now().getTime()).toBe(10 * 60_000);
      const { code } = await latestCode(taken);
      const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
      // A wrong code says only that it is wrong.
      const guess = await verify(binh, res.json().challengeId, wrong);
      expect(guess.json().errors[0].code).toBe('identity.email_code_wrong');
      const conflict = await verify(binh, res.json().challengeId, code);
      expect(conflict.statusCode).toBe(409);
      expect(conflict.json()).toMatchObject({ code: 'identity.email_taken' });
      expect(conflict.json().detail).toContain('tài khoản Công dân số khác');
      // The code is used up; neither account changed.
      expect((await verify(binh, res.json().challengeId, code)).json().errors[0].code).toBe(
        'identity.email_code_used',
      );
      expect((await accountOf(BINH))!.email).toBeNull();
    }
    expect((await accountOf(AN))!.email).toBe(AN_MAIL);
    expect((await auditActions(ids[BINH]!)).map((a) => a.action)).toEqual([]);
  });

  it('refuses staff (work e-mail is managed by their agency) without writing anything', async () => {
    const officer = (await staffLogin(t, OFFICER)).headers;
    const before = await challengeCount();
    for (const res of [
      await add(officer, 'dang.chau@gmail.com'),
      await verify(officer, randomUUID(), '123456'),
      await call('DELETE', '/api/v1/me/email', officer),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('identity.email_staff_managed');
      expect(res.json().detail).toContain('quản trị viên của cơ quan');
    }
    expect(await challengeCount()).toBe(before);
    expect(
      (await t.db.query('select email from identity.accounts where id = $1', [ids[OFFICER]])).rows[0],
    ).toEqual({ email: OFFICER });
  });

  it('refuses a volunteer in an assisted session (the citizen changes it themselves); /me shows the address', async () => {
    const volunteer = (await staffLogin(t, VOLUNTEER)).headers;
    t.clock.advance(61_000);
    const asked = await call('POST', '/api/v1/assisted-sessions', volunteer, { phone: AN });
    expect(asked.statusCode, asked.body).toBe(200);
    // The approval code goes by SMS to the citizen's phone.
    const { code } = await latestCode(AN);
    const started = await call('POST', '/api/v1/assisted-sessions/verify', volunteer, {
      challengeId: asked.json().challengeId,
      code,
    });
    expect(started.statusCode, started.body).toBe(200);
    const assisted = {
      ...volunteer,
      cookie: `${volunteer.cookie}; cds_assisted=${started.cookies.find((c) => c.name === 'cds_assisted')!.value}`,
    };
    const before = await challengeCount();
    for (const res of [
      await add(assisted, 'khac@gmail.com'),
      await verify(assisted, randomUUID(), '123456'),
      await call('DELETE', '/api/v1/me/email', assisted),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('auth.assisted_not_allowed');
    }
    expect(await challengeCount()).toBe(before);
    expect((await accountOf(AN))!.email).toBe(AN_MAIL);
    expect((await call('GET', '/api/v1/me', assisted)).json()).toMatchObject({ id: ids[AN], email: AN_MAIL });
    await call('POST', '/api/v1/assisted-sessions/current/end', assisted);
  });

  it('mails nothing to the current address when a change is refused (wrong code, address taken)', async () => {
    const before = (await outbox(AN_MAIL)).length;
    const { challengeId, code } = await codeFor(an, OFFICER);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    expect((await verify(an, challengeId, wrong)).statusCode).toBe(400);
    const taken = await verify(an, challengeId, code);
    expect(taken.statusCode).toBe(409);
    expect((await accountOf(AN))!.email).toBe(AN_MAIL);
    expect((await outbox(AN_MAIL)).length).toBe(before);
    expect(
      (await t.db.query(`select 1 from notify.notifications where template like 'identity.email-previous-%'`))
        .rows,
    ).toEqual([]);
  });

  it('changes the address: the notice names both; the old address is told, without the new one', async () => {
    const before = (await outbox(AN_MAIL)).length;
    const { challengeId, code } = await codeFor(an, 'an.nguyen@outlook.com');
    const res = await verify(an, challengeId, code);
    expect(res.statusCode).toBe(200);
    expect(res.json().email).toBe('an.nguyen@outlook.com');
    const mails = await outbox(AN_MAIL);
    expect(mails.length).toBe(before + 1);
    const told = mails[0]!;
    expect(told.channel).toBe('email');
    expect(told.body).toMatch(/^Công dân số: đã đổi địa chỉ thư điện tử của tài khoản\n/);
    expect(told.body).toContain(`Lúc ${vietnamTime(t.clock.now())} (giờ Việt Nam)`);
    expect(told.body).toContain('/tai-khoan/bao-mat');
    expect(told.body).toContain('1022');
    expect(told.body).not.toContain('an.nguyen@outlook.com');
    expect(told.body).not.toContain('outlook');
    expect(told.body).not.toMatch(PHONE_IN_TEXT);
    expect(told.body).not.toMatch(/\d{6}/);
    expect(told.body).not.toContain(code);
    expect(told.body).not.toMatch(/\bbạn\b/);
    const [notice] = await inboxTitles(an);
    expect(notice!.title).toBe('Đã đổi thư điện tử thành an.nguyen@outlook.com');
    expect(notice!.body).toContain(AN_MAIL);
    expect((await auditActions(ids[AN]!)).map((a) => a.action)).toEqual([
      'identity.email_added',
      'identity.email_changed',
    ]);
  });

  it('removes the address: audited, a notice, and sign-in codes by SMS again', async () => {
    const res = await call('DELETE', '/api/v1/me/email', an);
    expect(res.statusCode).toBe(204);
    expect((await call('GET', '/api/v1/me', an)).json().email).toBeNull();
    expect(await accountOf(AN)).toEqual({ email: null, email_verified_at: null });
    const [notice] = await inboxTitles(an);
    expect(notice!.title).toBe('Đã xoá thư điện tử an.nguyen@outlook.com');
    const [told] = await outbox('an.nguyen@outlook.com');
    expect(told!.body).toMatch(/^Công dân số: đã xoá địa chỉ thư điện tử khỏi tài khoản\n/);
    expect(told!.body).toContain(`Lúc ${vietnamTime(t.clock.now())} (giờ Việt Nam)`);
    expect(told!.body).toContain('1022');
    expect(told!.body).not.toMatch(PHONE_IN_TEXT);
    expect(told!.body).not.toMatch(/\d{6}/);
    expect((await auditActions(ids[AN]!)).map((a) => a.action).at(-1)).toBe('identity.email_removed');

    const again = await call('DELETE', '/api/v1/me/email', an);
    expect(again.statusCode).toBe(404);
    expect(again.json().code).toBe('identity.email_not_set');

    t.clock.advance(61_000);
    const mails = (await outbox('an.nguyen@outlook.com')).length;
    const sms = (await outbox(AN)).length;
    expect((await call('POST', '/api/v1/auth/otp', {}, { phone: AN, channel: 'email' })).statusCode).toBe(
      200,
    );
    expect((await outbox(AN)).length).toBe(sms + 1);
    expect((await outbox('an.nguyen@outlook.com')).length).toBe(mails);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json();
    expect(Object.keys(doc.paths['/api/v1/me/email']).sort()).toEqual(['delete', 'post']);
    expect(doc.paths['/api/v1/me/email/verify'].post.summary).toBeTruthy();
  });
});
