import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/platform/audit/verify.js';
import { seedDemo, seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';
import { citizenLogin, staffLogin } from '../helpers/login.js';

const VOLUNTEER = 'tinhnguyen.haichau@congdanso.danang.vn';
const RECEPTION = 'motcua@congdanso.danang.vn';
const OFFICER = 'canbo.haichau@congdanso.danang.vn';
const AN = '+84905123456';
const BINH = '+84935234567';
const CUONG = '+84914345678';

type Headers = Record<string, string>;

describe('assisted sessions and assisted registration (whole app)', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  const ids: Record<string, string> = {};

  const post = (url: string, headers: Headers, payload?: object) =>
    t.app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
  const get = (url: string, headers: Headers) => t.app.inject({ method: 'GET', url, headers });

  /** The newest message the dev outbox holds for a phone, and the six-digit code in it. */
  const lastMessage = async (phone: string) => {
    await t.runtime.jobs.runDue();
    const all = (
      await t.app.inject({ url: `/dev/outbox.json?to=${encodeURIComponent(phone)}` })
    ).json() as Array<{
      body: string;
    }>;
    const body = all[0]?.body ?? '';
    return { body, code: /\b(\d{6})\b/.exec(body)?.[1] ?? '' };
  };

  /** Asks for a code for `phone` as `staff`, past the resend cooldown; returns the challenge and code. */
  const ask = async (staff: Headers, phone: string) => {
    t.clock.advance(61_000);
    const res = await post('/api/v1/assisted-sessions', staff, { phone });
    expect(res.statusCode, res.body).toBe(200);
    const { challengeId } = res.json() as { challengeId: string };
    const { code, body } = await lastMessage(phone);
    return { challenge: { challengeId, code }, challengeId, code, body };
  };

  /** Starts an assisted session: headers carrying both cookies, and the verify answer. */
  const assist = async (staff: Headers, phone: string) => {
    const { challenge } = await ask(staff, phone);
    const res = await post('/api/v1/assisted-sessions/verify', staff, challenge);
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'cds_assisted');
    expect(cookie?.httpOnly).toBe(true);
    const me = res.json() as {
      id: string;
      kind: string;
      phone: string;
      csrfToken: string;
      assisted: { sessionId: string; assistantId: string; assistantName: string; expiresAt: string };
    };
    const headers: Headers = { ...staff, cookie: `${staff.cookie}; cds_assisted=${cookie!.value}` };
    return { headers, me };
  };

  const auditRows = async (where: string, params: unknown[]) =>
    (
      await t.db.query<{ actor: string; action: string; target_type: string; data: Record<string, unknown> }>(
        `select actor, action, target_type, data from audit.events where ${where} order by seq`,
        params,
      )
    ).rows;

  beforeAll(async () => {
    // Many codes go to the same few numbers from one address here; the limits themselves are tested with OTP.
    t = await testApp({ env: { OTP_MAX_PER_PHONE_PER_HOUR: '100', OTP_MAX_PER_IP_PER_HOUR: '1000' } });
    await seedReference(t.db);
    await seedDemo(t.db, t.config, t.clock);
    const { rows } = await t.db.query<{ id: string; email: string | null; phone: string | null }>(
      'select id, email, phone from identity.accounts',
    );
    for (const r of rows) ids[(r.email ?? r.phone)!] = r.id;
  });
  afterAll(() => t.close());

  it('registers a new number when its holder approves, acts for them with both ids audited, and keeps the volunteer signed in', async () => {
    const volunteer = (await staffLogin(t, VOLUNTEER)).headers;
    const { challengeId, code, body } = await ask(volunteer, '0906 000 111');
    // The message says who asks to help (SMS without diacritics) and how long the session may last.
    expect(body).toContain('Luong Thi Tinh (UBND phuong Hai Chau)');
    expect(body).toContain('30 phut');
    expect(body.startsWith(code)).toBe(true);
    expect(
      await t.db.query('select 1 from identity.accounts where phone = $1', ['+84906000111']),
    ).toMatchObject({
      rows: [],
    });

    const verified = await post('/api/v1/assisted-sessions/verify', volunteer, {
      challengeId,
      code: ` ${code} `,
    });
    expect(verified.statusCode, verified.body).toBe(200);
    const me = verified.json();
    expect(me).toMatchObject({
      kind: 'citizen',
      phone: '+84906000111',
      assuranceLevel: 1,
      grants: [],
      csrfToken: volunteer['x-csrf-token'],
      assisted: { assistantId: ids[VOLUNTEER], assistantName: 'Lương Thị Tình', registered: true },
    });
    const assistedCookie = verified.cookies.find((c) => c.name === 'cds_assisted')!;
    expect(new Date(me.assisted.expiresAt).getTime() - t.clock.now().getTime()).toBe(30 * 60_000);
    const { rows: created } = await t.db.query<{ id: string; kind: string; phone_verified_at: Date | null }>(
      'select id, kind, phone_verified_at from identity.accounts where phone = $1',
      ['+84906000111'],
    );
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ id: me.id, kind: 'citizen' });
    expect(created[0]!.phone_verified_at).not.toBeNull();

    const both = { ...volunteer, cookie: `${volunteer.cookie}; cds_assisted=${assistedCookie.value}` };
    const inSession = await get('/api/v1/me', both);
    expect(inSession.json()).toMatchObject({
      id: me.id,
      kind: 'citizen',
      assisted: { sessionId: me.assisted.sessionId },
    });
    // The volunteer's own session is untouched: without the assisted cookie it is the staff account.
    const own = await get('/api/v1/me', volunteer);
    expect(own.json()).toMatchObject({ id: ids[VOLUNTEER], kind: 'staff' });
    expect(own.json().assisted).toBeUndefined();

    // The actor names the volunteer, the citizen and the session.
    const pair = `assistant:${ids[VOLUNTEER]}>citizen:${me.id}@${me.assisted.sessionId}`;
    const rows = await auditRows('actor = $1', [pair]);
    expect(rows.map((r) => r.action)).toEqual([
      'identity.account_registered',
      'identity.assisted_session_started',
      'identity.profile_viewed',
    ]);
    expect(rows[0]!.data).toMatchObject({ method: 'assisted' });
    expect(rows[1]!.data).toMatchObject({ registered: true, role: 'community_member', wardCode: '20242' });
    const requested = await auditRows('action = $1 and target_id = $2', [
      'identity.assisted_session_requested',
      challengeId,
    ]);
    expect(requested).toEqual([
      expect.objectContaining({ actor: `staff:${ids[VOLUNTEER]}`, target_type: 'otp_challenge' }),
    ]);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
    // No phone number in the logs.
    expect(t.logs.text).not.toContain('906000111');

    // The new citizen signs in on their own phone later and finds the session that created the account.
    const citizen = (await citizenLogin(t, '+84906000111')).headers;
    const list = (await get('/api/v1/me/assisted-sessions', citizen)).json();
    expect(list.items[0]).toMatchObject({ id: me.assisted.sessionId, registered: true, live: true });
  });

  it('refuses codes that are wrong, used, expired, meant for sign-in, or asked for by another volunteer', async () => {
    const volunteer = (await staffLogin(t, VOLUNTEER)).headers;
    const reception = (await staffLogin(t, RECEPTION)).headers;

    const first = (await ask(volunteer, AN)).challenge;
    const wrong = await post('/api/v1/assisted-sessions/verify', volunteer, {
      challengeId: first.challengeId,
      code: first.code === '000000' ? '000001' : '000000',
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['content-type']).toContain('application/problem+json');
    expect(wrong.json().code).toBe('identity.otp_wrong');
    expect(wrong.json().detail).toContain('4');

    // Another volunteer cannot use this volunteer's challenge, even with the right code.
    const foreign = await post('/api/v1/assisted-sessions/verify', reception, first);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('identity.otp_not_found');
    // An approval code never signs anyone in: the sign-in endpoint does not know the challenge.
    const asSignIn = await post(
      '/api/v1/auth/otp/verify',
      {},
      { challengeId: first.challengeId, code: first.code },
    );
    expect(asSignIn.statusCode).toBe(404);
    expect(asSignIn.cookies.find((c) => c.name === 'cds_session')).toBeUndefined();

    const ok = await post('/api/v1/assisted-sessions/verify', volunteer, first);
    expect(ok.statusCode).toBe(200);
    const replay = await post('/api/v1/assisted-sessions/verify', volunteer, first);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('identity.otp_used');

    // A sign-in code of the same phone is no approval either.
    t.clock.advance(61_000);
    const signIn = await post('/api/v1/auth/otp', {}, { phone: AN });
    const signInCode = (await lastMessage(AN)).code;
    const crossed = await post('/api/v1/assisted-sessions/verify', volunteer, {
      challengeId: signIn.json().challengeId,
      code: signInCode,
    });
    expect(crossed.statusCode).toBe(404);

    // A code from a message naming another helper does not approve this volunteer's request.
    const byReception = (await ask(reception, AN)).challenge;
    const mine = (await ask(volunteer, AN)).challenge;
    const swapped = await post('/api/v1/assisted-sessions/verify', volunteer, {
      challengeId: mine.challengeId,
      code:
        byReception.code === mine.code
          ? String((Number(mine.code) + 1) % 1e6).padStart(6, '0')
          : byReception.code,
    });
    expect(swapped.statusCode).toBe(401);
    expect(swapped.json().code).toBe('identity.otp_wrong');

    const late = (await ask(volunteer, AN)).challenge;
    const soon = await post('/api/v1/assisted-sessions', volunteer, { phone: AN });
    expect(soon.statusCode).toBe(429);
    expect(soon.json().code).toBe('identity.otp_too_soon');
    t.clock.advance(301_000);
    const expired = await post('/api/v1/assisted-sessions/verify', volunteer, late);
    expect(expired.statusCode).toBe(401);
    expect(expired.json().code).toBe('identity.otp_expired');
  });

  it('lets only community-team members and one-stop officers start one', async () => {
    const officer = (await staffLogin(t, OFFICER)).headers;
    const refused = await post('/api/v1/assisted-sessions', officer, { phone: CUONG });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'identity.assisted_role_required' });
    expect(refused.json().title).toBeTruthy();

    const citizen = (await citizenLogin(t, CUONG)).headers;
    const byCitizen = await post('/api/v1/assisted-sessions', citizen, { phone: BINH });
    expect(byCitizen.statusCode).toBe(403);
    expect(byCitizen.json().code).toBe('identity.assisted_role_required');
    const verifyByCitizen = await post('/api/v1/assisted-sessions/verify', citizen, {
      challengeId: randomUUID(),
      code: '123456',
    });
    expect(verifyByCitizen.statusCode).toBe(403);

    expect((await post('/api/v1/assisted-sessions', {}, { phone: CUONG })).statusCode).toBe(401);
    const badPhone = await post('/api/v1/assisted-sessions', officer, { phone: '0236 3821 000' });
    expect(badPhone.statusCode).toBe(400);
    expect(badPhone.json().errors[0]).toMatchObject({ pointer: '/body/phone' });

    const reception = (await staffLogin(t, RECEPTION)).headers;
    const { me } = await assist(reception, CUONG);
    expect(me.id).toBe(ids[CUONG]);
    const { rows } = await t.db.query<{ role: string; ward_code: string | null }>(
      'select role, ward_code from identity.assisted_sessions where id = $1',
      [me.assisted.sessionId],
    );
    expect(rows[0]).toEqual({ role: 'reception', ward_code: null });
  });

  it('refuses what only the citizen may do, with a reason, and still lets the volunteer end the session', async () => {
    const volunteer = (await staffLogin(t, VOLUNTEER)).headers;
    const { headers, me } = await assist(volunteer, AN);
    const refusals = [
      post('/api/v1/me/password', headers, { password: 'Mat-khau-rat-dai-2026' }),
      post('/api/v1/me/totp', headers),
      t.app.inject({ method: 'DELETE', url: `/api/v1/me/sessions/${randomUUID()}`, headers }),
      post('/api/v1/auth/logout-all', headers),
      post('/api/v1/identity/citizens/assurance', headers, { phone: BINH, cccd: '001099012345' }),
      t.app.inject({ method: 'DELETE', url: `/api/v1/me/consents/${randomUUID()}`, headers }),
      t.app.inject({ method: 'DELETE', url: `/api/v1/me/assisted-sessions/${randomUUID()}`, headers }),
      post('/api/v1/assisted-sessions', headers, { phone: BINH }),
    ];
    for (const res of await Promise.all(refusals)) {
      expect(res.statusCode, res.body).toBe(403);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({
        code: 'auth.assisted_not_allowed',
        title: 'Không thực hiện được trong phiên hỗ trợ',
      });
    }
    const english = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/totp',
      headers: { ...headers, 'accept-language': 'en' },
    });
    expect(english.json().title).toBe('Not possible in an assisted session');
    // Reading the citizen's list of assisted sessions is theirs alone too.
    const list = await get('/api/v1/me/assisted-sessions', headers);
    expect(list.statusCode).toBe(403);
    expect(list.json().code).toBe('auth.assisted_not_allowed');
    // Nothing was changed by the refused requests.
    const { rows } = await t.db.query('select 1 from identity.totp_factors where account_id = $1', [ids[AN]]);
    expect(rows).toEqual([]);

    // A write without the CSRF token is still refused.
    const { 'x-csrf-token': _, ...noCsrf } = headers;
    expect((await post('/api/v1/assisted-sessions/current/end', noCsrf)).statusCode).toBe(403);

    const end = await post('/api/v1/assisted-sessions/current/end', headers);
    expect(end.statusCode).toBe(204);
    const cleared = end.cookies.find((c) => c.name === 'cds_assisted');
    expect(cleared?.value).toBe('');
    // The old assisted cookie is dead; the browser is back in the volunteer's own session.
    const back = await get('/api/v1/me', headers);
    expect(back.json()).toMatchObject({ kind: 'staff', id: ids[VOLUNTEER] });
    expect(back.json().assisted).toBeUndefined();
    const inSession = await auditRows('actor = $1', [
      `assistant:${ids[VOLUNTEER]}>citizen:${ids[AN]}@${me.assisted.sessionId}`,
    ]);
    expect(inSession.map((r) => r.action)).toEqual([
      'identity.assisted_session_started',
      'identity.assisted_session_ended',
    ]);
    expect(inSession[1]?.data).toEqual({ reason: 'assistant' });
    // Ending again (nothing live) is harmless.
    expect((await post('/api/v1/assisted-sessions/current/end', headers)).statusCode).toBe(204);
  });

  it('reads the citizen’s card QR for them: the profile is filled, the evidence and the audit name both, level 2 stays at the counter', async () => {
    const volunteer = (await staffLogin(t, VOLUNTEER)).headers;
    const { headers, me } = await assist(volunteer, CUONG);
    // A woman born 02/09/1985 with birth registered in Đà Nẵng (048), century/sex digit 1.
    const qrText =
      '048185004321||Trần Thị Cương|02091985|Nữ|Tổ 3, Phường Hòa Cường Bắc, Quận Hải Châu, Thành phố Đà Nẵng|10052022';
    const read = await post('/api/v1/me/cccd/qr', headers, { qrText });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toMatchObject({
      fullName: 'Trần Thị Cương',
      sex: 'female',
      dateOfBirth: '1985-09-02',
    });

    const { rows: account } = await t.db.query<{ full_name: string; assurance_level: number }>(
      'select full_name, assurance_level from identity.accounts where id = $1',
      [ids[CUONG]],
    );
    expect(account[0]).toEqual({ full_name: 'Trần Thị Cương', assurance_level: 1 });
    const { rows: evidence } = await t.db.query<{ method: string; verified_by: string; level: number }>(
      'select method, verified_by, level from identity.assurance_evidence where account_id = $1',
      [ids[CUONG]],
    );
    const both = `assistant:${ids[VOLUNTEER]}>citizen:${ids[CUONG]}@${me.assisted.sessionId}`;
    expect(evidence).toEqual([{ method: 'cccd_qr_assisted', verified_by: both, level: 1 }]);
    expect((await auditRows('actor = $1', [both])).map((r) => r.action)).toEqual([
      'identity.assisted_session_started',
      'identity.cccd_read',
    ]);
    // The volunteer's own account is untouched, and raising the level is still refused in the session.
    const { rows: own } = await t.db.query(
      'select 1 from identity.assurance_evidence where account_id = $1',
      [ids[VOLUNTEER]],
    );
    expect(own).toEqual([]);
    const raise = await post('/api/v1/identity/citizens/assurance', headers, {
      phone: CUONG,
      cccd: '048185004321',
    });
    expect(raise.json().code).toBe('auth.assisted_not_allowed');
    expect((await post('/api/v1/assisted-sessions/current/end', headers)).statusCode).toBe(204);

    const citizen = (await citizenLogin(t, CUONG)).headers;
    const mine = (await get('/api/v1/me/assisted-sessions', citizen)).json().items;
    const session = mine.find((i: { id: string }) => i.id === me.assisted.sessionId);
    expect(session.actions.map((a: { action: string }) => a.action)).toContain('identity.cccd_read');
    expect(t.logs.text).not.toContain('048185004321');
  });

  it('shows the citizen who helped, when, for how long and what was done, and lets them end it', async () => {
    const volunteer = (await staffLogin(t, VOLUNTEER)).headers;
    const { headers, me } = await assist(volunteer, BINH);
    const startedAt = t.clock.now().getTime();
    t.clock.advance(60_000);
    expect((await get('/api/v1/me', headers)).json().kind).toBe('citizen');

    const citizen = (await citizenLogin(t, BINH)).headers;
    const list = await get('/api/v1/me/assisted-sessions', citizen);
    expect(list.statusCode).toBe(200);
    const [item] = list.json().items;
    expect(item).toMatchObject({
      id: me.assisted.sessionId,
      assistant: {
        name: 'Lương Thị Tình',
        role: 'community_member',
        agency: 'UBND phường Hải Châu',
        ward: 'Phường Hải Châu',
      },
      live: true,
      endReason: null,
      registered: false,
      actionsTruncated: false,
    });
    expect(item.actions.map((a: { action: string }) => a.action)).toEqual([
      'identity.assisted_session_started',
      'identity.profile_viewed',
    ]);

    // Another citizen cannot see or end it.
    const other = (await citizenLogin(t, CUONG)).headers;
    expect(
      (await get('/api/v1/me/assisted-sessions', other)).json().items.map((i: { id: string }) => i.id),
    ).not.toContain(me.assisted.sessionId);
    const foreign = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/assisted-sessions/${me.assisted.sessionId}`,
      headers: other,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().code).toBe('identity.assisted_session_not_found');
    // Staff cannot list anyone's.
    expect((await get('/api/v1/me/assisted-sessions', volunteer)).statusCode).toBe(403);

    t.clock.advance(120_000);
    const endedAt = t.clock.now().getTime();
    const end = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/me/assisted-sessions/${me.assisted.sessionId}`,
      headers: citizen,
    });
    expect(end.statusCode).toBe(204);
    const after = await get('/api/v1/me', headers);
    expect(after.json()).toMatchObject({ kind: 'staff', id: ids[VOLUNTEER] });
    const ended = (await get('/api/v1/me/assisted-sessions', citizen)).json().items[0];
    expect(ended).toMatchObject({ live: false, endReason: 'citizen' });
    expect(new Date(ended.startedAt).getTime()).toBe(startedAt);
    expect(new Date(ended.endsAt).getTime()).toBe(endedAt);
    expect(
      await auditRows('actor = $1 and action = $2', [
        `citizen:${ids[BINH]}`,
        'identity.assisted_session_ended',
      ]),
    ).toEqual([expect.objectContaining({ data: { reason: 'citizen', assistantId: ids[VOLUNTEER] } })]);
  });

  it('ends at its time limit, when replaced, and with the volunteer signing out, without losing the staff session before that', async () => {
    const volunteer = (await staffLogin(t, VOLUNTEER)).headers;
    const first = await assist(volunteer, AN);
    t.clock.advance(20 * 60_000);
    expect((await get('/api/v1/me', first.headers)).json().kind).toBe('citizen');
    t.clock.advance(10 * 60_000 + 1000);
    const expired = await get('/api/v1/me', first.headers);
    expect(expired.json()).toMatchObject({ kind: 'staff', id: ids[VOLUNTEER] });

    const second = await assist(volunteer, AN);
    const third = await assist(volunteer, CUONG);
    // Only one at a time: the newer replaced the older, whose cookie no longer works.
    expect((await get('/api/v1/me', second.headers)).json().kind).toBe('staff');
    expect((await get('/api/v1/me', third.headers)).json()).toMatchObject({ id: ids[CUONG] });

    const an = (await citizenLogin(t, AN)).headers;
    const items = (await get('/api/v1/me/assisted-sessions', an)).json().items as Array<{
      id: string;
      endReason: string | null;
      startedAt: string;
      endsAt: string;
      actions: Array<{ action: string }>;
    }>;
    const byId = new Map(items.map((i) => [i.id, i]));
    const replaced = byId.get(second.me.assisted.sessionId)!;
    expect(replaced.endReason).toBe('replaced');
    // Each session lists its own actions only, though the same volunteer helped the same citizen twice.
    expect(replaced.actions.map((a) => a.action)).toEqual([
      'identity.assisted_session_started',
      'identity.assisted_session_ended',
    ]);
    const timedOut = byId.get(first.me.assisted.sessionId)!;
    expect(timedOut.endReason).toBe('expired');
    expect(new Date(timedOut.endsAt).getTime() - new Date(timedOut.startedAt).getTime()).toBe(30 * 60_000);

    const out = await post('/api/v1/auth/logout', third.headers);
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'cds_assisted')?.value).toBe('');
    expect((await get('/api/v1/me', volunteer)).statusCode).toBe(401);
    const { rows } = await t.db.query<{ end_reason: string }>(
      'select end_reason from identity.assisted_sessions where id = $1',
      [third.me.assisted.sessionId],
    );
    expect(rows[0]?.end_reason).toBe('signed_out');
    const signedOut = await auditRows('action = $1 and actor = $2', [
      'identity.signed_out',
      `staff:${ids[VOLUNTEER]}`,
    ]);
    expect(signedOut.length).toBeGreaterThan(0);
    expect(await verifyAuditChain(t.db)).toMatchObject({ ok: true });
  });

  it('the citizen signing out everywhere ends the session of whoever is helping them', async () => {
    const volunteer = (await staffLogin(t, VOLUNTEER)).headers;
    const helping = await assist(volunteer, BINH);
    expect((await get('/api/v1/me', helping.headers)).json()).toMatchObject({ id: ids[BINH] });
    const binh = (await citizenLogin(t, BINH)).headers;
    expect((await post('/api/v1/auth/logout-all', binh)).statusCode).toBe(204);
    // The volunteer is back in their own staff session; the citizen's list says the citizen ended it.
    expect((await get('/api/v1/me', helping.headers)).json()).toMatchObject({ kind: 'staff' });
    const again = (await citizenLogin(t, BINH)).headers;
    const items = (await get('/api/v1/me/assisted-sessions', again)).json().items as Array<{
      id: string;
      endReason: string | null;
    }>;
    expect(items.find((i) => i.id === helping.me.assisted.sessionId)?.endReason).toBe('citizen');
  });

  it("lists a session as over from when the volunteer's own session behind it ended", async () => {
    const volunteer = (await staffLogin(t, VOLUNTEER)).headers;
    const helping = await assist(volunteer, CUONG);
    t.clock.advance(5 * 60_000);
    // From another device the volunteer signs out everywhere: the staff session behind the help ends too.
    const elsewhere = (await staffLogin(t, VOLUNTEER)).headers;
    const revokedAt = t.clock.now().getTime();
    expect((await post('/api/v1/auth/logout-all', elsewhere)).statusCode).toBe(204);
    expect((await get('/api/v1/me', helping.headers)).statusCode).toBe(401);
    const cuong = (await citizenLogin(t, CUONG)).headers;
    const items = (await get('/api/v1/me/assisted-sessions', cuong)).json().items as Array<{
      id: string;
      live: boolean;
      endReason: string | null;
      endsAt: string;
      assistant: { name: string };
    }>;
    expect(items.find((i) => i.id === helping.me.assisted.sessionId)).toMatchObject({
      live: false,
      endReason: 'expired',
      endsAt: new Date(revokedAt).toISOString(),
      assistant: { name: 'Lương Thị Tình' },
    });
  });

  it('stops acting for a citizen whose account was closed, and again once it is open', async () => {
    const volunteer = (await staffLogin(t, VOLUNTEER)).headers;
    const helping = await assist(volunteer, BINH);
    expect((await get('/api/v1/me', helping.headers)).json()).toMatchObject({ id: ids[BINH] });
    await t.db.query(`update identity.accounts set status = 'disabled' where id = $1`, [ids[BINH]]);
    try {
      expect((await get('/api/v1/me', helping.headers)).json()).toMatchObject({
        kind: 'staff',
        id: ids[VOLUNTEER],
      });
    } finally {
      await t.db.query(`update identity.accounts set status = 'active' where id = $1`, [ids[BINH]]);
    }
    expect((await get('/api/v1/me', helping.headers)).json()).toMatchObject({ id: ids[BINH] });
  });

  it('pages the list with a cursor and refuses a forged one', async () => {
    const citizen = (await citizenLogin(t, AN)).headers;
    const first = await get('/api/v1/me/assisted-sessions?limit=2', citizen);
    expect(first.json().items).toHaveLength(2);
    const cursor = first.json().nextCursor as string;
    expect(cursor).toBeTruthy();
    const rest = (await get(`/api/v1/me/assisted-sessions?limit=2&cursor=${cursor}`, citizen)).json();
    const seen = [...first.json().items, ...rest.items].map((i: { id: string }) => i.id);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    const forged = await get('/api/v1/me/assisted-sessions?cursor=bm90LWEtY3Vyc29y', citizen);
    expect(forged.statusCode).toBe(400);
    expect(forged.json().errors[0]).toMatchObject({
      pointer: '/querystring/cursor',
      code: 'identity.bad_cursor',
    });
  });
});
