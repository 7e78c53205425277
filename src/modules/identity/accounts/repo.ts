import type { Sql } from '../../../platform/db/db.js';

export interface AccountRow {
  id: string;
  kind: 'citizen' | 'staff';
  full_name: string;
  phone: string | null;
  email: string | null;
  /** When a citizen proved with a code that they read `email`; null for staff work e-mails. */
  email_verified_at: Date | null;
  password_hash: string | null;
  status: 'active' | 'disabled';
  assurance_level: number;
  phone_verified_at: Date | null;
  failed_logins: number;
  locked_until: Date | null;
}

export interface SessionRow {
  id: string;
  account_id: string;
  csrf_token: string;
  last_seen_at: Date;
  idle_expires_at: Date;
  expires_at: Date;
  revoked_at: Date | null;
}

export async function findAccountByEmail(q: Sql, email: string): Promise<AccountRow | undefined> {
  const { rows } = await q.query<AccountRow>('select * from identity.accounts where email = $1', [email]);
  return rows[0];
}

/** `phone` in E.164. */
export async function findAccountByPhone(q: Sql, phone: string): Promise<AccountRow | undefined> {
  const { rows } = await q.query<AccountRow>('select * from identity.accounts where phone = $1', [phone]);
  return rows[0];
}

export async function markPhoneVerified(q: Sql, id: string, now: Date): Promise<void> {
  await q.query('update identity.accounts set phone_verified_at = $2, updated_at = $2 where id = $1', [
    id,
    now,
  ]);
}

export async function findAccount(q: Sql, id: string): Promise<AccountRow | undefined> {
  const { rows } = await q.query<AccountRow>('select * from identity.accounts where id = $1', [id]);
  return rows[0];
}

export async function hasAnyAccount(q: Sql): Promise<boolean> {
  const { rows } = await q.query('select 1 from identity.accounts limit 1');
  return rows.length > 0;
}

export async function insertAccount(
  q: Sql,
  a: Pick<AccountRow, 'id' | 'kind' | 'full_name' | 'phone' | 'email' | 'password_hash' | 'assurance_level'>,
  now: Date,
): Promise<void> {
  await q.query(
    `insert into identity.accounts (id, kind, full_name, phone, email, password_hash, assurance_level, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
    [a.id, a.kind, a.full_name, a.phone, a.email, a.password_hash, a.assurance_level, now],
  );
}

export async function recordFailedLogin(
  q: Sql,
  id: string,
  lockUntil: Date | null,
  now: Date,
): Promise<void> {
  await q.query(
    'update identity.accounts set failed_logins = failed_logins + 1, locked_until = $2, updated_at = $3 where id = $1',
    [id, lockUntil, now],
  );
}

/** A session opened: failed attempts start again from zero, and the time is kept as the last sign-in. */
export async function recordSignIn(q: Sql, id: string, now: Date): Promise<void> {
  await q.query(
    'update identity.accounts set failed_logins = 0, locked_until = null, last_sign_in_at = $2 where id = $1',
    [id, now],
  );
}

export async function insertSession(
  q: Sql,
  s: SessionRow & { token_hash: string; user_agent: string | null; created_at: Date },
): Promise<void> {
  await q.query(
    `insert into identity.sessions (id, token_hash, account_id, csrf_token, user_agent, created_at, last_seen_at, idle_expires_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      s.id,
      s.token_hash,
      s.account_id,
      s.csrf_token,
      s.user_agent,
      s.created_at,
      s.last_seen_at,
      s.idle_expires_at,
      s.expires_at,
    ],
  );
}

