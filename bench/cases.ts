import { currentCatalogueVersion } from '../src/modules/directory/module.js';
import { searchUnits } from '../src/modules/directory/repo.js';
import { toUnitView } from '../src/modules/directory/service.js';
import {
  findAccountByPhone,
  findLiveSession,
  markPhoneVerified,
} from '../src/modules/identity/accounts/repo.js';
import {
  defaultSessionPolicy,
  hashToken,
  openSessionIn,
  toMeView,
} from '../src/modules/identity/accounts/service.js';
import {
  codeMatchesAny,
  deriveOtpKeys,
  hashOtpCode,
  type OtpKeys,
} from '../src/modules/identity/otp/code.js';
import {
  consumeChallenges,
  findOtpChallenge,
  liveSiblings,
  lockPhone,
} from '../src/modules/identity/otp/repo.js';
import { createAudit } from '../src/platform/audit/audit.js';
import { systemClock } from '../src/platform/clock.js';
import type { Sql, Tx } from '../src/platform/db/db.js';
import { encodeCursor } from '../src/platform/http/cursor.js';

/**
 * What the bare baseline server answers on one URL: the same SQL the module runs and the same response
 * body (the module's repo query and view mapping are imported, not copied), with nothing else around it:
 * no validation, auth, rate limit, problem+json, metrics, logging or response schema.
 */
export interface BaselineRoute {
  method: 'GET' | 'POST';
  url: string;
  handler(db: BareDb, query: Record<string, string | undefined>, body: unknown): Promise<unknown>;
}

