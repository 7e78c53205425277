import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createProviders, type Providers } from '../../src/adapters/index.js';
import { zaloSignatureHeader } from '../../src/adapters/zalo/signature.js';
import { ManualClock } from '../../src/platform/clock.js';
import { ConfigError, loadConfig } from '../../src/platform/config.js';
import { createEnvelope } from '../../src/platform/crypto/envelope.js';
import { loadMasterKeys } from '../../src/platform/crypto/master-key.js';
import type { Db } from '../../src/platform/db/db.js';
import { type App, createHttpApp } from '../../src/platform/http/app.js';
import { createJobs, type JobsRuntime } from '../../src/platform/jobs/create-jobs.js';
import { createLogger } from '../../src/platform/logger.js';
import { createNotify, type NotifyRuntime } from '../../src/platform/notify/create-notify.js';
import type { SendRequest } from '../../src/platform/notify/notify.js';
import { LogCapture } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { injectFetch } from '../support/inject-fetch.js';

/** platform/notify with the real adapters (src/adapters) talking to the simulated providers. */
const PUBLIC_URL = 'http://notify.test';
const CODE = '482915';
const PHONE = '0905123456';
const NOT_ON_ZALO = '0900000118';
const EMAIL = 'Hoa.Nguyen@Example.vn';

let db: Db & { drop(): Promise<void> };
let app: App;
let jobs: JobsRuntime;
let notify: NotifyRuntime;
let providers: Providers;
const logs = new LogCapture();
const clock = new ManualClock('2026-03-02T09:00:00+07:00');
const env = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'info',
  DATA_DIR: '/tmp/cds-test-data',
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
  PUBLIC_URL,
};
const config = loadConfig(env);
/** Retries wait seconds to minutes of real time; this lets runDue take them at once. */
const later = () => new Date(Date.now() + 3 * 3600_000);

beforeAll(async () => {
  db = await testDb();
  const logger = createLogger({ level: 'info', destination: logs });
  app = await createHttpApp({ config, logger, version: 'test' });
  jobs = createJobs({ db, logger, clock });
  const envelope = createEnvelope(loadMasterKeys(config, logger));
  const fetch = injectFetch(() => app, PUBLIC_URL);
  providers = createProviders({ db, config, clock, logger, envelope, fetch });
  notify = createNotify({ db, jobs, config, clock, logger, envelope, providers });
  notify.defineTemplate({
    id: 'test.otp',
    vi: {
      sms: '((code)) là mã xác thực Công dân số của bạn, có hiệu lực trong ((minutes)) phút.\n@((domain)) #((code))',
      zalo: { templateId: '301234', params: ['code', 'minutes'] },
      email: {
        subject: 'Mã xác thực Công dân số',
        text: 'Mã xác thực của bạn là ((code)), hiệu lực ((minutes)) phút.',
      },
      inapp: { title: 'Mã xác thực', body: 'Mã ((code)), hiệu lực ((minutes)) phút.' },
    },
    en: {
      sms: '((code)) is your Công dân số code, valid for ((minutes)) minutes.\n@((domain)) #((code))',
      zalo: { templateId: '301234', params: ['code', 'minutes'] },
      email: {
        subject: 'Your Công dân số code',
        text: 'Your code is ((code)), valid for ((minutes)) minutes.',
      },
      inapp: { title: 'Code', body: 'Code ((code)), valid ((minutes)) minutes.' },
    },
  });
  notify.register(app);
  await jobs.start();
  await app.ready();
});

afterAll(async () => {
  await jobs?.stop({ graceMs: 1000 });
  await app?.close();
  await db?.drop();
});

beforeEach(() => clock.advance(60_000));

const otp = (overrides: Partial<SendRequest> = {}): SendRequest => ({
  template: 'test.otp',
  to: { phone: PHONE },
  channels: ['sms', 'zalo'],
  params: { code: CODE, minutes: 5 },
  ...overrides,
});

async function send(request: SendRequest) {
  return (await db.tx((tx) => notify.send(tx, request))).notificationId;
}

/** Runs the delivery jobs (retries included) and waits for the simulated delivery reports. */
async function deliver() {
  const runs = await jobs.runDue({ until: later() });
  await providers.simulators.idle();
  // A report may have queued a delivery on the next channel.
  const more = await jobs.runDue({ until: later() });
  await providers.simulators.idle();
  return runs + more;
}

