import type { Sql } from '../../../platform/db/db.js';
import type { OtpChallengeRow } from '../otp/repo.js';

export type AssistingRole = 'community_member' | 'reception';
export type StoredEndReason = 'assistant' | 'citizen' | 'signed_out' | 'replaced';

export interface AssistedSessionRow {
  id: string;
  assistant_id: string;
  citizen_id: string;
  staff_session_id: string | null;
  role: AssistingRole;
  agency_id: string;
  ward_code: string | null;
  registered: boolean;
  started_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  end_reason: StoredEndReason | null;
}

const COLUMNS = `a.id, a.assistant_id, a.citizen_id, a.staff_session_id, a.role, a.agency_id, a.ward_code,
  a.registered, a.started_at, a.expires_at, a.ended_at, a.end_reason`;

export async function insertRequest(
  q: Sql,
  r: { challenge_id: string; assistant_id: string; created_at: Date },
): Promise<void> {
  await q.query(
    'insert into identity.assisted_requests (challenge_id, assistant_id, created_at) values ($1, $2, $3)',
    [r.challenge_id, r.assistant_id, r.created_at],
  );
}

export async function findRequest(
  q: Sql,
  challengeId: string,
): Promise<{ assistant_id: string } | undefined> {
  const { rows } = await q.query<{ assistant_id: string }>(
    'select assistant_id from identity.assisted_requests where challenge_id = $1',
    [challengeId],
  );
  return rows[0];
}

/**
 * The other live codes for the phone that this volunteer asked for: a resent code still works, but a
 * code sent at another volunteer's request (whose name the citizen read in that message) never does.
 */
export async function liveSiblingsFor(
  q: Sql,
  c: Pick<OtpChallengeRow, 'id' | 'phone'>,
  assistantId: string,
  maxAttempts: number,
  now: Date,
): Promise<OtpChallengeRow[]> {
  const { rows } = await q.query<OtpChallengeRow>(
    `select c.id, c.phone, c.purpose, c.code_hash, c.channel, c.attempts, c.expires_at, c.consumed_at, c.created_at
       from identity.otp_challenges c
       join identity.assisted_requests r on r.challenge_id = c.id
      where c.phone = $1 and c.purpose = 'assisted' and c.id <> $2 and r.assistant_id = $3
        and c.consumed_at is null and c.expires_at > $4 and c.attempts < $5`,
    [c.phone, c.id, assistantId, now, maxAttempts],
  );
  return rows;
}

export async function insertSession(
  q: Sql,
  s: Omit<AssistedSessionRow, 'ended_at' | 'end_reason'> & { token_hash: string },
): Promise<void> {
  await q.query(
    `insert into identity.assisted_sessions
       (id, token_hash, assistant_id, citizen_id, staff_session_id, role, agency_id, ward_code, registered, started_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      s.id,
      s.token_hash,
      s.assistant_id,
      s.citizen_id,
      s.staff_session_id,
      s.role,
      s.agency_id,
      s.ward_code,
      s.registered,
      s.started_at,
      s.expires_at,
    ],
  );
}

/** The unexpired, unended session behind a cookie token, if its citizen's account is still open. */
export async function findLiveByToken(
  q: Sql,
  tokenHash: string,
  now: Date,
): Promise<(AssistedSessionRow & { assistant_name: string }) | undefined> {
  const { rows } = await q.query<AssistedSessionRow & { assistant_name: string }>(
    `select ${COLUMNS}, v.full_name as assistant_name
       from identity.assisted_sessions a
       join identity.accounts c on c.id = a.citizen_id and c.status = 'active'
       join identity.accounts v on v.id = a.assistant_id
      where a.token_hash = $1 and a.ended_at is null and a.expires_at > $2`,
    [tokenHash, now],
  );
  return rows[0];
}

export async function findWithAssistant(
  q: Sql,
  id: string,
): Promise<(AssistedSessionRow & { assistant_name: string }) | undefined> {
  const { rows } = await q.query<AssistedSessionRow & { assistant_name: string }>(
    `select ${COLUMNS}, v.full_name as assistant_name
       from identity.assisted_sessions a
       join identity.accounts v on v.id = a.assistant_id
      where a.id = $1`,
    [id],
  );
  return rows[0];
}

/** Ends the session if it has not ended yet; returns it as it was (undefined if it was already over). */
export async function endSession(
  q: Sql,
  id: string,
  reason: StoredEndReason,
  now: Date,
): Promise<AssistedSessionRow | undefined> {
  const { rows } = await q.query<AssistedSessionRow>(
    `update identity.assisted_sessions a set ended_at = $3, end_reason = $2
      where a.id = $1 and a.ended_at is null and a.expires_at > $3
      returning ${COLUMNS}`,
    [id, reason, now],
  );
  return rows[0];
}

/**
 * Ends every live session of a volunteer (one at a time: a new one replaces the old), or of a citizen
 * (who signed out everywhere).
 */
export async function endLiveOf(
  q: Sql,
  who: { assistantId: string } | { citizenId: string },
  reason: StoredEndReason,
  now: Date,
): Promise<AssistedSessionRow[]> {
  const [column, id] =
    'assistantId' in who ? ['assistant_id', who.assistantId] : ['citizen_id', who.citizenId];
  const { rows } = await q.query<AssistedSessionRow>(
    `update identity.assisted_sessions a set ended_at = $3, end_reason = $2
      where a.${column} = $1 and a.ended_at is null and a.expires_at > $3
      returning ${COLUMNS}`,
    [id, reason, now],
  );
  return rows;
}

export interface ListedSessionRow extends AssistedSessionRow {
  assistant_name: string;
  /** When it ended or ends at the latest: its own end, or its volunteer session's end if earlier. */
  ends_at: Date;
}

/** A citizen's assisted sessions, newest first, after the keyset position (started_at, id). */
export async function listForCitizen(
  q: Sql,
  citizenId: string,
  after: { at: Date; id: string } | null,
  limit: number,
): Promise<ListedSessionRow[]> {
  const { rows } = await q.query<ListedSessionRow>(
    `select ${COLUMNS}, v.full_name as assistant_name,
            coalesce(a.ended_at, least(a.expires_at, s.revoked_at, s.expires_at, s.idle_expires_at)) as ends_at
       from identity.assisted_sessions a
       join identity.accounts v on v.id = a.assistant_id
       left join identity.sessions s on s.id = a.staff_session_id
      where a.citizen_id = $1 and ($2::timestamptz is null or (a.started_at, a.id) < ($2::timestamptz, $3::uuid))
      order by a.started_at desc, a.id desc
      limit $4`,
    [citizenId, after?.at ?? null, after?.id ?? null, limit],
  );
  return rows;
}

export async function findForCitizen(
  q: Sql,
  id: string,
  citizenId: string,
): Promise<AssistedSessionRow | undefined> {
  const { rows } = await q.query<AssistedSessionRow>(
    `select ${COLUMNS} from identity.assisted_sessions a where a.id = $1 and a.citizen_id = $2`,
    [id, citizenId],
  );
  return rows[0];
}
