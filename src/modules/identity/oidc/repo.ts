import type { Sql } from '../../../platform/db/db.js';

export interface ClaimSource {
  id: string;
  kind: 'citizen' | 'staff';
  full_name: string;
  phone: string | null;
  phone_verified_at: Date | null;
  status: 'active' | 'disabled';
  assurance_level: number;
  /** Sealed with the platform envelope, AAD = account id (see assurance-service.ts). */
  cccd_sealed: string | null;
  address: string | null;
  address_unit_code: string | null;
}

export async function findClaimSource(q: Sql, accountId: string): Promise<ClaimSource | undefined> {
  // The id comes from the provider's session; anything but a uuid cannot be an account.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(accountId)) return undefined;
  const { rows } = await q.query<ClaimSource>(
    `select id, kind, full_name, phone, phone_verified_at, status, assurance_level, cccd_sealed, address,
            address_unit_code
       from identity.accounts where id = $1`,
    [accountId],
  );
  return rows[0];
}

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
