import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIdentityModule } from '../../src/modules/identity/assemble.js';
import { createAudit } from '../../src/platform/audit/audit.js';
import { registerActorResolution } from '../../src/platform/auth/plugin.js';
import { ManualClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import { createEnvelope } from '../../src/platform/crypto/envelope.js';
import { masterKeysFrom } from '../../src/platform/crypto/master-key.js';
import { createHttpApp } from '../../src/platform/http/app.js';
import { createLogger } from '../../src/platform/logger.js';
import type { Notify, SendRequest, TemplateDefinition } from '../../src/platform/notify/notify.js';
import { LogCapture } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';

/** Records what would be sent, rendering the SMS text the way notify fills `((placeholders))`. */
class RecordingNotify implements Notify {
  templates = new Map<string, TemplateDefinition>();
  sent: Array<SendRequest & { sms: string }> = [];
  defineTemplate(t: TemplateDefinition) {
    this.templates.set(t.id, t);
  }
  async send(_tx: unknown, request: SendRequest) {
    const template = this.templates.get(request.template);
    if (!template) throw new Error(`unknown template ${request.template}`);
    const text = template[request.locale ?? 'vi'].sms ?? '';
    const sms = text.replace(/\(\((\w+)\)\)/g, (_, k: string) => String(request.params[k]));
    this.sent.push({ ...request, sms });
    return { notificationId: request.reference ?? '' };
  }
  /** The newest code sent to a phone. */
  codeFor(phone: string): string {
    const last = this.sent.filter((s) => s.to.phone === phone).at(-1);
    if (!last) throw new Error('nothing sent');
    return String(last.params.code);
  }
}

/** The identity module on the platform HTTP app, with a recording notifier in place of platform/notify. */
async function otpApp() {
  const db = await testDb();
  const logs = new LogCapture();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATA_DIR: '/tmp/cds-test-data',
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
  });
  const clock = new ManualClock('2026-03-02T09:00:00+07:00');
  const app = await createHttpApp({
    config,
    logger: createLogger({ level: 'info', destination: logs }),
    version: 'test',
  });
  const notify = new RecordingNotify();
  const identity = createIdentityModule({
    db,
    clock,
    audit: createAudit({ clock }),
    cookies: { secure: false },
    envelope: createEnvelope(masterKeysFrom(randomBytes(32))),
    grantsOf: async () => [],
    otp: { notify, masterKey: randomBytes(32), policy: config.otp, publicUrl: config.publicUrl },
  });
  registerActorResolution(app, (req) => identity.resolveActor(req), identity.csrf);
  await identity.register(app);
  await app.ready();
  return {
    app,
    db,
    clock,
    logs,
    notify,
    async close() {
      await app.close();
      await db.drop();
    },
  };
}