/** The bare driver (node-postgres pool or PGlite), with a plain BEGIN/COMMIT for the writing cases. */
export interface BareDb extends Sql {
  tx<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

/** Which server a request goes to: cases that use up their data keep one supply per server. */
export type Server = 'app' | 'baseline';

export interface BenchCase {
  /** Shown in the results table. */
  name: string;
  method: 'GET' | 'POST';
  /** Requested as is from both the app and the baseline. */
  path: string;
  body?: string;
  headers?: Record<string, string>;
  /**
   * For requests that each need fresh data (an OTP code works once): the body of the next request to that
   * server. The load generator calls it once per request; the data was written before any timing.
   */
  bodyFor?(server: Server): string;
  /** The part of the answer both servers must agree on (default: all of it). */
  comparable?(body: unknown): unknown;
  baseline: BaselineRoute;
}

const UNITS_PAGE = 20;

const unitsSearch: BaselineRoute = {
  method: 'GET',
  url: '/api/v1/directory/units',
  async handler(sql, query) {
    const q = query.q?.normalize('NFC').trim() || null;
    const rows = await searchUnits(sql, {
      catalogueVersion: currentCatalogueVersion,
      q,
      type: null,
      after: null,
      limit: UNITS_PAGE + 1,
    });
    const items = rows.slice(0, UNITS_PAGE);
    const last = items.at(-1);
    return {
      items: items.map(toUnitView),
      nextCursor: rows.length > UNITS_PAGE && last ? encodeCursor([last.score, last.code, '']) : null,
    };
  },
};

const unitQuery = (q: string): BenchCase => ({
  name: `GET /api/v1/directory/units?q=${q}`,
  method: 'GET',
  path: `/api/v1/directory/units?q=${encodeURIComponent(q)}`,
  baseline: unitsSearch,
});

/** A signed-in citizen for the session-authenticated cases; the cookie token is fixed for both servers. */
const BENCH_CITIZEN = '01950000-0000-7000-8000-00000000be01';
const BENCH_SESSION_TOKEN = 'bench-session-token-0123456789abcdefghijklmnopqrstuv';

/** Data the cases need beyond the demo directory, written once per bench database. */
export async function seedBenchData(sql: Sql): Promise<void> {
  const now = new Date();
  const day = new Date(now.getTime() + 86_400_000);
  await sql.query(
    `insert into identity.accounts (id, kind, full_name, phone, assurance_level, phone_verified_at, created_at, updated_at)
     values ($1, 'citizen', 'Nguyễn Văn Đo', '+84905000001', 1, $2, $2, $2)`,
    [BENCH_CITIZEN, now],
  );
  await sql.query(
    `insert into identity.sessions (id, token_hash, account_id, csrf_token, created_at, last_seen_at, idle_expires_at, expires_at)
     values ('01950000-0000-7000-8000-00000000be02', $1, $2, 'bench-csrf', $3, $3, $4, $4)`,
    [hashToken(BENCH_SESSION_TOKEN), BENCH_CITIZEN, now, day],
  );
}

/** The baseline does the module's lookup (session by token hash with its account) and its mapping. */
const meCase: BenchCase = {
  name: 'GET /api/v1/me (session cookie)',
  method: 'GET',
  path: '/api/v1/me',
  headers: { cookie: `cds_session=${BENCH_SESSION_TOKEN}` },
  baseline: {
    method: 'GET',
    url: '/api/v1/me',
    async handler(sql) {
      const live = await findLiveSession(sql, hashToken(BENCH_SESSION_TOKEN), new Date());
      if (!live) throw new Error('bench session missing');
      return toMeView(live, []);
    },
  },
};

/**
 * OTP verification. A code works once, so every request needs its own challenge: the bench writes a supply
 * per server before measuring (challenge with a known code, for a citizen who already has an account, one
 * phone number each so no request waits on another's phone lock), and the load generator hands them out
 * one per request. Both servers derive the code key from the same master key (BENCH_MASTER_KEY).
 */
const OTP_CODE = '246810';
const OTP_SERVERS: readonly Server[] = ['app', 'baseline'];

/** 32 random bytes (base64) set by run.ts for the whole run; servers and seeding read the same one. */
export function benchMasterKey(): string {
  const key = process.env.BENCH_MASTER_KEY;
  if (!key) throw new Error('BENCH_MASTER_KEY is not set (bench/run.ts sets it)');
  return key;
}

function otpChallengeId(server: Server, i: number): string {
  const hex = i.toString(16).padStart(12, '0');
  return `01950000-0000-7000-8${OTP_SERVERS.indexOf(server) + 1}00-${hex}`;
}

/** +8491… for the app's supply, +8492… for the baseline's (E.164, 8 digits after +849). */
function otpPhone(server: Server, i: number): string {
  return `+849${OTP_SERVERS.indexOf(server) + 1}${String(i).padStart(7, '0')}`;
}

/**
 * Challenges per server: enough for the fastest verification rate the bench expects (BENCH_OTP_MAX_RATE
 * per second, default 1500) over warm-up, probe and every round. Running out shows as failed requests.
 */
function otpSupply(): number {
  const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
  const seconds = num('BENCH_WARMUP_SECONDS', 3) + num('BENCH_ROUNDS', 3) * num('BENCH_SECONDS', 5) + 5;
  return Math.ceil(num('BENCH_OTP_MAX_RATE', 1500) * seconds);
}

/** Writes the supply of accounts and live challenges for `servers` (outside any timing). */
export async function seedOtpSupply(sql: Sql, servers: readonly Server[]): Promise<void> {
  const keys = deriveOtpKeys(Buffer.from(benchMasterKey(), 'base64'));
  const now = new Date();
  const expires = new Date(now.getTime() + 6 * 3_600_000);
  const count = otpSupply();
  const chunk = 5000;
  for (const server of servers) {
    for (let from = 0; from < count; from += chunk) {
      const n = Math.min(chunk, count - from);
      const ids = Array.from({ length: n }, (_, k) => otpChallengeId(server, from + k));
      const phones = Array.from({ length: n }, (_, k) => otpPhone(server, from + k));
      await sql.query(
        `insert into identity.accounts (id, kind, full_name, phone, assurance_level, phone_verified_at, created_at, updated_at)
         select gen_random_uuid(), 'citizen', 'Nguyễn Văn Đo', p, 1, $2, $2, $2 from unnest($1::text[]) as p`,
        [phones, now],
      );
      await sql.query(
        `insert into identity.otp_challenges (id, phone, purpose, code_hash, channel, ip_hash, expires_at, created_at)
         select c.id, c.phone, 'sign_in', c.hash, 'sms', 'bench', $4, $5
           from unnest($1::uuid[], $2::text[], $3::text[]) as c(id, phone, hash)`,
        [ids, phones, ids.map((id) => hashOtpCode(keys, id, OTP_CODE)), expires, now],
      );
    }
  }
}

const otpNext: Record<Server, number> = { app: 0, baseline: 0 };
/** OTP_MAX_ATTEMPTS' default, as the app is configured in the bench. */
const OTP_MAX_ATTEMPTS = 5;
let otpKeys: OtpKeys | undefined;
const audit = createAudit({ clock: systemClock });

/**
 * The baseline runs the service's verification steps with the module's own repo functions and crypto in
 * one transaction: challenge read, phone lock, re-read, live siblings, HMAC compare, consume, account,
 * phone verified, session and its audit event. Refusals are not part of the case (every code is right).
 */
const otpVerifyCase: BenchCase = {
  name: 'POST /api/v1/auth/otp/verify (fresh challenge each)',
  method: 'POST',
  path: '/api/v1/auth/otp/verify',
  headers: { 'content-type': 'application/json' },
  bodyFor(server) {
    const i = otpNext[server]++;
    return JSON.stringify({ challengeId: otpChallengeId(server, i), code: OTP_CODE });
  },
  // Each answer is a different citizen with a new session: what must agree is the shape and the rest.
  comparable(body) {
    const { id: _id, phone, csrfToken, ...rest } = body as Record<string, unknown>;
    return { ...rest, phone: typeof phone, csrfToken: typeof csrfToken };
  },
  baseline: {
    method: 'POST',
    url: '/api/v1/auth/otp/verify',
    async handler(db, _query, body) {
      const { challengeId, code } = body as { challengeId: string; code: string };
      otpKeys ??= deriveOtpKeys(Buffer.from(benchMasterKey(), 'base64'));
      const keys = otpKeys;
      const now = new Date();
      return db.tx(async (sql) => {
        // openSessionIn and the audit take a transaction handle; they only run queries on it.
        const tx = sql as Tx;
        const seen = await findOtpChallenge(tx, challengeId);
        if (!seen) throw new Error('bench challenge missing');
        await lockPhone(tx, seen.phone);
        const challenge = (await findOtpChallenge(tx, challengeId))!;
        if (challenge.consumed_at || challenge.expires_at <= now) throw new Error('bench challenge used up');
        const candidates = [challenge, ...(await liveSiblings(tx, challenge, OTP_MAX_ATTEMPTS, now))];
        if (!codeMatchesAny(keys, candidates, code)) throw new Error('bench code does not match');
        await consumeChallenges(
          tx,
          candidates.map((c) => c.id),
          now,
        );
        const account = await findAccountByPhone(tx, challenge.phone);
        if (!account) throw new Error('bench account missing');
        await markPhoneVerified(tx, account.id, now);
        const opened = await openSessionIn(
          tx,
          { clock: systemClock, audit, policy: defaultSessionPolicy },
          account,
          { userAgent: null, method: 'otp' },
        );
        return toMeView(
          {
            account: { ...account, phone_verified_at: now },
            session: { ...opened.session, revoked_at: null },
          },
          [],
        );
      });
    },
  },
};

/** Later issues append their cases here. */
export const benchCases: BenchCase[] = [
  unitQuery('hai chau'),
  unitQuery('da nang'),
  unitQuery('hoa'),
  meCase,
  otpVerifyCase,
];