/** The live session behind a token hash and its account, in one round trip (asked on every request). */
export async function findLiveSession(
  q: Sql,
  tokenHash: string,
  now: Date,
): Promise<{ session: SessionRow; account: AccountRow } | undefined> {
  const { rows } = await q.query<AccountRow & SessionColumns>(
    `select a.*, s.id as session_id, s.csrf_token as session_csrf_token, s.last_seen_at as session_last_seen_at,
            s.idle_expires_at as session_idle_expires_at, s.expires_at as session_expires_at
       from identity.sessions s
       join identity.accounts a on a.id = s.account_id
      where s.token_hash = $1 and s.revoked_at is null and s.expires_at > $2 and s.idle_expires_at > $2`,
    [tokenHash, now],
  );
  const row = rows[0];
  if (!row) return undefined;
  const {
    session_id,
    session_csrf_token,
    session_last_seen_at,
    session_idle_expires_at,
    session_expires_at,
    ...account
  } = row;
  return {
    account,
    session: {
      id: session_id,
      account_id: account.id,
      csrf_token: session_csrf_token,
      last_seen_at: session_last_seen_at,
      idle_expires_at: session_idle_expires_at,
      expires_at: session_expires_at,
      revoked_at: null,
    },
  };
}

interface SessionColumns {
  session_id: string;
  session_csrf_token: string;
  session_last_seen_at: Date;
  session_idle_expires_at: Date;
  session_expires_at: Date;
}

export async function touchSession(q: Sql, id: string, now: Date, idleExpiresAt: Date): Promise<void> {
  await q.query('update identity.sessions set last_seen_at = $2, idle_expires_at = $3 where id = $1', [
    id,
    now,
    idleExpiresAt,
  ]);
}

export async function revokeSession(q: Sql, id: string, now: Date): Promise<void> {
  await q.query('update identity.sessions set revoked_at = $2 where id = $1 and revoked_at is null', [
    id,
    now,
  ]);
}

/** One row per known id (unknown ids are left out), in one query. */
export async function briefAccounts(
  q: Sql,
  ids: string[],
): Promise<Array<Pick<AccountRow, 'id' | 'kind' | 'full_name' | 'email' | 'status'>>> {
  if (!ids.length) return [];
  const { rows } = await q.query<Pick<AccountRow, 'id' | 'kind' | 'full_name' | 'email' | 'status'>>(
    'select id, kind, full_name, email, status from identity.accounts where id = any($1::uuid[])',
    [ids],
  );
  return rows;
}

/**
 * Locks the account's row until the transaction ends: e-mail changes serialise on it, so concurrent
 * requests cannot all pass the limits, concurrent guesses cannot both count as the last one.
 */
export async function lockAccount(q: Sql, accountId: string): Promise<void> {
  await q.query('select 1 from identity.accounts where id = $1 for update', [accountId]);
}

/** The account holding `email` (any kind), other than `exceptId`; only its id. */
export async function otherHolderOfEmail(
  q: Sql,
  email: string,
  exceptId: string,
): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    'select id from identity.accounts where email = $1 and id <> $2',
    [email, exceptId],
  );
  return rows[0]?.id;
}

export async function setVerifiedEmail(
  q: Sql,
  accountId: string,
  email: string | null,
  now: Date,
): Promise<void> {
  await q.query(
    'update identity.accounts set email = $2, email_verified_at = $3, updated_at = $4 where id = $1',
    [accountId, email, email ? now : null, now],
  );
}

export async function setPasswordHash(q: Sql, accountId: string, hash: string, now: Date): Promise<void> {
  await q.query('update identity.accounts set password_hash = $2, updated_at = $3 where id = $1', [
    accountId,
    hash,
    now,
  ]);
}

export async function disableAccount(q: Sql, accountId: string, now: Date): Promise<void> {
  await q.query(`update identity.accounts set status = 'disabled', updated_at = $2 where id = $1`, [
    accountId,
    now,
  ]);
}

/** Re-enables a disabled account (failed sign-ins forgotten); false when it was not disabled. */
export async function enableAccount(q: Sql, accountId: string, now: Date): Promise<boolean> {
  const { rows } = await q.query<{ id: string }>(
    `update identity.accounts set status = 'active', failed_logins = 0, locked_until = null, updated_at = $2
     where id = $1 and status = 'disabled' returning id`,
    [accountId, now],
  );
  return rows.length === 1;
}