async function outbox(to: string) {
  const res = await app.inject({ method: 'GET', url: `/dev/outbox.json?to=${encodeURIComponent(to)}` });
  expect(res.statusCode).toBe(200);
  return res.json() as Array<{ channel: string; to: string; body: string; createdAt: string }>;
}

async function clearOutbox() {
  await db.query('delete from notify.dev_outbox');
}

describe('send', () => {
  beforeEach(clearOutbox);

  it('sends nothing when the caller’s transaction rolls back', async () => {
    let id = '';
    await expect(
      db.tx(async (tx) => {
        id = (await notify.send(tx, otp())).notificationId;
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(id).not.toBe('');
    expect(await notify.status(db, id)).toBeUndefined();
    expect(await deliver()).toBe(0);
    expect(await outbox(PHONE)).toEqual([]);
  });

  it('refuses a missing placeholder at send time and stores nothing', async () => {
    const { rows: before } = await db.query('select count(*)::int as n from notify.notifications');
    await expect(send(otp({ params: { minutes: 5 } }))).rejects.toThrow('needs ((code))');
    await expect(send(otp({ template: 'test.nope' }))).rejects.toThrow('not defined');
    const { rows: after } = await db.query('select count(*)::int as n from notify.notifications');
    expect(after).toEqual(before);
  });

  it('is idempotent by reference: the same reference is the same notification, sent once', async () => {
    const a = await send(otp({ reference: 'test-ref-1' }));
    const b = await send(otp({ reference: 'test-ref-1' }));
    expect(b).toBe(a);
    expect(await deliver()).toBe(1);
    expect(await outbox(PHONE)).toHaveLength(1);
  });

  it('keeps the recipient and the content sealed in the table', async () => {
    const id = await send(otp({ to: { phone: PHONE, email: EMAIL }, channels: ['sms', 'email'] }));
    const { rows } = await db.query<Record<string, unknown>>(
      'select * from notify.notifications where id = $1',
      [id],
    );
    const stored = JSON.stringify(rows[0]);
    for (const secret of [CODE, '905123456', 'example.vn']) expect(stored).not.toContain(secret);
    await deliver();
  });
});

describe('delivery through the simulated providers', () => {
  beforeEach(clearOutbox);

  it('delivers an SMS through the real eSMS adapter and its delivery report', async () => {
    const id = await send(otp());
    expect((await notify.status(db, id))?.status).toBe('created');
    expect(await deliver()).toBe(1);
    const [message] = await outbox(PHONE);
    expect(message).toMatchObject({ channel: 'sms', to: '+84905123456' });
    // Brandname SMS without diacritics (GSM-7), ending with the domain-bound autofill line.
    expect(message?.body).toBe(
      `${CODE} la ma xac thuc Cong dan so cua ban, co hieu luc trong 5 phut.\n@notify.test #${CODE}`,
    );
    const status = await notify.status(db, id);
    expect(status).toMatchObject({ status: 'delivered', channel: 'sms', attempts: 1 });
    expect(status?.providerMessageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(status?.events.map((e) => e.status)).toEqual(['created', 'sending', 'sending', 'delivered']);
  });

  it('delivers through Zalo ZNS, confirmed by the signed user_received_message webhook', async () => {
    const id = await send(otp({ channels: ['zalo', 'sms'], locale: 'en' }));
    await deliver();
    expect(await outbox(PHONE)).toEqual([
      expect.objectContaining({
        channel: 'zalo',
        to: '+84905123456',
        body: `[ZNS 301234]\ncode: ${CODE}\nminutes: 5`,
      }),
    ]);
    expect(await notify.status(db, id)).toMatchObject({ status: 'delivered', channel: 'zalo' });
  });

  it('falls back from Zalo to SMS when the number is not on Zalo (-118)', async () => {
    const id = await send(otp({ to: { phone: NOT_ON_ZALO }, channels: ['zalo', 'sms'] }));
    expect(await deliver()).toBe(1);
    const messages = await outbox(NOT_ON_ZALO);
    expect(messages.map((m) => m.channel)).toEqual(['sms']);
    const status = await notify.status(db, id);
    expect(status).toMatchObject({ status: 'delivered', channel: 'sms' });
    expect(status?.events).toContainEqual({
      channel: 'zalo',
      status: 'permanent-failure',
      reason: 'zalo.-118',
    });
  });

  it('retries a temporary failure with the job system, then delivers', async () => {
    providers.simulators.sms?.failNext(2, { httpStatus: 503 });
    const id = await send(otp());
    expect(await deliver()).toBe(3);
    const status = await notify.status(db, id);
    expect(status).toMatchObject({ status: 'delivered', channel: 'sms', attempts: 3 });
    expect(status?.events.filter((e) => e.status === 'temporary-failure')).toEqual([
      { channel: 'sms', status: 'temporary-failure', reason: 'esms.http_503' },
      { channel: 'sms', status: 'temporary-failure', reason: 'esms.http_503' },
    ]);
    expect(await outbox(PHONE)).toHaveLength(1);
  });

  it('refreshes an expired Zalo OA token (single-use refresh token, stored sealed) and retries', async () => {
    for (const round of [1, 2]) {
      providers.simulators.zalo?.expireAccessTokens();
      const id = await send(otp({ channels: ['zalo', 'sms'] }));
      expect(await deliver()).toBe(2);
      const status = await notify.status(db, id);
      expect(status).toMatchObject({ status: 'delivered', channel: 'zalo', attempts: 2 });
      expect(status?.events).toContainEqual({
        channel: 'zalo',
        status: 'temporary-failure',
        reason: 'zalo.-124',
      });
      const { rows } = await db.query<{ sealed: string }>('select sealed from notify.zalo_tokens');
      expect(rows, `round ${round}`).toHaveLength(1);
      expect(rows[0]?.sealed).not.toContain('sim-');
    }
  });

  it('moves to the next channel when the SMS delivery report says rejected', async () => {
    providers.simulators.sms?.reportNext(1, '4');
    const id = await send(otp({ to: { phone: PHONE, email: EMAIL }, channels: ['sms', 'email'] }));
    await deliver();
    const status = await notify.status(db, id);
    expect(status).toMatchObject({ status: 'delivered', channel: 'email' });
    expect(status?.events).toContainEqual({
      channel: 'sms',
      status: 'permanent-failure',
      reason: 'esms.status_4',
    });
    expect((await outbox(EMAIL)).map((m) => m.channel)).toEqual(['email']);
  });

  it('moves to the next channel once the retries of a temporary failure are used up', async () => {
    providers.simulators.sms?.failNext(6, { codeResult: '103' });
    const id = await send(otp({ to: { phone: PHONE, email: EMAIL }, channels: ['sms', 'email'] }));
    expect(await deliver()).toBe(6);
    const status = await notify.status(db, id);
    expect(status).toMatchObject({ status: 'delivered', channel: 'email', attempts: 7 });
    expect(status?.events.filter((e) => e.reason === 'esms.103').map((e) => e.status)).toEqual([
      ...Array(5).fill('temporary-failure'),
      'permanent-failure',
    ]);
  });

  it('ends as a permanent failure when no channel is left', async () => {
    providers.simulators.sms?.failNext(1, { codeResult: '108' });
    const id = await send(otp({ channels: ['sms'] }));
    await deliver();
    expect(await notify.status(db, id)).toMatchObject({ status: 'permanent-failure', channel: 'sms' });
  });

  it('sends e-mail and falls back to the in-app inbox when the mailbox refuses', async () => {
    const accountId = '0195a000-0000-7000-8000-000000000001';
    const first = await send(otp({ to: { email: EMAIL, accountId }, channels: ['email', 'inapp'] }));
    await deliver();
    expect(await notify.status(db, first)).toMatchObject({ status: 'delivered', channel: 'email' });
    expect((await outbox(EMAIL))[0]).toMatchObject({ channel: 'email', to: 'hoa.nguyen@example.vn' });
    expect((await outbox(EMAIL))[0]?.body).toContain(`Mã xác thực của bạn là ${CODE}`);

    const second = await send(otp({ to: { email: EMAIL, accountId }, channels: ['email', 'inapp'] }));
    providers.simulators.email?.failNext(1, { permanent: true, responseCode: 550 });
    await deliver();
    expect(await notify.status(db, second)).toMatchObject({ status: 'delivered', channel: 'inapp' });
    expect(await notify.inbox(db, accountId)).toEqual([
      expect.objectContaining({
        notificationId: second,
        title: 'Mã xác thực',
        body: `Mã ${CODE}, hiệu lực 5 phút.`,
      }),
    ]);
  });
});

describe('delivery callbacks', () => {
  const esms = (query: string) =>
    app.inject({ method: 'GET', url: `/api/v1/notify/callbacks/esms?${query}` });
  const zalo = (body: string, signature: string) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/notify/callbacks/zalo',
      headers: { 'content-type': 'application/json', 'x-zevent-signature': signature },
      payload: body,
    });
  const zaloEvent = (msgId: string) => {
    const timestamp = '1772416800000';
    const body = JSON.stringify({
      app_id: config.notify.zalo.appId,
      event_name: 'user_received_message',
      sender: { id: '1' },
      recipient: { id: '2' },
      message: { msg_id: msgId, delivery_time: timestamp },
      timestamp,
    });
    return { body, timestamp };
  };

  it('refuses an eSMS report without the right token (401 problem+json)', async () => {
    for (const query of ['RequestId=x&SendStatus=5', 'token=wrong-token-of-some-length&SendStatus=5']) {
      const res = await esms(query);
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'notify.bad_signature', status: 401 });
    }
  });

  it('applies an eSMS report once; a repeat changes nothing', async () => {
    const id = await send(otp({ channels: ['sms'] }));
    // Deliver by hand: the job sends, the test plays the gateway's report twice.
    providers.simulators.sms?.reportNext(1, '5');
    await jobs.runDue({ until: later() });
    await providers.simulators.idle();
    const before = await notify.status(db, id);
    const token = config.notify.sms.esms.callbackToken!;
    const res = await esms(`token=${token}&RequestId=${id}&SMSID=1&SendStatus=5&phonenumber=84905123456`);
    expect(res.statusCode).toBe(200);
    expect(await notify.status(db, id)).toEqual(before);
    expect(before?.status).toBe('delivered');
  });

  it('verifies the Zalo signature (mac = sha256(appId + body + timestamp + OA secret))', async () => {
    const id = await send(otp({ channels: ['zalo'] }));
    await jobs.runDue({ until: later() });
    await providers.simulators.idle();
    const status = await notify.status(db, id);
    expect(status?.status).toBe('delivered');
    const { body, timestamp } = zaloEvent(status!.providerMessageId!);
    const good = zaloSignatureHeader(
      config.notify.zalo.appId!,
      body,
      timestamp,
      config.notify.zalo.oaSecret!,
    );

    const forged = zaloSignatureHeader(config.notify.zalo.appId!, body, timestamp, 'not-the-secret');
    // Flip the last hex digit: a fixed replacement would leave a signature ending in it unchanged.
    const lastDigitChanged = good.slice(0, -1) + (good.endsWith('0') ? '1' : '0');
    for (const signature of [forged, '', 'mac=', lastDigitChanged]) {
      const res = await zalo(body, signature);
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'notify.bad_signature' });
    }
    // A body changed after signing fails too.
    expect((await zalo(body.replace('user_received_message', 'user_seen_message'), good)).statusCode).toBe(
      401,
    );

    const replay = await zalo(body, good);
    expect(replay.statusCode).toBe(200);
    expect(await notify.status(db, id)).toEqual(status);
  });
});

