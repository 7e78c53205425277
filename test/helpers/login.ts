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
