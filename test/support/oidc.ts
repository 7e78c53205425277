import { expect } from 'vitest';
import { buildApp } from '../../src/app.js';
import { DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET } from '../../src/modules/identity/accounts/seed.js';
import { OIDC_PREFIX } from '../../src/modules/identity/oidc/provider.js';
import { seedDemoClient } from '../../src/modules/identity/oidc/setup.js';
import { totpCodeAt, totpStep } from '../../src/modules/identity/security/totp.js';
import { systemClock } from '../../src/platform/clock.js';
import { loadConfig } from '../../src/platform/config.js';
import type { App } from '../../src/platform/http/app.js';
import { createLogger } from '../../src/platform/logger.js';
import { seedDemo, seedReference } from '../../src/seed.js';
import { LogCapture } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { freePort } from '../helpers/port.js';

/**
 * The platform pieces the provider needs, wired as in src/app.ts plus the OIDC module, listening on a
 * real port (the relying party talks HTTP to it). Demo accounts and the demo client are seeded.
 */
export async function oidcTestApp() {
  const db = await testDb();
  const port = await freePort();
  const logs = new LogCapture();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info',
    DATA_DIR: '/tmp/cds-test-data',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    RATE_LIMIT_PER_MINUTE: '100000',
  });
  const clock = systemClock;
  const logger = createLogger({ level: config.logLevel, destination: logs });
  const runtime = await buildApp({ config, db, logger, clock });
  const { app, crypto } = runtime;

  await seedReference(db);
  await seedDemo(db, config, clock);
  const demo = await db.tx((tx) => seedDemoClient(tx, crypto.envelope, clock.now()));
  await app.listen({ port, host: '127.0.0.1' });

  return {
    app,
    db,
    logs,
    crypto,
    config,
    demo,
    issuer: `${config.publicUrl}${OIDC_PREFIX}`,
    async close() {
      await runtime.close();
      await app.close();
      await db.drop();
    },
  };
}

/**
 * A demo staff member signed in through the API (password, then the demo authenticator code at the real
 * clock): the session cookie and CSRF token for admin calls. One sign-in per account per 30 s (codes are
 * single use).
 */
export async function staffSession(app: App, email: string) {
  const first = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/staff/login',
    payload: { email, password: DEMO_STAFF_PASSWORD },
  });
  expect(first.json()).toMatchObject({ step: 'totp' });
  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/staff/totp',
    payload: {
      pendingId: first.json().pendingId,
      code: totpCodeAt(DEMO_STAFF_TOTP_SECRET, totpStep(new Date())),
    },
  });
  expect(res.statusCode).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'cds_session')?.value as string;
  return { cookie: `cds_session=${cookie}`, csrf: (res.json() as { csrfToken: string }).csrfToken };
}

/** A browser's cookie jar, enough for one host: cookies by name, sent on every request. */
export class Browser {
  private cookies = new Map<string, string>();
  /** Sent as Accept-Language. */
  lang = 'vi';

  constructor(private readonly base: string) {}

  set(name: string, value: string) {
    this.cookies.set(name, value);
  }

  get(name: string) {
    return this.cookies.get(name);
  }

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const res = await fetch(new URL(url, this.base), {
      ...init,
      redirect: 'manual',
      headers: {
        'accept-language': this.lang,
        ...(init.headers as Record<string, string>),
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      const expired = attrs.some(
        (a) => /^\s*expires=/i.test(a) && new Date(a.split('=')[1] ?? '') < new Date(),
      );
      if (!value || expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** Follows redirects inside the provider's host; stops at the first page or foreign location. */
  async follow(url: string, init: RequestInit = {}): Promise<{ res: Response; url: string }> {
    let res = await this.fetch(url, init);
    let at = new URL(url, this.base).toString();
    while (res.status >= 300 && res.status < 400) {
      const next = new URL(res.headers.get('location') ?? '', at);
      if (next.origin !== new URL(this.base).origin) return { res, url: next.toString() };
      at = next.toString();
      res = await this.fetch(at);
    }
    return { res, url: at };
  }

  form(url: string, fields: Record<string, string>) {
    return this.follow(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }
}
