import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProviders } from '../../src/adapters/index.js';
import { createIdentityModule } from '../../src/modules/identity/assemble.js';
import { createAudit } from '../../src/platform/audit/audit.js';
import { registerActorResolution } from '../../src/platform/auth/plugin.js';
import { ManualClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import { createEnvelope } from '../../src/platform/crypto/envelope.js';
import { loadMasterKeys } from '../../src/platform/crypto/master-key.js';
import { createHttpApp } from '../../src/platform/http/app.js';
import { createJobs } from '../../src/platform/jobs/create-jobs.js';
import { createLogger } from '../../src/platform/logger.js';
import { createNotify } from '../../src/platform/notify/create-notify.js';
import { LogCapture } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { injectFetch } from '../support/inject-fetch.js';

const PUBLIC_URL = 'http://congdanso.test';

/**
 * Phone sign-in through the real platform/notify: the code travels the delivery job, the simulated SMS
 * provider and the dev outbox, and is read back from `GET /dev/outbox.json` as outside checks do.
 */
describe('OTP sign-in delivered through platform/notify (dev outbox)', () => {
  const logs = new LogCapture();
  const clock = new ManualClock('2026-03-02T09:00:00+07:00');
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATA_DIR: '/tmp/cds-test-data',
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    PUBLIC_URL,
  });
  let t: Awaited<ReturnType<typeof setUp>>;

  async function setUp() {
    const db = await testDb();
    const logger = createLogger({ level: 'info', destination: logs });
    const app = await createHttpApp({ config, logger, version: 'test' });
    const jobs = createJobs({ db, logger, clock });
    const masterKeys = loadMasterKeys(config, logger);
    const providers = createProviders({
      db,
      config,
      clock,
      logger,
      envelope: createEnvelope(masterKeys),
      fetch: injectFetch(() => app, PUBLIC_URL),
    });
    const notify = createNotify({
      db,
      jobs,
      config,
      clock,
      logger,
      envelope: createEnvelope(masterKeys),
      providers,
    });
    const identity = createIdentityModule({
      db,
      clock,
      audit: createAudit({ clock }),
      cookies: { secure: false },
      envelope: createEnvelope(masterKeys),
      grantsOf: async () => [],
      otp: { notify, masterKey: masterKeys.current.key, policy: config.otp, publicUrl: config.publicUrl },
    });
    registerActorResolution(app, (req) => identity.resolveActor(req), identity.csrf);
    await identity.register(app);
    notify.register(app);
    await jobs.start();
    await app.ready();
    return { app, db, jobs, providers };
  }

  beforeAll(async () => {
    t = await setUp();
  });
  afterAll(async () => {
    await t?.jobs.stop({ graceMs: 1000 });
    await t?.app.close();
    await t?.db.drop();
  });

  /** Runs the delivery jobs and waits for the simulated providers' reports. */
  async function deliver() {
    const until = new Date(Date.now() + 3 * 3_600_000);
    await t.jobs.runDue({ until });
    await t.providers.simulators.idle();
  }

  async function outbox(to: string) {
    const res = await t.app.inject({ url: `/dev/outbox.json?to=${encodeURIComponent(to)}` });
    expect(res.statusCode).toBe(200);
    return res.json() as Array<{ channel: string; to: string; body: string; createdAt: string }>;
  }

  it('sends the code by SMS and signs in with the code read from the outbox', async () => {
    const req = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/otp',
      payload: { phone: '0905 123 456' },
    });
    expect(req.statusCode).toBe(200);
    await deliver();
    const [latest] = await outbox('0905123456');
    expect(latest).toMatchObject({ channel: 'sms', to: '+84905123456' });
    const code = /#(\d{6})$/.exec(latest!.body)?.[1];
    expect(code).toMatch(/^\d{6}$/);
    expect(latest!.body.startsWith(code!)).toBe(true);
    expect(latest!.body).toContain('Cong dan so'); // SMS_STRIP_DIACRITICS is on by default
    expect(latest!.body.split('\n').at(-1)).toBe(`@congdanso.test #${code}`);

    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/otp/verify',
      payload: { challengeId: req.json().challengeId, code },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ kind: 'citizen', phone: '+84905123456', assuranceLevel: 1 });
    const cookie = `cds_session=${res.cookies.find((c) => c.name === 'cds_session')?.value}`;
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie } });
    expect(me.json().id).toBe(res.json().id);

    expect(logs.hasCode(code!)).toBe(false);
    expect(logs.text).not.toContain('905123456');
  });

  it('falls back to SMS when the number is not on Zalo', async () => {
    // The Zalo simulator treats ZALO_SIMULATOR_NOT_ON_ZALO (+84900000118 by default) as not on Zalo.
    const req = await t.app.inject({
      method: 'POST',
      url: '/api/v1/auth/otp',
      payload: { phone: '090 000 0118', channel: 'zalo' },
    });
    expect(req.statusCode).toBe(200);
    await deliver();
    await deliver();
    const messages = await outbox('+84900000118');
    expect(messages[0]?.channel).toBe('sms');
  });
});
