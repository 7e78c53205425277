import type { Sql } from '../../../../platform/db/db.js';

export async function insertPending(
  q: Sql,
  row: { tokenHash: string; accountId: string; expiresAt: Date; now: Date },
): Promise<void> {
  // A new password step supersedes the account's earlier unfinished ones.
  await q.query('delete from identity.staff_login_pending where account_id = $1 or expires_at < $2', [
    row.accountId,
    row.now,
  ]);
  await q.query(
    `insert into identity.staff_login_pending (token_hash, account_id, expires_at, created_at)
     values ($1, $2, $3, $4)`,
    [row.tokenHash, row.accountId, row.expiresAt, row.now],
  );
}

/** The live pending sign-in behind a token, locked for the rest of the transaction. */
export async function findPendingForUpdate(
  q: Sql,
  tokenHash: string,
  now: Date,
): Promise<{ account_id: string } | undefined> {
  const { rows } = await q.query<{ account_id: string }>(
    `select account_id from identity.staff_login_pending
      where token_hash = $1 and expires_at > $2 for update`,
    [tokenHash, now],
  );
  return rows[0];
}

export async function deletePending(q: Sql, tokenHash: string): Promise<void> {
  await q.query('delete from identity.staff_login_pending where token_hash = $1', [tokenHash]);
}
