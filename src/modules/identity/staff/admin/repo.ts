import type { Sql } from '../../../../platform/db/db.js';

export interface InvitationRow {
  id: string;
  account_id: string;
  agency_id: string;
  expires_at: Date;
  used_at: Date | null;
}

export async function insertInvitation(
  q: Sql,
  i: InvitationRow & { token_hash: string; invited_by: string; created_at: Date },
): Promise<void> {
  await q.query(
    `insert into identity.staff_invitations (id, account_id, agency_id, token_hash, invited_by, expires_at, created_at)
     values ($1, $2, $3, $4, $5, $6, $7)`,
    [i.id, i.account_id, i.agency_id, i.token_hash, i.invited_by, i.expires_at, i.created_at],
  );
}

export async function findInvitationByToken(q: Sql, tokenHash: string): Promise<InvitationRow | undefined> {
  const { rows } = await q.query<InvitationRow>(
    'select id, account_id, agency_id, expires_at, used_at from identity.staff_invitations where token_hash = $1',
    [tokenHash],
  );
  return rows[0];
}

/** Marks the invitation used; false when another request used it first. */
export async function useInvitation(q: Sql, id: string, now: Date): Promise<boolean> {
  const { rows } = await q.query<{ id: string }>(
    'update identity.staff_invitations set used_at = $2 where id = $1 and used_at is null returning id',
    [id, now],
  );
  return rows.length === 1;
}

/** Earlier links of the account stop working (a new one replaces them). */
export async function retireInvitations(q: Sql, accountId: string, now: Date): Promise<void> {
  await q.query(
    'update identity.staff_invitations set used_at = $2 where account_id = $1 and used_at is null',
    [accountId, now],
  );
}

/** The agencies that invited the account: their admins manage it until it holds roles. */
export async function invitingAgencies(q: Sql, accountId: string): Promise<string[]> {
  const { rows } = await q.query<{ agency_id: string }>(
    'select distinct agency_id from identity.staff_invitations where account_id = $1',
    [accountId],
  );
  return rows.map((r) => r.agency_id);
}

/** The accounts an agency invited, with every agency that invited each of them. */
export async function invitationsOf(
  q: Sql,
  filter: { agencyId: string } | { accountIds: string[] },
): Promise<Array<{ account_id: string; agency_id: string }>> {
  const byAgency = 'agencyId' in filter;
  const { rows } = await q.query<{ account_id: string; agency_id: string }>(
    `select distinct account_id, agency_id from identity.staff_invitations
     where ${byAgency ? 'agency_id = $1::uuid' : 'account_id = any($1::uuid[])'}`,
    [byAgency ? filter.agencyId : filter.accountIds],
  );
  return rows;
}

/** The latest unused set-password link's expiry of each account that has one, in one query. */
export async function openInvitationExpiries(q: Sql, accountIds: string[]): Promise<Map<string, Date>> {
  if (!accountIds.length) return new Map();
  const { rows } = await q.query<{ account_id: string; expires_at: Date }>(
    `select account_id, max(expires_at) as expires_at from identity.staff_invitations
      where account_id = any($1::uuid[]) and used_at is null
      group by account_id`,
    [accountIds],
  );
  return new Map(rows.map((r) => [r.account_id, r.expires_at]));
}
