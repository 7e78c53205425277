import type { Sql } from '../../../../platform/db/db.js';

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

/** An account's consent ledger, newest first. */
export async function listConsents(
  q: Sql,
  accountId: string,
): Promise<Array<ConsentRow & { withdrawn_at: Date | null }>> {
  const { rows } = await q.query<ConsentRow & { withdrawn_at: Date | null }>(
    `select id, account_id, client_id, grant_id, scopes, claims, purpose, granted_at, withdrawn_at
       from identity.consents
      where account_id = $1
      order by granted_at desc, id desc`,
    [accountId],
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