export interface StaffAccountRow {
  id: string;
  full_name: string;
  email: string | null;
  status: 'active' | 'disabled';
  has_password: boolean;
  last_sign_in_at: Date | null;
  sort_key: string;
}

/** A page position: the sort key and id of the last row returned. */
export type StaffPosition = readonly [string, string];

/*
 * People are sorted as Vietnamese lists sort them (UX.md §5): by Tên (the last word), then chữ đệm, then
 * Họ, accent-insensitively; `Nguyễn Thị Minh Khai` sorts as `khai thi minh nguyen`. The id breaks ties, so
 * the (sort key, id) pair is a stable keyset cursor.
 */
const SORT_KEY = `regexp_replace(
    regexp_replace(btrim(public.f_search_key(a.full_name)), '^(\\S+) (.+) (\\S+)$', '\\3 \\2 \\1'),
    '^(\\S+) (\\S+)$', '\\2 \\1')`;

/**
 * One page of the staff accounts among `ids`, optionally matching `q` (accent-insensitive, anywhere in the
 * name or e-mail). The id list is one agency's staff, so the scan stays small without a search index.
 */
export async function pageStaffAccounts(
  q: Sql,
  s: { ids: string[]; q: string | null; after: StaffPosition | null; limit: number },
): Promise<StaffAccountRow[]> {
  if (!s.ids.length) return [];
  const { rows } = await q.query<StaffAccountRow>(
    `with e as (
       select k, replace(replace(replace(k, '\\', '\\\\'), '%', '\\%'), '_', '\\_') as kl
       from (select btrim(public.f_search_key($2::text)) as k) s
     ),
     r as (
       select a.id, a.full_name, a.email, a.status, a.password_hash is not null as has_password,
              a.last_sign_in_at, ${SORT_KEY} as sort_key
       from identity.accounts a cross join e
       where a.id = any($1::uuid[]) and a.kind = 'staff'
         and (e.k = '' or public.f_search_key(a.full_name) like '%' || e.kl || '%'
              or public.f_search_key(coalesce(a.email, '')) like '%' || e.kl || '%')
     )
     select * from r
     where $3::text is null or (r.sort_key collate "C", r.id) > ($3::text collate "C", $4::uuid)
     order by r.sort_key collate "C", r.id
     limit $5`,
    [s.ids, s.q ?? '', s.after?.[0] ?? null, s.after?.[1] ?? null, s.limit],
  );
  return rows;
}

export interface DeviceRow {
  id: string;
  user_agent: string | null;
  created_at: Date;
  last_seen_at: Date;
}

export async function liveSessions(q: Sql, accountId: string, now: Date): Promise<DeviceRow[]> {
  const { rows } = await q.query<DeviceRow>(
    `select id, user_agent, created_at, last_seen_at from identity.sessions
      where account_id = $1 and revoked_at is null and expires_at > $2 and idle_expires_at > $2
      order by last_seen_at desc`,
    [accountId, now],
  );
  return rows;
}

/** Revokes one of the account's own live sessions; false when there is none with that id. */
export async function revokeOwnSession(q: Sql, accountId: string, id: string, now: Date): Promise<boolean> {
  const { rows } = await q.query<{ id: string }>(
    `update identity.sessions set revoked_at = $3
      where id = $2 and account_id = $1 and revoked_at is null returning id`,
    [accountId, id, now],
  );
  return rows.length === 1;
}

/** Revokes every live session of the account except `keep`; returns how many. */
export async function revokeSessionsOf(
  q: Sql,
  accountId: string,
  now: Date,
  keep: string | null = null,
): Promise<number> {
  const { rows } = await q.query<{ id: string }>(
    `update identity.sessions set revoked_at = $2
      where account_id = $1 and revoked_at is null and ($3::uuid is null or id <> $3) returning id`,
    [accountId, now, keep],
  );
  return rows.length;
}

