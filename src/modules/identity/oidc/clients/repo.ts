import type { Sql } from '../../../../platform/db/db.js';

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'private_key_jwt' | 'none';

export interface ApiClientRow {
  client_id: string;
  name: string;
  secret_envelope: string | null;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  allowed_scopes: string[];
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  jwks: { keys: Record<string, unknown>[] } | null;
  purpose: string;
  owner_agency_id: string | null;
  created_at: Date;
  updated_at: Date;
  disabled_at: Date | null;
}

export async function findClient(q: Sql, clientId: string): Promise<ApiClientRow | undefined> {
  const { rows } = await q.query<ApiClientRow>('select * from identity.api_clients where client_id = $1', [
    clientId,
  ]);
  return rows[0] && normalise(rows[0]);
}

/** The names of these clients (unknown ids are left out), in one query. */
export async function clientNames(
  q: Sql,
  clientIds: string[],
): Promise<Array<{ client_id: string; name: string }>> {
  if (!clientIds.length) return [];
  const { rows } = await q.query<{ client_id: string; name: string }>(
    'select client_id, name from identity.api_clients where client_id = any($1::text[])',
    [clientIds],
  );
  return rows;
}

export async function listClients(q: Sql): Promise<ApiClientRow[]> {
  const { rows } = await q.query<ApiClientRow>(
    'select * from identity.api_clients order by created_at, client_id',
  );
  return rows.map(normalise);
}

export async function insertClient(q: Sql, c: ApiClientRow): Promise<boolean> {
  const { rowCount } = await q.query(
    `insert into identity.api_clients (client_id, name, secret_envelope, redirect_uris, post_logout_redirect_uris,
       allowed_scopes, token_endpoint_auth_method, jwks, purpose, owner_agency_id, created_at, updated_at, disabled_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11, $12, $13)
     on conflict (client_id) do nothing`,
    [
      c.client_id,
      c.name,
      c.secret_envelope,
      c.redirect_uris,
      c.post_logout_redirect_uris,
      c.allowed_scopes,
      c.token_endpoint_auth_method,
      c.jwks ? JSON.stringify(c.jwks) : null,
      c.purpose,
      c.owner_agency_id,
      c.created_at,
      c.updated_at,
      c.disabled_at,
    ],
  );
  return rowCount === 1;
}

export async function updateClient(q: Sql, c: ApiClientRow): Promise<void> {
  await q.query(
    `update identity.api_clients
        set name = $2, redirect_uris = $3, post_logout_redirect_uris = $4, allowed_scopes = $5, jwks = $6::jsonb,
            purpose = $7, updated_at = $8, disabled_at = $9
      where client_id = $1`,
    [
      c.client_id,
      c.name,
      c.redirect_uris,
      c.post_logout_redirect_uris,
      c.allowed_scopes,
      c.jwks ? JSON.stringify(c.jwks) : null,
      c.purpose,
      c.updated_at,
      c.disabled_at,
    ],
  );
}

/** Replaces the sealed secret; the provider reads clients per request, so the old secret fails at once. */
export async function updateClientSecret(q: Sql, clientId: string, secretEnvelope: string, now: Date) {
  await q.query(
    'update identity.api_clients set secret_envelope = $2, updated_at = $3 where client_id = $1',
    [clientId, secretEnvelope, now],
  );
}

function normalise(row: ApiClientRow): ApiClientRow {
  return {
    ...row,
    jwks: typeof row.jwks === 'string' ? JSON.parse(row.jwks) : row.jwks,
    created_at: new Date(row.created_at),
    updated_at: new Date(row.updated_at),
    disabled_at: row.disabled_at ? new Date(row.disabled_at) : null,
  };
}
