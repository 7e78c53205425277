import type { Sql } from '../../../platform/db/db.js';

export interface TotpFactorRow {
  account_id: string;
  secret_sealed: string;
  confirmed_at: Date | null;
  last_used_step: number | null;
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

/** Which of these accounts have a confirmed authenticator app, in one query. */
export async function confirmedTotpAmong(q: Sql, accountIds: string[]): Promise<string[]> {
  if (!accountIds.length) return [];
  const { rows } = await q.query<{ account_id: string }>(
    `select account_id from identity.totp_factors
      where account_id = any($1::uuid[]) and confirmed_at is not null`,
    [accountIds],
  );
  return rows.map((r) => r.account_id);
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
