import type { Sql } from '../../../platform/db/db.js';

export interface AttemptRow {
  id: string;
  provider: string;
  browser_hash: string;
  code_verifier: string;
  nonce: string;
  next_path: string;
  expires_at: Date;
  consumed_at: Date | null;
}

export async function insertAttempt(
  q: Sql,
  a: Omit<AttemptRow, 'consumed_at'> & { state_hash: string; created_at: Date },
): Promise<void> {
  await q.query(
    `insert into identity.federated_attempts
       (id, provider, state_hash, browser_hash, code_verifier, nonce, next_path, expires_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      a.id,
      a.provider,
      a.state_hash,
      a.browser_hash,
      a.code_verifier,
      a.nonce,
      a.next_path,
      a.expires_at,
      a.created_at,
    ],
  );
}

/** Marks the attempt behind a callback's state consumed and returns it; undefined if unknown or used. */
export async function consumeAttempt(
  q: Sql,
  stateHash: string,
  provider: string,
  now: Date,
): Promise<AttemptRow | undefined> {
  const { rows } = await q.query<AttemptRow>(
    `update identity.federated_attempts set consumed_at = $3
      where state_hash = $1 and provider = $2 and consumed_at is null
      returning id, provider, browser_hash, code_verifier, nonce, next_path, expires_at, consumed_at`,
    [stateHash, provider, now],
  );
  return rows[0];
}

export async function purgeAttempts(q: Sql, expiredBefore: Date): Promise<void> {
  await q.query('delete from identity.federated_attempts where expires_at < $1', [expiredBefore]);
}
