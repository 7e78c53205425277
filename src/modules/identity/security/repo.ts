import type { Sql } from '../../../platform/db/db.js';

export interface TotpFactorRow {
  account_id: string;
  secret_sealed: string;
  confirmed_at: Date | null;
  last_used_step: number | null;
}

export interface DeviceRow {
  id: string;
  user_agent: string | null;
  created_at: Date;
  last_seen_at: Date;
}

export async function findTotpFactor(q: Sql, accountId: string): Promise<TotpFactorRow | undefined> {
  const { rows } = await q.query<TotpFactorRow>(
    'select account_id, secret_sealed, confirmed_at, last_used_step from identity.totp_factors where account_id = $1',
    [accountId],
  );
  return rows[0];
}

/** A factor that is ready for sign-in at once (demo accounts only: real ones confirm with a first code). */
export async function insertConfirmedTotp(
  q: Sql,
  accountId: string,
  sealed: string,
  now: Date,
): Promise<void> {
  await q.query(
    `insert into identity.totp_factors (account_id, secret_sealed, confirmed_at, created_at) values ($1, $2, $3, $3)`,
    [accountId, sealed, now],
  );
}

/** A new unconfirmed secret replaces an earlier unconfirmed one; a confirmed factor is never overwritten. */
export async function savePendingTotp(
  q: Sql,
  accountId: string,
  sealed: string,
  now: Date,
): Promise<boolean> {
  const { rows } = await q.query<{ account_id: string }>(
    `insert into identity.totp_factors (account_id, secret_sealed, created_at) values ($1, $2, $3)
     on conflict (account_id) do update set secret_sealed = excluded.secret_sealed, created_at = excluded.created_at,
       last_used_step = null
     where identity.totp_factors.confirmed_at is null
     returning account_id`,
    [accountId, sealed, now],
  );
  return rows.length === 1;
}

/**
 * Records `step` as used, only if it is after the last used one: two requests racing with the same code
 * cannot both pass. `confirm` also marks a pending factor confirmed.
 */
export async function recordTotpStep(
  q: Sql,
  accountId: string,
  step: number,
  confirmAt: Date | null,
): Promise<boolean> {
  const { rows } = await q.query<{ account_id: string }>(
    `update identity.totp_factors set last_used_step = $2, confirmed_at = coalesce(confirmed_at, $3)
      where account_id = $1 and (last_used_step is null or last_used_step < $2)
        and (($3::timestamptz is null) = (confirmed_at is not null))
      returning account_id`,
    [accountId, step, confirmAt],
  );
  return rows.length === 1;
}

export async function deleteTotpFactor(q: Sql, accountId: string): Promise<void> {
  await q.query('delete from identity.totp_factors where account_id = $1', [accountId]);
  await q.query('delete from identity.recovery_codes where account_id = $1', [accountId]);
}

export async function replaceRecoveryCodes(q: Sql, accountId: string, hashes: string[], now: Date) {
  await q.query('delete from identity.recovery_codes where account_id = $1', [accountId]);
  await q.query(
    `insert into identity.recovery_codes (account_id, code_hash, created_at)
     select $1, h, $3 from unnest($2::text[]) as h`,
    [accountId, hashes, now],
  );
}

export async function recoveryHashes(q: Sql, accountId: string): Promise<string[]> {
  const { rows } = await q.query<{ code_hash: string }>(
    'select code_hash from identity.recovery_codes where account_id = $1',
    [accountId],
  );
  return rows.map((r) => r.code_hash);
}

/** Spending deletes the row; false when another request spent it first. */
export async function deleteRecoveryCode(q: Sql, accountId: string, hash: string): Promise<boolean> {
  const { rows } = await q.query<{ code_hash: string }>(
    'delete from identity.recovery_codes where account_id = $1 and code_hash = $2 returning code_hash',
    [accountId, hash],
  );
  return rows.length === 1;
}

export async function setPasswordHash(q: Sql, accountId: string, hash: string, now: Date): Promise<void> {
  await q.query('update identity.accounts set password_hash = $2, updated_at = $3 where id = $1', [
    accountId,
    hash,
    now,
  ]);
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