describe('citizen sign-in with a one-time code (API)', () => {
  let t: Awaited<ReturnType<typeof otpApp>>;
  let ipSeq = 0;
  // Each test gets its own address so the per-IP limit only bites where a test wants it to.
  const freshIp = () => `198.51.100.${++ipSeq}`;

  beforeAll(async () => {
    t = await otpApp();
    await t.db.query(
      `insert into identity.accounts (id, kind, full_name, phone, email, created_at, updated_at) values
        ('01950000-0000-7000-8000-000000000001', 'citizen', 'Trần Thị Bình', '+84935234567', 'binh@example.vn', now(), now()),
        ('01950000-0000-7000-8000-000000000002', 'staff', 'Võ Minh Tiếp', '+84914345678', 'motcua@example.vn', now(), now())`,
    );
  });
  afterAll(() => t.close());

  const requestOtp = (payload: object, ip = freshIp(), headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/otp',
      payload,
      remoteAddress: ip,
      headers,
    });
  const verify = (challengeId: string, code: string, headers: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/otp/verify',
      payload: { challengeId, code },
      headers,
    });
  const cookieOf = (res: { cookies: Array<{ name: string; value: string }> }) =>
    `cds_session=${res.cookies.find((c) => c.name === 'cds_session')?.value}`;
  /** Moves past the resend cooldown so the next request for the same phone is accepted. */
  const afterCooldown = () => t.clock.advance(61_000);

  it('sends a code and signs a new number in, registering a level-1 citizen', async () => {
    const res = await requestOtp({ phone: '0905 111 222' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(Object.keys(body).sort()).toEqual(['challengeId', 'expiresAt']);
    expect(new Date(body.expiresAt).getTime() - t.clock.now().getTime()).toBe(5 * 60_000);
    expect(res.cookies).toEqual([]);

    const sent = t.notify.sent.at(-1)!;
    expect(sent).toMatchObject({
      template: 'identity.otp',
      to: { phone: '+84905111222' },
      channels: ['sms', 'zalo'],
      params: { minutes: 5 },
      reference: body.challengeId,
    });
    const code = t.notify.codeFor('+84905111222');
    expect(code).toMatch(/^\d{6}$/);
    expect(sent.sms.startsWith(code)).toBe(true);
    expect(sent.sms).toContain('Công dân số');
    expect(sent.sms.split('\n').at(-1)).toBe(`@localhost #${code}`);

    const ok = await verify(body.challengeId, code);
    expect(ok.statusCode).toBe(200);
    const me = ok.json();
    expect(me).toMatchObject({ kind: 'citizen', phone: '+84905111222', assuranceLevel: 1, grants: [] });
    expect(ok.cookies.find((c: { name: string }) => c.name === 'cds_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
    });
    const again = await t.app.inject({ url: '/api/v1/me', headers: { cookie: cookieOf(ok) } });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(me.id);

    const { rows } = await t.db.query<{ phone_verified_at: Date | null }>(
      'select phone_verified_at from identity.accounts where id = $1',
      [me.id],
    );
    expect(rows[0]!.phone_verified_at).not.toBeNull();
    const audit = await t.db.query<{ action: string; target_id: string; data: unknown }>(
      "select action, target_id, data from audit.events where action in ('identity.account_registered', 'identity.signed_in') order by seq",
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['identity.account_registered', 'identity.signed_in']);
    expect(audit.rows[0]!.target_id).toBe(me.id);
    expect(JSON.stringify(audit.rows)).not.toMatch(/905111222/);
  });

  it('signs an existing citizen into their own account', async () => {
    const { challengeId } = (await requestOtp({ phone: '+84 935 234 567' })).json();
    const res = await verify(challengeId, t.notify.codeFor('+84935234567'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: '01950000-0000-7000-8000-000000000001',
      fullName: 'Trần Thị Bình',
    });
  });

  it.each([
    ['0905 222 333', '+84905222333'],
    ['0905.222.334', '+84905222334'],
    ['+84905222335', '+84905222335'],
    ['84 905 222 336', '+84905222336'],
    ['(+84) 0905-222-337', '+84905222337'],
  ])('normalises %j to %s', async (input, e164) => {
    const res = await requestOtp({ phone: input });
    expect(res.statusCode).toBe(200);
    expect(t.notify.sent.at(-1)!.to.phone).toBe(e164);
  });

  it.each([
    ['0236 3822 123', 'identity.phone_landline', /máy bàn/],
    ['+84 24 3825 3536', 'identity.phone_landline', /máy bàn/],
    ['0311 234 567', 'identity.phone_invalid', /không hợp lệ/],
    ['hello', 'identity.phone_invalid', /không hợp lệ/],
    ['1'.repeat(41), 'too_big', /./],
  ])('refuses %j with the reason on /body/phone', async (phone, code, message) => {
    const before = t.notify.sent.length;
    const res = await requestOtp({ phone });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('http.validation');
    expect(res.json().errors).toEqual([
      { pointer: '/body/phone', code, message: expect.stringMatching(message) },
    ]);
    expect(t.notify.sent.length).toBe(before);
  });

  it('refuses a missing phone, an unknown channel and unknown fields', async () => {
    expect((await requestOtp({})).json().errors[0]).toMatchObject({
      pointer: '/body/phone',
      code: 'required',
    });
    expect((await requestOtp({ phone: '0905222340', channel: 'fax' })).json().errors[0]).toMatchObject({
      pointer: '/body/channel',
    });
    expect((await requestOtp({ phone: '0905222341', admin: true })).json().errors[0]).toMatchObject({
      pointer: '/body/admin',
      code: 'unrecognized_keys',
    });
  });

  it('answers alike for numbers with and without an account', async () => {
    const known = await requestOtp({ phone: '0914 345 678' }); // a staff account's phone
    const unknown = await requestOtp({ phone: '0914 345 679' });
    for (const res of [known, unknown]) {
      expect(res.statusCode).toBe(200);
      expect(Object.keys(res.json()).sort()).toEqual(['challengeId', 'expiresAt']);
      expect(res.headers['set-cookie']).toBeUndefined();
    }
    const shape = (r: typeof known) => Object.keys(r.headers).sort();
    expect(shape(known)).toEqual(shape(unknown));
    expect(known.json().expiresAt).toBe(unknown.json().expiresAt);
  });

  it('sends by Zalo or e-mail when chosen, falling back to SMS; e-mail only to an address on the account', async () => {
    await requestOtp({ phone: '0905222350', channel: 'zalo' });
    expect(t.notify.sent.at(-1)!.channels).toEqual(['zalo', 'sms']);
    afterCooldown();
    await requestOtp({ phone: '0935234567', channel: 'email' });
    expect(t.notify.sent.at(-1)).toMatchObject({
      channels: ['email', 'sms'],
      to: { phone: '+84935234567', email: 'binh@example.vn' },
    });
    await requestOtp({ phone: '0905222351', channel: 'email' });
    expect(t.notify.sent.at(-1)!.channels).toEqual(['sms', 'zalo']);
    expect(t.notify.sent.at(-1)!.to.email).toBeUndefined();
  });

  it('accepts the code with spaces or dashes, refuses non-digits with a field pointer', async () => {
    const { challengeId } = (await requestOtp({ phone: '0905222360' })).json();
    const code = t.notify.codeFor('+84905222360');
    const bad = await verify(challengeId, '12a456');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([
      { pointer: '/body/code', code: 'identity.otp_format', message: 'Mã xác thực gồm 6 chữ số.' },
    ]);
    const ok = await verify(challengeId, ` ${code.slice(0, 3)} - ${code.slice(3)} `);
    expect(ok.statusCode).toBe(200);
  });

  it('locks the challenge after five wrong codes, even for the right code', async () => {
    const { challengeId } = (await requestOtp({ phone: '0905222370' })).json();
    const code = t.notify.codeFor('+84905222370');
    const wrong = code === '000000' ? '111111' : '000000';
    for (let left = 4; left >= 0; left--) {
      const res = await verify(challengeId, wrong);
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('identity.otp_wrong');
      expect(res.json().detail).toContain(`Còn ${left} lần thử`);
    }
    const sixth = await verify(challengeId, code);
    expect(sixth.statusCode).toBe(401);
    expect(sixth.json().code).toBe('identity.otp_locked');
    const { rows } = await t.db.query("select 1 from audit.events where action = 'identity.otp_locked'");
    expect(rows).toHaveLength(1);
  });

  it('refuses a replayed code', async () => {
    const { challengeId } = (await requestOtp({ phone: '0905222380' })).json();
    const code = t.notify.codeFor('+84905222380');
    expect((await verify(challengeId, code)).statusCode).toBe(200);
    const replay = await verify(challengeId, code);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('identity.otp_used');
  });

  it('refuses an expired code with a clear message, in the reader’s language', async () => {
    const { challengeId } = (await requestOtp({ phone: '0905222390' })).json();
    const code = t.notify.codeFor('+84905222390');
    t.clock.advance(5 * 60_000 + 1000);
    const vi = await verify(challengeId, code);
    expect(vi.statusCode).toBe(401);
    expect(vi.json()).toMatchObject({ code: 'identity.otp_expired', title: 'Mã đã hết hiệu lực' });
    expect(vi.json().detail).toContain('5 phút');
    const en = await verify(challengeId, code, { 'accept-language': 'en' });
    expect(en.json().title).toBe('The code has expired');
  });

  it('refuses an unknown challenge', async () => {
    const res = await verify('01950000-0000-7000-8000-00000000dead', '123456');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('identity.otp_not_found');
  });

  it('keeps an earlier code working after a resend, and spends both on sign-in', async () => {
    const first = (await requestOtp({ phone: '0905222400' })).json();
    const firstCode = t.notify.codeFor('+84905222400');
    afterCooldown();
    const second = (await requestOtp({ phone: '0905222400' })).json();
    const secondCode = t.notify.codeFor('+84905222400');
    // The citizen types the code of the first message into the page that asked for the second.
    const res = await verify(second.challengeId, firstCode);
    expect(res.statusCode).toBe(200);
    expect((await verify(first.challengeId, firstCode)).json().code).toBe('identity.otp_used');
    expect((await verify(second.challengeId, secondCode)).json().code).toBe('identity.otp_used');
  });

  it('does not let staff accounts in with a code', async () => {
    afterCooldown();
    const { challengeId } = (await requestOtp({ phone: '0914345678' })).json();
    const res = await verify(challengeId, t.notify.codeFor('+84914345678'));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('identity.otp_not_allowed');
  });

  it('enforces the resend cooldown with Retry-After', async () => {
    const ip = freshIp();
    expect((await requestOtp({ phone: '0905222410' }, ip)).statusCode).toBe(200);
    t.clock.advance(15_000);
    const soon = await requestOtp({ phone: '0905 222 410' }, ip);
    expect(soon.statusCode).toBe(429);
    expect(soon.json().code).toBe('identity.otp_too_soon');
    expect(soon.headers['retry-after']).toBe('45');
    expect(soon.json().detail).toContain('45 giây');
    t.clock.advance(45_000);
    expect((await requestOtp({ phone: '0905222410' }, ip)).statusCode).toBe(200);
  });

  it('allows five codes per phone per hour', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await requestOtp({ phone: '0905222420' })).statusCode).toBe(200);
      afterCooldown();
    }
    const sixth = await requestOtp({ phone: '0905222420' });
    expect(sixth.statusCode).toBe(429);
    expect(sixth.json().code).toBe('identity.otp_too_many');
    expect(Number(sixth.headers['retry-after'])).toBe(3600 - 5 * 61);
    t.clock.advance((3600 - 5 * 61) * 1000);
    expect((await requestOtp({ phone: '0905222420' })).statusCode).toBe(200);
  });

  it('allows twenty codes per IP address per hour, whatever the numbers', async () => {
    const ip = '203.0.113.7';
    for (let i = 0; i < 20; i++) {
      expect((await requestOtp({ phone: `09052225${String(i).padStart(2, '0')}` }, ip)).statusCode).toBe(200);
    }
    const over = await requestOtp({ phone: '0905222599' }, ip);
    expect(over.statusCode).toBe(429);
    expect(over.json().code).toBe('identity.otp_too_many');
    expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
    expect((await requestOtp({ phone: '0905222599' }, freshIp())).statusCode).toBe(200);
  });

  it('treats a forged cookie, or another user’s ended session, as signed out', async () => {
    const signIn = async (phone: string, e164: string) => {
      afterCooldown();
      const { challengeId } = (await requestOtp({ phone })).json();
      return verify(challengeId, t.notify.codeFor(e164));
    };
    const a = await signIn('0905222600', '+84905222600');
    const b = await signIn('0905222601', '+84905222601');
    expect((await t.app.inject({ url: '/api/v1/me', headers: { cookie: cookieOf(a) } })).json().id).toBe(
      a.json().id,
    );
    const logout = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie: cookieOf(b), 'x-csrf-token': b.json().csrfToken },
    });
    expect(logout.statusCode).toBe(204);
    for (const cookie of [
      cookieOf(b),
      'cds_session=forged-token',
      `cds_session=${randomBytes(32).toString('base64url')}`,
    ]) {
      const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
      expect(me.statusCode).toBe(401);
      expect(me.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('never stores or logs a code or a full phone number', async () => {
    const { rows } = await t.db.query<{ code_hash: string }>('select code_hash from identity.otp_challenges');
    const codes = t.notify.sent.map((s) => String(s.params.code));
    for (const r of rows) expect(codes).not.toContain(r.code_hash);
    expect(t.logs.lines.length).toBeGreaterThan(20);
    for (const code of codes) expect(t.logs.text).not.toContain(code);
    for (const phone of new Set(t.notify.sent.map((s) => s.to.phone!))) {
      expect(t.logs.text).not.toContain(phone.slice(3));
    }
    const audit = await t.db.query<{ data: unknown }>('select data from audit.events');
    expect(JSON.stringify(audit.rows)).not.toMatch(/\+84|905\d{6}/);
  });
});