export type SessionEndsRow = Pick<SessionRow, 'id' | 'revoked_at' | 'expires_at' | 'idle_expires_at'>;

/** When each of these sessions ended or will end at the latest, in one query (purged ids are left out). */
export async function sessionEnds(q: Sql, ids: string[]): Promise<SessionEndsRow[]> {
  if (!ids.length) return [];
  const { rows } = await q.query<SessionEndsRow>(
    'select id, revoked_at, expires_at, idle_expires_at from identity.sessions where id = any($1::uuid[])',
    [ids],
  );
  return rows;
}

/** Idempotent: running twice deletes nothing more. */
export async function purgeEndedSessions(q: Sql, endedBefore: Date): Promise<void> {
  await q.query(
    'delete from identity.sessions where coalesce(revoked_at, least(expires_at, idle_expires_at)) < $1',
    [endedBefore],
  );
}

/** What an OpenID client may be told about the account, by scope. */
export interface ClaimSource {
  id: string;
  kind: 'citizen' | 'staff';
  full_name: string;
  phone: string | null;
  phone_verified_at: Date | null;
  status: 'active' | 'disabled';
  assurance_level: number;
  /** Sealed with the platform envelope, AAD = account id (see assurance/service.ts). */
  cccd_sealed: string | null;
  address: string | null;
  address_unit_code: string | null;
}

export async function findClaimSource(q: Sql, accountId: string): Promise<ClaimSource | undefined> {
  // The id comes from the provider's session; anything but a uuid cannot be an account.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(accountId)) return undefined;
  const { rows } = await q.query<ClaimSource>(
    `select id, kind, full_name, phone, phone_verified_at, status, assurance_level, cccd_sealed, address,
            address_unit_code
       from identity.accounts where id = $1`,
    [accountId],
  );
  return rows[0];
}

/** The account other than `exceptId` whose số định danh has this index; only its id. */
export async function otherHolderOfCccd(
  q: Sql,
  cccdIndex: string,
  exceptId: string,
): Promise<string | undefined> {
  const { rows } = await q.query<{ id: string }>(
    'select id from identity.accounts where cccd_index = $1 and id <> $2',
    [cccdIndex, exceptId],
  );
  return rows[0]?.id;
}

/** The account's level and card index, its row locked until the transaction ends. */
export async function lockForCccdClaim(
  q: Sql,
  accountId: string,
): Promise<{ assurance_level: number; cccd_index: string | null } | undefined> {
  const { rows } = await q.query<{ assurance_level: number; cccd_index: string | null }>(
    'select assurance_level, cccd_index from identity.accounts where id = $1 for update',
    [accountId],
  );
  return rows[0];
}

/** The profile as read from the chip card's QR; `cccd_sealed` and `cccd_index` are the number kept. */
export interface CardProfile {
  full_name: string;
  family_name: string;
  middle_name: string | null;
  given_name: string;
  date_of_birth: string;
  sex: 'male' | 'female';
  address: string;
  address_unit_code: string | null;
  cccd_sealed: string;
  cccd_index: string;
}

export async function writeCardProfile(q: Sql, accountId: string, p: CardProfile, now: Date): Promise<void> {
  await q.query(
    `update identity.accounts
        set full_name = $2, family_name = $3, middle_name = $4, given_name = $5, date_of_birth = $6, sex = $7,
            address = $8, address_unit_code = $9, cccd_sealed = $10, cccd_index = $11, updated_at = $12
      where id = $1`,
    [
      accountId,
      p.full_name,
      p.family_name,
      p.middle_name,
      p.given_name,
      p.date_of_birth,
      p.sex,
      p.address,
      p.address_unit_code,
      p.cccd_sealed,
      p.cccd_index,
      now,
    ],
  );
}

