import type { Sql } from '../../../platform/db/db.js';

export interface EmailChallengeRow {
  id: string;
  account_id: string;
  email: string;
  code_hash: string;
  attempts: number;
  expires_at: Date;
  consumed_at: Date | null;
  created_at: Date;
}

const COLUMNS = 'id, account_id, email, code_hash, attempts, expires_at, consumed_at, created_at';
// Any fixed number; it only has to be the same for every process of this application.
const EMAIL_LOCK = 4_823_203;

/** Two accounts verifying the same address at once: the second waits and then sees the first's. */
export async function lockAddress(q: Sql, email: string): Promise<void> {
  await q.query('select pg_advisory_xact_lock($1, hashtext($2))', [EMAIL_LOCK, email]);
}

export interface EmailRequestCounts {
  /** Codes the account asked for since `since`, the oldest of them, and its latest ever (cooldown). */
  accountCount: number;
  accountOldest: Date | null;
  accountLatest: Date | null;
  /** Codes sent to the address since `since`, by any account: one mailbox is not flooded by many. */
  addressCount: number;
  addressOldest: Date | null;
}

export async function countEmailRequests(
  q: Sql,
  accountId: string,
  email: string,
  since: Date,
): Promise<EmailRequestCounts> {
  const { rows } = await q.query<{
    account_count: string | number;
    account_oldest: Date | null;
    account_latest: Date | null;
    address_count: string | number;
    address_oldest: Date | null;
  }>(
    `select
       (select count(*) from identity.email_challenges where account_id = $1 and created_at > $3) as account_count,
       (select min(created_at) from identity.email_challenges where account_id = $1 and created_at > $3) as account_oldest,
       (select max(created_at) from identity.email_challenges where account_id = $1) as account_latest,
       (select count(*) from identity.email_challenges where email = $2 and created_at > $3) as address_count,
       (select min(created_at) from identity.email_challenges where email = $2 and created_at > $3) as address_oldest`,
    [accountId, email, since],
  );
  const r = rows[0]!;
  return {
    accountCount: Number(r.account_count),
    accountOldest: r.account_oldest,
    accountLatest: r.account_latest,
    addressCount: Number(r.address_count),
    addressOldest: r.address_oldest,
  };
}

export async function insertEmailChallenge(
  q: Sql,
  c: Omit<EmailChallengeRow, 'attempts' | 'consumed_at'>,
): Promise<void> {
  await q.query(
    `insert into identity.email_challenges (id, account_id, email, code_hash, expires_at, created_at)
     values ($1, $2, $3, $4, $5, $6)`,
    [c.id, c.account_id, c.email, c.code_hash, c.expires_at, c.created_at],
  );
}

export async function findEmailChallenge(q: Sql, id: string): Promise<EmailChallengeRow | undefined> {
  const { rows } = await q.query<EmailChallengeRow>(
    `select ${COLUMNS} from identity.email_challenges where id = $1`,
    [id],
  );
  return rows[0];
}

/** The account's other live codes for the same address: a resent code does not cancel an earlier one. */
export async function liveEmailSiblings(
  q: Sql,
  c: Pick<EmailChallengeRow, 'id' | 'account_id' | 'email'>,
  maxAttempts: number,
  now: Date,
): Promise<EmailChallengeRow[]> {
  const { rows } = await q.query<EmailChallengeRow>(
    `select ${COLUMNS} from identity.email_challenges
      where account_id = $1 and email = $2 and id <> $3
        and consumed_at is null and expires_at > $4 and attempts < $5`,
    [c.account_id, c.email, c.id, now, maxAttempts],
  );
  return rows;
}

export async function recordWrongEmailAttempt(q: Sql, ids: string[]): Promise<void> {
  await q.query('update identity.email_challenges set attempts = attempts + 1 where id = any($1::uuid[])', [
    ids,
  ]);
}

export async function consumeEmailChallenges(q: Sql, ids: string[], now: Date): Promise<void> {
  await q.query(
    'update identity.email_challenges set consumed_at = $2 where id = any($1::uuid[]) and consumed_at is null',
    [ids, now],
  );
}

export async function purgeEmailChallenges(q: Sql, before: Date): Promise<void> {
  await q.query('delete from identity.email_challenges where created_at < $1', [before]);
}
