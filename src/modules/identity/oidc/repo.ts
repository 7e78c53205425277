import type { Sql } from '../../../platform/db/db.js';

export interface ConsentRow {
  id: string;
  account_id: string;
  client_id: string;
  grant_id: string;
  scopes: string[];
  claims: string[];
  purpose: string;
  granted_at: Date;
}

export async function insertConsent(q: Sql, c: ConsentRow): Promise<void> {
  await q.query(
    `insert into identity.consents (id, account_id, client_id, grant_id, scopes, claims, purpose, granted_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [c.id, c.account_id, c.client_id, c.grant_id, c.scopes, c.claims, c.purpose, c.granted_at],
  );
}

export interface ConsentListRow {
  id: string;
  client_id: string;
  client_name: string;
  scopes: string[];
  claims: string[];
  purpose: string;
  granted_at: Date;
  withdrawn_at: Date | null;
  /** The provider's grant still exists and has not expired. */
  grant_live: boolean;
}

/**
 * An account's consent ledger, newest first. The grant lives in `oidc_payloads` (same module): once it
 * has expired or been purged, a consent never withdrawn no longer lets the client in.
 */
export async function listConsents(q: Sql, accountId: string, now: Date): Promise<ConsentListRow[]> {
  const { rows } = await q.query<ConsentListRow>(
    `select c.id, c.client_id, k.name as client_name, c.scopes, c.claims, c.purpose, c.granted_at,
            c.withdrawn_at,
            exists (select 1 from identity.oidc_payloads g
                     where g.model = 'Grant' and g.id = c.grant_id
                       and (g.expires_at is null or g.expires_at > $2)) as grant_live
       from identity.consents c
       join identity.api_clients k on k.client_id = c.client_id
      where c.account_id = $1
      order by c.granted_at desc, c.id desc`,
    [accountId, now],
  );
  return rows;
}

/** The account's own consent, locked until the transaction ends; someone else's reads as missing. */
export async function lockOwnConsent(
  q: Sql,
  accountId: string,
  consentId: string,
): Promise<(Pick<ConsentRow, 'id' | 'client_id' | 'grant_id'> & { withdrawn_at: Date | null }) | undefined> {
  const { rows } = await q.query<
    Pick<ConsentRow, 'id' | 'client_id' | 'grant_id'> & { withdrawn_at: Date | null }
  >(
    `select id, client_id, grant_id, withdrawn_at from identity.consents
      where id = $1 and account_id = $2 for update`,
    [consentId, accountId],
  );
  return rows[0];
}

/**
 * Marks withdrawn every consent still in force that rests on one grant (a later consent to more data items
 * extends the same grant): withdrawing one ends them all, since the grant itself is destroyed.
 */
export async function withdrawConsentsOfGrant(
  q: Sql,
  accountId: string,
  grantId: string,
  now: Date,
): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `update identity.consents set withdrawn_at = $3
      where account_id = $1 and grant_id = $2 and withdrawn_at is null
      returning id`,
    [accountId, grantId, now],
  );
  return rows.map((r) => r.id);
}
