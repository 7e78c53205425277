import { currentCatalogueVersion } from '../src/modules/directory/module.js';
import { searchUnits } from '../src/modules/directory/repo.js';
import { encodeCursor, toUnitView } from '../src/modules/directory/service.js';
import { findAccount, findLiveSession } from '../src/modules/identity/repo.js';
import { hashToken, toMeView } from '../src/modules/identity/service.js';
import type { Sql } from '../src/platform/db/db.js';

/**
 * What the bare baseline server answers on one URL: the same SQL the module runs and the same response
 * body (the module's repo query and view mapping are imported, not copied), with nothing else around it:
 * no validation, auth, rate limit, problem+json, metrics, logging or response schema.
 */
export interface BaselineRoute {
  method: 'GET' | 'POST';
  url: string;
  handler(sql: Sql, query: Record<string, string | undefined>, body: unknown): Promise<unknown>;
}

export interface BenchCase {
  /** Shown in the results table. */
  name: string;
  method: 'GET' | 'POST';
  /** Requested as is from both the app and the baseline. */
  path: string;
  body?: string;
  headers?: Record<string, string>;
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

/** The baseline does the module's two lookups (session by token hash, then its account) and its mapping. */
const meCase: BenchCase = {
  name: 'GET /api/v1/me (session cookie)',
  method: 'GET',
  path: '/api/v1/me',
  headers: { cookie: `cds_session=${BENCH_SESSION_TOKEN}` },
  baseline: {
    method: 'GET',
    url: '/api/v1/me',
    async handler(sql) {
      const session = await findLiveSession(sql, hashToken(BENCH_SESSION_TOKEN), new Date());
      const account = session && (await findAccount(sql, session.account_id));
      if (!session || !account) throw new Error('bench session missing');
      return toMeView({ account, session }, []);
    },
  },
};

/**
 * Later issues append their cases here. OTP verify is not a case: each request needs a fresh challenge
 * and code, which a fixed-request load generator cannot provide.
 */
export const benchCases: BenchCase[] = [
  unitQuery('hai chau'),
  unitQuery('da nang'),
  unitQuery('hoa'),
  meCase,
];