describe('dev outbox', () => {
  beforeEach(clearOutbox);

  it('lists messages for any common phone format, newest first, with exactly channel, to, body, createdAt', async () => {
    await send(otp({ params: { code: '111111', minutes: 5 }, channels: ['sms'] }));
    await deliver();
    clock.advance(1000);
    await send(otp({ params: { code: '222222', minutes: 5 }, channels: ['zalo'] }));
    await deliver();
    for (const to of ['0905123456', '+84905123456', '84 905 123 456', '+84 905-123-456']) {
      const messages = await outbox(to);
      expect(messages.map((m) => Object.keys(m).sort())).toEqual([
        ['body', 'channel', 'createdAt', 'to'],
        ['body', 'channel', 'createdAt', 'to'],
      ]);
      expect(messages.map((m) => m.channel)).toEqual(['zalo', 'sms']);
      expect(messages[0]?.body).toContain('222222');
      expect(messages[1]?.body).toContain('111111');
      expect(messages.every((m) => m.to === '+84905123456')).toBe(true);
      expect(Date.parse(messages[0]!.createdAt)).toBeGreaterThan(Date.parse(messages[1]!.createdAt));
    }
    expect(await outbox('0912000000')).toEqual([]);
  });

  it('orders messages recorded in the same instant by arrival', async () => {
    await send(otp({ params: { code: '333333', minutes: 5 }, channels: ['sms'] }));
    await send(otp({ params: { code: '444444', minutes: 5 }, channels: ['sms'] }));
    await deliver();
    const bodies = (await outbox(PHONE)).map((m) => m.body.slice(0, 6));
    expect(bodies).toHaveLength(2);
    expect(new Set(bodies)).toEqual(new Set(['333333', '444444']));
  });

  it('refuses an address that is neither a mobile number nor an e-mail', async () => {
    const res = await app.inject({ method: 'GET', url: '/dev/outbox.json?to=02363822222' });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0]).toMatchObject({ pointer: '/querystring/to', code: 'notify.bad_address' });
  });

  it('shows an HTML page with the messages escaped', async () => {
    await send(otp({ channels: ['sms'], params: { code: '<b>9</b>', minutes: 5 } }));
    await deliver();
    const res = await app.inject({ method: 'GET', url: `/dev/outbox?to=${PHONE}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('&#60;b&#62;9&#60;/b&#62;');
    expect(res.body).not.toContain('<b>9</b>');
  });
});

describe('production', () => {
  const production = {
    ...env,
    NODE_ENV: 'production',
    SMS_PROVIDER: 'esms',
    ESMS_API_KEY: 'k',
    ESMS_SECRET_KEY: 's',
    ESMS_BRANDNAME: 'CONGDANSO',
    ESMS_CALLBACK_TOKEN: 'a-long-random-callback-token',
    ZALO_PROVIDER: 'zns',
    ZALO_OA_ACCESS_TOKEN: 't',
    ZALO_APP_ID: '1',
    ZALO_OA_SECRET: 'o',
    EMAIL_PROVIDER: 'smtp',
    SMTP_URL: 'smtp://mail.example.vn:587',
  };
  const deps = (cfg: ReturnType<typeof loadConfig>) => {
    const logger = createLogger({ level: 'silent' });
    return {
      db,
      config: cfg,
      clock,
      logger,
      envelope: createEnvelope(loadMasterKeys({ ...cfg, masterKey: 'A'.repeat(43) }, logger)),
    };
  };
  const productionNotify = (cfg: ReturnType<typeof loadConfig>) => {
    const common = deps(cfg);
    const jobs = createJobs({ db, logger: common.logger, clock });
    return createNotify({ ...common, jobs, providers: createProviders(common) });
  };

  it('refuses the simulators', () => {
    const cfg = loadConfig({ ...production, SMS_PROVIDER: 'simulator' });
    expect(() => createProviders(deps(cfg))).toThrow(ConfigError);
    expect(() => createProviders(deps(cfg))).toThrow(/SMS_PROVIDER .* refused in production/);
  });

  it('requires the credentials of a real provider', () => {
    expect(() => loadConfig({ ...production, ESMS_API_KEY: '' })).toThrow(
      'Invalid configuration: ESMS_API_KEY — required when SMS_PROVIDER=esms, got nothing',
    );
  });

  it('registers neither the dev outbox nor the simulated providers', async () => {
    const cfg = loadConfig(production);
    const prodApp = await createHttpApp({
      config: cfg,
      logger: createLogger({ level: 'silent' }),
      version: 'test',
    });
    productionNotify(cfg).register(prodApp);
    await prodApp.ready();
    for (const url of ['/dev/outbox.json', '/dev/outbox']) {
      expect((await prodApp.inject({ method: 'GET', url })).statusCode).toBe(404);
    }
    const sim = await prodApp.inject({
      method: 'POST',
      url: '/dev/providers/zalo/message/template',
      payload: {},
    });
    expect(sim.statusCode).toBe(404);
    expect((await prodApp.inject({ method: 'GET', url: '/api/v1/notify/callbacks/esms' })).statusCode).toBe(
      401,
    );
    await prodApp.close();
  });
});

describe('logs', () => {
  it('never hold a phone number, an e-mail address, a code or a message body', () => {
    const text = logs.text;
    expect(text).toContain('notification queued');
    expect(text).toContain('delivery report applied');
    for (const secret of [
      CODE,
      '905123456',
      '900000118',
      'hoa.nguyen',
      'Hoa.Nguyen',
      'xac thuc',
      'xác thực',
      '[ZNS',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
