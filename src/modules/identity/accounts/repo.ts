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

export async function describeAccounts(
  q: Sql,
  ids: string[],
): Promise<Array<Pick<AccountRow, 'id' | 'kind' | 'full_name' | 'email'>>> {
  if (!ids.length) return [];
  const { rows } = await q.query<Pick<AccountRow, 'id' | 'kind' | 'full_name' | 'email'>>(
    'select id, kind, full_name, email from identity.accounts where id = any($1::uuid[])',
    [ids],
  );
  return rows;
}