/** What a counter officer's check of a card is compared with. */
export interface CardFactsRow {
  id: string;
  kind: 'citizen' | 'staff';
  /** YYYY-MM-DD. */
  date_of_birth: string | null;
  sex: 'male' | 'female' | null;
  cccd_index: string | null;
  assurance_level: number;
}

/** The active account holding `phone` (E.164), with what its card check needs. */
export async function findActiveCardFactsByPhone(q: Sql, phone: string): Promise<CardFactsRow | undefined> {
  const { rows } = await q.query<CardFactsRow>(
    `select id, kind, date_of_birth::text as date_of_birth, sex, cccd_index, assurance_level
       from identity.accounts where phone = $1 and status = 'active'`,
    [phone],
  );
  return rows[0];
}

/** Level 2 from a seen card: the index is set and the number sealed unless one is already kept. */
export async function raiseToLevel2(
  q: Sql,
  accountId: string,
  card: { cccd_index: string; cccd_sealed: string },
  now: Date,
): Promise<void> {
  await q.query(
    `update identity.accounts
        set assurance_level = 2, cccd_index = $2, cccd_sealed = coalesce(cccd_sealed, $3), updated_at = $4
      where id = $1`,
    [accountId, card.cccd_index, card.cccd_sealed, now],
  );
}

/** An account a federated sign-in may link to. */
export interface LinkCandidateRow {
  id: string;
  kind: 'citizen' | 'staff';
  status: 'active' | 'disabled';
  cccd_index: string | null;
}

/** The account with this card index, its row locked until the transaction ends. */
export async function lockByCccdIndex(q: Sql, cccdIndex: string): Promise<LinkCandidateRow | undefined> {
  const { rows } = await q.query<LinkCandidateRow>(
    'select id, kind, status, cccd_index from identity.accounts where cccd_index = $1 for update',
    [cccdIndex],
  );
  return rows[0];
}

/** The account with this phone (E.164), its row locked until the transaction ends. */
export async function lockByPhone(q: Sql, phone: string): Promise<LinkCandidateRow | undefined> {
  const { rows } = await q.query<LinkCandidateRow>(
    'select id, kind, status, cccd_index from identity.accounts where phone = $1 for update',
    [phone],
  );
  return rows[0];
}

/** Sets the card index and raises the level to `level`, never lowering it; a sealed number already kept stays. */
export async function raiseVouchedLevel(
  q: Sql,
  accountId: string,
  vouched: { level: number; cccd_index: string; cccd_sealed: string },
  now: Date,
): Promise<void> {
  await q.query(
    `update identity.accounts
        set assurance_level = greatest(assurance_level, $2), cccd_index = $3,
            cccd_sealed = coalesce(cccd_sealed, $4), updated_at = $5
      where id = $1`,
    [accountId, vouched.level, vouched.cccd_index, vouched.cccd_sealed, now],
  );
}

/** A citizen account made from what an external identity provider vouched for. */
export interface VouchedCitizen {
  id: string;
  full_name: string;
  /** E.164, set only when the provider verified it. */
  phone: string | null;
  assurance_level: number;
  family_name: string | null;
  middle_name: string | null;
  given_name: string;
  date_of_birth: string | null;
  sex: 'male' | 'female' | null;
  cccd_sealed: string;
  cccd_index: string;
}

export async function insertVouchedCitizen(q: Sql, c: VouchedCitizen, now: Date): Promise<void> {
  await q.query(
    `insert into identity.accounts
       (id, kind, full_name, phone, phone_verified_at, assurance_level, family_name, middle_name, given_name,
        date_of_birth, sex, cccd_sealed, cccd_index, created_at, updated_at)
     values ($1, 'citizen', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
    [
      c.id,
      c.full_name,
      c.phone,
      c.phone ? now : null,
      c.assurance_level,
      c.family_name,
      c.middle_name,
      c.given_name,
      c.date_of_birth,
      c.sex,
      c.cccd_sealed,
      c.cccd_index,
      now,
    ],
  );
}
