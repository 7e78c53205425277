import * as oidc from 'openid-client';
import { expect } from 'vitest';
import { buildApp } from '../../src/app.js';
import { DEMO_CLIENT_ID, demoClientSecret } from '../../src/modules/identity/oidc/setup.js';
import { loadConfig } from '../../src/platform/config.js';
import type { App } from '../../src/platform/http/app.js';
import { createLogger } from '../../src/platform/logger.js';
import { LogCapture } from '../helpers/app.js';
import { testDb } from '../helpers/db.js';
import { freePort } from '../helpers/port.js';
import { injectFetch } from './inject-fetch.js';
import type { Browser } from './oidc.js';

export const CALLBACK = 'http://127.0.0.1:8976/cb';
const insecure = { execute: [oidc.allowInsecureRequests] };

/**
 * The whole application (as `serve` builds it, with the SMS simulator behind the phone sign-in) on a real
 * port and the real clock, for relying-party tests that sign a citizen in by one-time code. The demo
 * client is seeded by the app itself.
 */
export async function citizenOidcApp() {
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
  const logger = createLogger({ level: config.logLevel, destination: logs });
  let appRef: App | undefined;
  const providerFetch = injectFetch(() => appRef!, config.publicUrl);
  const runtime = await buildApp({ config, db, logger, providerFetch });
  appRef = runtime.app;
  await runtime.app.listen({ port, host: '127.0.0.1' });
  const clientSecret = await demoClientSecret(db, runtime.crypto.envelope);
  if (!clientSecret) throw new Error('the demo client was not seeded');
  const issuer = `${config.publicUrl}/oidc`;
  const rp = await oidc.discovery(
    new URL(issuer),
    DEMO_CLIENT_ID,
    undefined,
    oidc.ClientSecretBasic(clientSecret),
    insecure,
  );
  return {
    app: runtime.app,
    runtime,
    db,
    logs,
    config,
    issuer,
    rp,
    async close() {
      await runtime.app.close();
      await runtime.close();
      await db.drop();
    },
  };
}

export type CitizenOidcApp = Awaited<ReturnType<typeof citizenOidcApp>>;

/** PAR + authorize with PKCE, up to the provider's first page (or the redirect back to the client). */
export async function startAuthorization(
  t: CitizenOidcApp,
  browser: Browser,
  scope: string,
  extra: Record<string, string> = {},
) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = await oidc.buildAuthorizationUrlWithPAR(t.rp, {
    redirect_uri: CALLBACK,
    scope,
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    ...extra,
  });
  expect(url.searchParams.get('request_uri')).toMatch(/^urn:ietf:params:oauth:request_uri:/);
  const page = await browser.follow(url.toString());
  return { verifier, state, page };
}

/** The newest code the SMS simulator delivered to a number (the delivery job is run first). */
async function latestCode(t: CitizenOidcApp, e164: string): Promise<string> {
  await t.runtime.jobs.runDue();
  const res = await fetch(`${t.config.publicUrl}/dev/outbox.json?to=${encodeURIComponent(e164)}`);
  const [sms] = (await res.json()) as Array<{ body: string }>;
  const code = /\b(\d{6})\b/.exec(sms?.body ?? '')?.[1];
  if (!code) throw new Error('no code in the outbox');
  return code;
}

/**
 * What the login page's script (/oidc/assets/otp-login.js) does: asks for a code, verifies it (the server
 * sets the platform session cookie), then the page goes back to the interaction. Returns the CSRF token
 * the signed-in API calls need.
 */
export async function signInByOtp(t: CitizenOidcApp, browser: Browser, phone: string, e164: string) {
  const json = { 'content-type': 'application/json', accept: 'application/json' };
  const asked = await browser.fetch('/api/v1/auth/otp', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ phone }),
  });
  expect(asked.status).toBe(200);
  const { challengeId } = (await asked.json()) as { challengeId: string };
  const verified = await browser.fetch('/api/v1/auth/otp/verify', {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ challengeId, code: await latestCode(t, e164) }),
  });
  expect(verified.status).toBe(200);
  const me = (await verified.json()) as { id: string; csrfToken: string; assuranceLevel: number };
  expect(browser.get('cds_session')).toBeTruthy();
  return me;
}

/** A signed-in API call from the same browser (cookie + the CSRF header the platform asks for on writes). */
export function apiCall(browser: Browser, csrfToken: string, method: string, path: string, lang = 'vi') {
  return browser.fetch(path, {
    method,
    headers: { accept: 'application/json', 'accept-language': lang, 'x-csrf-token': csrfToken },
  });
}
