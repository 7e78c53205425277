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

export async function disableAccount(q: Sql, accountId: string, now: Date): Promise<void> {
  await q.query(`update identity.accounts set status = 'disabled', updated_at = $2 where id = $1`, [
    accountId,
    now,
  ]);
}

/** Re-enables a disabled account (failed sign-ins forgotten); false when it was not disabled. */
export async function enableAccount(q: Sql, accountId: string, now: Date): Promise<boolean> {
  const { rows } = await q.query<{ id: string }>(
    `update identity.accounts set status = 'active', failed_logins = 0, locked_until = null, updated_at = $2
     where id = $1 and status = 'disabled' returning id`,
    [accountId, now],
  );
  return rows.length === 1;
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

export interface StaffListRow {
  id: string;
  full_name: string;
  email: string | null;
  status: 'active' | 'disabled';
  has_password: boolean;
  totp_enrolled: boolean;
  last_sign_in_at: Date | null;
  /** The latest unused set-password link's expiry, for accounts still without a password. */
  invitation_expires_at: Date | null;
  sort_key: string;
}

/** A page position: the sort key and id of the last row returned. */
export type StaffPosition = readonly [string, string];

/*
 * People are sorted as Vietnamese lists sort them (UX.md §5): by Tên (the last word), then chữ đệm, then
 * Họ, accent-insensitively; `Nguyễn Thị Minh Khai` sorts as `khai thi minh nguyen`. The id breaks ties, so
 * the (sort key, id) pair is a stable keyset cursor.
 */
const SORT_KEY = `regexp_replace(
    regexp_replace(btrim(public.f_search_key(a.full_name)), '^(\\S+) (.+) (\\S+)$', '\\3 \\2 \\1'),
    '^(\\S+) (\\S+)$', '\\2 \\1')`;

/**
 * One page of the staff accounts among `ids`, optionally matching `q` (accent-insensitive, anywhere in the
 * name or e-mail). The id list is one agency's staff, so the scan stays small without a search index.
 */
export async function listStaff(
  q: Sql,
  s: { ids: string[]; q: string | null; after: StaffPosition | null; limit: number },
): Promise<StaffListRow[]> {
  if (!s.ids.length) return [];
  const { rows } = await q.query<StaffListRow>(
    `with e as (
       select k, replace(replace(replace(k, '\\', '\\\\'), '%', '\\%'), '_', '\\_') as kl
       from (select btrim(public.f_search_key($2::text)) as k) s
     ),
     r as (
       select a.id, a.full_name, a.email, a.status, a.password_hash is not null as has_password,
              exists (select 1 from identity.totp_factors f
                       where f.account_id = a.id and f.confirmed_at is not null) as totp_enrolled,
              a.last_sign_in_at,
              (select max(i.expires_at) from identity.staff_invitations i
                where i.account_id = a.id and i.used_at is null) as invitation_expires_at,
              ${SORT_KEY} as sort_key
       from identity.accounts a cross join e
       where a.id = any($1::uuid[]) and a.kind = 'staff'
         and (e.k = '' or public.f_search_key(a.full_name) like '%' || e.kl || '%'
              or public.f_search_key(coalesce(a.email, '')) like '%' || e.kl || '%')
     )
     select * from r
     where $3::text is null or (r.sort_key collate "C", r.id) > ($3::text collate "C", $4::uuid)
     order by r.sort_key collate "C", r.id
     limit $5`,
    [s.ids, s.q ?? '', s.after?.[0] ?? null, s.after?.[1] ?? null, s.limit],
  );
  return rows;
}
