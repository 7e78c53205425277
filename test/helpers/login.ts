import { DEMO_STAFF_PASSWORD, DEMO_STAFF_TOTP_SECRET } from '../../src/modules/identity/accounts/seed.js';
import { totpCodeAt, totpStep } from '../../src/modules/identity/security/totp.js';
import type { testApp } from './app.js';

type TestApp = Awaited<ReturnType<typeof testApp>>;

export interface SignedInHeaders extends Record<string, string> {
  cookie: string;
  'x-csrf-token': string;
}

function headersOf(res: {
  cookies: Array<{ name: string; value: string }>;
  json(): { csrfToken: string };
}): SignedInHeaders {
  const cookie = res.cookies.find((c) => c.name === 'cds_session');
  if (!cookie) throw new Error('no session cookie');
  return { cookie: `cds_session=${cookie.value}`, 'x-csrf-token': res.json().csrfToken };
}

/**
 * Signs a citizen in with the one-time code read from the dev outbox. Moves the clock past the resend
 * cooldown first, so the same number can sign in again (at most a few times an hour).
 */
export async function citizenLogin(t: TestApp, phone: string, userAgent = 'test-browser') {
  t.clock.advance(61_000);
  const otp = await t.app.inject({ method: 'POST', url: '/api/v1/auth/otp', payload: { phone } });
  if (otp.statusCode !== 200) throw new Error(`otp request: ${otp.statusCode} ${otp.body}`);
  await t.runtime.jobs.runDue();
  const [sms] = (await t.app.inject({ url: `/dev/outbox.json?to=${encodeURIComponent(phone)}` })).json();
  const code = /\b(\d{6})\b/.exec(sms.body)?.[1];
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/otp/verify',
    headers: { 'user-agent': userAgent },
    payload: { challengeId: otp.json().challengeId, code },
  });
  if (res.statusCode !== 200) throw new Error(`otp verify: ${res.statusCode} ${res.body}`);
  return { headers: headersOf(res), me: res.json() as { id: string; csrfToken: string } };
}

/**
 * A staff sign-in with password and authenticator code: the demo secret for demo staff, or the enrolment
 * secret when the account has no app yet (first sign-in). Moves the clock to the next 30-second step
 * first, so the code is never a replay of the previous sign-in's. `status` is the first refusal's.
 */
export async function staffLoginAttempt(
  t: TestApp,
  email: string,
  options: { password?: string; secret?: string; userAgent?: string } = {},
): Promise<StaffSignIn | { ok: false; status: number; body: string }> {
  t.clock.advance(31_000);
  const headers = { 'user-agent': options.userAgent ?? 'test-browser' };
  const first = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/staff/login',
    headers,
    payload: { email, password: options.password ?? DEMO_STAFF_PASSWORD },
  });
  if (first.statusCode !== 200) return refused(first);
  const step = first.json() as { step: string; pendingId: string; enrolment?: { secret: string } };
  const secret = step.enrolment?.secret ?? options.secret ?? DEMO_STAFF_TOTP_SECRET;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/staff/totp',
    headers,
    payload: { pendingId: step.pendingId, code: totpCodeAt(secret, totpStep(t.clock.now())) },
  });
  if (res.statusCode !== 200) return refused(res);
  return {
    ok: true,
    status: 200,
    headers: headersOf(res),
    me: res.json() as StaffSignIn['me'],
    secret,
    enrolled: Boolean(step.enrolment),
  };
}

interface StaffSignIn {
  ok: true;
  status: 200;
  headers: SignedInHeaders;
  me: { id: string; email: string; csrfToken: string; recoveryCodes: string[] | null };
  secret: string;
  /** The sign-in enrolled a new authenticator app. */
  enrolled: boolean;
}

const refused = (res: { statusCode: number; body: string }) =>
  ({ ok: false, status: res.statusCode, body: res.body }) as const;

/** staffLoginAttempt that must succeed. */
export async function staffLogin(
  t: TestApp,
  email: string,
  options: Parameters<typeof staffLoginAttempt>[2] = {},
) {
  const res = await staffLoginAttempt(t, email, options);
  if (!res.ok) throw new Error(`staff sign-in of ${email}: ${res.status} ${res.body}`);
  return res;
}
