import type { Sql } from '../../../platform/db/db.js';

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
 * Which of these codes this volunteer asked for: a resent code still works, but a code sent at another
 * volunteer's request (whose name the citizen read in that message) never does.
 */
export async function requestedBy(q: Sql, challengeIds: string[], assistantId: string): Promise<Set<string>> {
  if (!challengeIds.length) return new Set();
  const { rows } = await q.query<{ challenge_id: string }>(
    `select challenge_id from identity.assisted_requests
      where challenge_id = any($1::uuid[]) and assistant_id = $2`,
    [challengeIds, assistantId],
  );
  return new Set(rows.map((r) => r.challenge_id));
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

/** The unexpired, unended session behind a cookie token (the service checks that its citizen is active). */
export async function findLiveByToken(
  q: Sql,
  tokenHash: string,
  now: Date,
): Promise<AssistedSessionRow | undefined> {
  const { rows } = await q.query<AssistedSessionRow>(
    `select ${COLUMNS} from identity.assisted_sessions a
      where a.token_hash = $1 and a.ended_at is null and a.expires_at > $2`,
    [tokenHash, now],
  );
  return rows[0];
}

export async function findSession(q: Sql, id: string): Promise<AssistedSessionRow | undefined> {
  const { rows } = await q.query<AssistedSessionRow>(
    `select ${COLUMNS} from identity.assisted_sessions a where a.id = $1`,
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

/** A citizen's assisted sessions, newest first, after the keyset position (started_at, id). */
export async function listForCitizen(
  q: Sql,
  citizenId: string,
  after: { at: Date; id: string } | null,
  limit: number,
): Promise<AssistedSessionRow[]> {
  const { rows } = await q.query<AssistedSessionRow>(
    `select ${COLUMNS} from identity.assisted_sessions a
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
