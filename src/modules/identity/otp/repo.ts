import type { Sql } from '../../../platform/db/db.js';

export type OtpChannel = 'sms' | 'zalo' | 'email';
/** `sign_in`: the phone's holder signs in; `assisted`: they let a community volunteer act for them. */
export type OtpPurpose = 'sign_in' | 'assisted';

export interface OtpChallengeRow {
  id: string;
  phone: string;
  purpose: OtpPurpose;
  code_hash: string;
  channel: OtpChannel;
  attempts: number;
  expires_at: Date;
  consumed_at: Date | null;
  created_at: Date;
}

// Any fixed numbers; they only have to be the same for every process of this application.
const PHONE_LOCK = 4_823_201;
const IP_LOCK = 4_823_202;

/**
 * Serialises everything done with one phone's codes (requests and verifications) until the transaction
 * ends: concurrent requests cannot all pass the limit check, concurrent guesses cannot both count as
 * the last one. Always phone first, then IP: no lock cycles.
 */
export async function lockPhone(q: Sql, phone: string): Promise<void> {
  await q.query('select pg_advisory_xact_lock($1, hashtext($2))', [PHONE_LOCK, phone]);
}

export async function lockIp(q: Sql, ipHash: string): Promise<void> {
  await q.query('select pg_advisory_xact_lock($1, hashtext($2))', [IP_LOCK, ipHash]);
}

export interface RequestCounts {
  /** Challenges for the phone created since `since`, and the oldest of them. */
  phoneCount: number;
  phoneOldest: Date | null;
  /** The most recent challenge for the phone (resend cooldown). */
  phoneLatest: Date | null;
  ipCount: number;
  ipOldest: Date | null;
}

export async function countOtpRequests(
  q: Sql,
  phone: string,
  ipHash: string,
  since: Date,
): Promise<RequestCounts> {
  const { rows } = await q.query<{
    phone_count: string | number;
    phone_oldest: Date | null;
    phone_latest: Date | null;
    ip_count: string | number;
    ip_oldest: Date | null;
  }>(
    `select
       (select count(*) from identity.otp_challenges where phone = $1 and created_at > $3) as phone_count,
       (select min(created_at) from identity.otp_challenges where phone = $1 and created_at > $3) as phone_oldest,
       (select max(created_at) from identity.otp_challenges where phone = $1) as phone_latest,
       (select count(*) from identity.otp_challenges where ip_hash = $2 and created_at > $3) as ip_count,
       (select min(created_at) from identity.otp_challenges where ip_hash = $2 and created_at > $3) as ip_oldest`,
    [phone, ipHash, since],
  );
  const r = rows[0]!;
  return {
    phoneCount: Number(r.phone_count),
    phoneOldest: r.phone_oldest,
    phoneLatest: r.phone_latest,
    ipCount: Number(r.ip_count),
    ipOldest: r.ip_oldest,
  };
}

export async function insertOtpChallenge(
  q: Sql,
  c: Omit<OtpChallengeRow, 'attempts' | 'consumed_at'> & { ip_hash: string },
): Promise<void> {
  await q.query(
    `insert into identity.otp_challenges (id, phone, purpose, code_hash, channel, ip_hash, expires_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [c.id, c.phone, c.purpose, c.code_hash, c.channel, c.ip_hash, c.expires_at, c.created_at],
  );
}

const COLUMNS = 'id, phone, purpose, code_hash, channel, attempts, expires_at, consumed_at, created_at';

/** Read again after lockPhone: each statement sees what committed before it (READ COMMITTED). */
export async function findOtpChallenge(q: Sql, id: string): Promise<OtpChallengeRow | undefined> {
  const { rows } = await q.query<OtpChallengeRow>(
    `select ${COLUMNS} from identity.otp_challenges where id = $1`,
    [id],
  );
  return rows[0];
}

/** The other codes for the same phone that still work: a resent code does not cancel an earlier one (UX.md §7). */
export async function liveSiblings(
  q: Sql,
  c: Pick<OtpChallengeRow, 'id' | 'phone' | 'purpose'>,
  maxAttempts: number,
  now: Date,
): Promise<OtpChallengeRow[]> {
  const { rows } = await q.query<OtpChallengeRow>(
    `select ${COLUMNS} from identity.otp_challenges
      where phone = $1 and purpose = $2 and id <> $3
        and consumed_at is null and expires_at > $4 and attempts < $5`,
    [c.phone, c.purpose, c.id, now, maxAttempts],
  );
  return rows;
}

/** A wrong guess counts against every code it was compared with. */
export async function recordWrongAttempt(q: Sql, ids: string[]): Promise<void> {
  await q.query('update identity.otp_challenges set attempts = attempts + 1 where id = any($1::uuid[])', [
    ids,
  ]);
}

/** Once one code has signed the phone in, none of its other codes may be used again. */
export async function consumeChallenges(q: Sql, ids: string[], now: Date): Promise<void> {
  await q.query(
    'update identity.otp_challenges set consumed_at = $2 where id = any($1::uuid[]) and consumed_at is null',
    [ids, now],
  );
}

export async function purgeOtpChallenges(q: Sql, before: Date): Promise<void> {
  await q.query('delete from identity.otp_challenges where created_at < $1', [before]);
}
