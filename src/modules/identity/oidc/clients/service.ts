import { randomBytes } from 'node:crypto';
import type { Audit } from '../../../../platform/audit/audit.js';
import { type Actor, requireStaff } from '../../../../platform/auth/actor.js';
import type { Clock } from '../../../../platform/clock.js';
import type { Envelope } from '../../../../platform/crypto/envelope.js';
import type { Db, Sql, Tx } from '../../../../platform/db/db.js';
import { DomainError, invalidField, notFound } from '../../../../platform/http/errors.js';
import type { Payload } from '../adapter.js';
import * as repo from './repo.js';
import type { ClientView, CreateClientBody, UpdateClientBody } from './schema.js';

/*
 * Client secrets are sealed with the platform envelope rather than hashed: oidc-provider compares the
 * presented secret itself (constant time) and needs it in clear, and a hash would mean replacing its
 * client authentication. The envelope binds each secret to its client id, and the master key never
 * sits in the database.
 */
const secretAad = (clientId: string) => `identity.api_clients:${clientId}`;

function sealClientSecret(envelope: Envelope, clientId: string, secret: string): string {
  return envelope.encrypt(secret, secretAad(clientId)).toString('base64');
}

export function openClientSecret(envelope: Envelope, clientId: string, sealed: string): string {
  return envelope.decrypt(Buffer.from(sealed, 'base64'), secretAad(clientId)).toString('utf8');
}

const newClientSecret = () => randomBytes(32).toString('base64url');

/** The registered client (disabled ones too), read with the caller's handle. */
export const findClient = (q: Sql, clientId: string) => repo.findClient(q, clientId);

/** Each client's name by id, looked up in one query (unknown ids are missing from the map). */
export async function clientNames(q: Sql, clientIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await repo.clientNames(q, [...new Set(clientIds)]);
  return new Map(rows.map((r) => [r.client_id, r.name]));
}

/** The client as oidc-provider wants its metadata; undefined when unknown or disabled. */
export function providerMetadata(
  envelope: Envelope,
  row: repo.ApiClientRow | undefined,
): Payload | undefined {
  if (!row || row.disabled_at) return undefined;
  const refresh = row.allowed_scopes.includes('offline_access');
  return {
    client_id: row.client_id,
    client_name: row.name,
    ...(row.secret_envelope
      ? { client_secret: openClientSecret(envelope, row.client_id, row.secret_envelope) }
      : {}),
    redirect_uris: row.redirect_uris,
    post_logout_redirect_uris: row.post_logout_redirect_uris,
    grant_types: refresh ? ['authorization_code', 'refresh_token'] : ['authorization_code'],
    response_types: ['code'],
    scope: row.allowed_scopes.join(' '),
    token_endpoint_auth_method: row.token_endpoint_auth_method,
    ...(row.token_endpoint_auth_method === 'private_key_jwt' && row.jwks ? { jwks: row.jwks } : {}),
  };
}

function toClientView(row: repo.ApiClientRow): ClientView {
  return {
    clientId: row.client_id,
    name: row.name,
    purpose: row.purpose,
    redirectUris: row.redirect_uris,
    postLogoutRedirectUris: row.post_logout_redirect_uris,
    scopes: row.allowed_scopes,
    tokenEndpointAuthMethod: row.token_endpoint_auth_method,
    jwks: row.jwks,
    ownerAgencyId: row.owner_agency_id,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    disabledAt: row.disabled_at?.toISOString() ?? null,
  };
}

/** Inserts a client in `tx`; returns its secret (null for public and private_key_jwt clients). */
export async function insertNewClient(
  tx: Tx,
  envelope: Envelope,
  body: CreateClientBody & { clientId: string },
  now: Date,
): Promise<{ row: repo.ApiClientRow; secret: string | null } | null> {
  const secret = body.tokenEndpointAuthMethod === 'client_secret_basic' ? newClientSecret() : null;
  const row: repo.ApiClientRow = {
    client_id: body.clientId,
    name: body.name,
    secret_envelope: secret ? sealClientSecret(envelope, body.clientId, secret) : null,
    redirect_uris: body.redirectUris,
    post_logout_redirect_uris: body.postLogoutRedirectUris,
    allowed_scopes: [...new Set(body.scopes)],
    token_endpoint_auth_method: body.tokenEndpointAuthMethod,
    jwks: body.jwks ?? null,
    purpose: body.purpose,
    owner_agency_id: body.ownerAgencyId ?? null,
    created_at: now,
    updated_at: now,
    disabled_at: null,
  };
  return (await repo.insertClient(tx, row)) ? { row, secret } : null;
}

export function createClientsService(deps: { db: Db; clock: Clock; audit: Audit; envelope: Envelope }) {
  const { db, clock, audit, envelope } = deps;

  async function requireClient(q: Sql, clientId: string) {
    const row = await repo.findClient(q, clientId);
    if (!row) throw notFound('identity.client_not_found', { clientId });
    return row;
  }

  return {
    async create(actor: Actor, body: CreateClientBody, requestId?: string) {
      requireStaff(actor, ['city_admin']);
      if (body.tokenEndpointAuthMethod === 'private_key_jwt' && !body.jwks) {
        throw invalidField('/body/jwks', 'required');
      }
      const clientId = body.clientId ?? `cds-${randomBytes(9).toString('base64url').toLowerCase()}`;
      return db.tx(async (tx) => {
        const created = await insertNewClient(tx, envelope, { ...body, clientId }, clock.now());
        if (!created) throw new DomainError('conflict', 'identity.client_exists', { clientId });
        await audit.record(tx, {
          actor,
          action: 'identity.client_created',
          targetType: 'api_client',
          targetId: clientId,
          requestId,
          data: { scopes: created.row.allowed_scopes, authMethod: created.row.token_endpoint_auth_method },
        });
        return { ...toClientView(created.row), clientSecret: created.secret };
      });
    },

    async list(actor: Actor) {
      requireStaff(actor, ['city_admin']);
      return (await repo.listClients(db)).map(toClientView);
    },

    async get(actor: Actor, clientId: string) {
      requireStaff(actor, ['city_admin']);
      return toClientView(await requireClient(db, clientId));
    },

    async update(actor: Actor, clientId: string, body: UpdateClientBody, requestId?: string) {
      requireStaff(actor, ['city_admin']);
      return db.tx(async (tx) => {
        const current = await requireClient(tx, clientId);
        const now = clock.now();
        const next: repo.ApiClientRow = {
          ...current,
          name: body.name ?? current.name,
          purpose: body.purpose ?? current.purpose,
          redirect_uris: body.redirectUris ?? current.redirect_uris,
          post_logout_redirect_uris: body.postLogoutRedirectUris ?? current.post_logout_redirect_uris,
          allowed_scopes: body.scopes ? [...new Set(body.scopes)] : current.allowed_scopes,
          jwks: body.jwks ?? current.jwks,
          updated_at: now,
          disabled_at:
            body.disabled === undefined
              ? current.disabled_at
              : body.disabled
                ? (current.disabled_at ?? now)
                : null,
        };
        await repo.updateClient(tx, next);
        await audit.record(tx, {
          actor,
          action: 'identity.client_updated',
          targetType: 'api_client',
          targetId: clientId,
          requestId,
          data: { fields: Object.keys(body).sort() },
        });
        return toClientView(next);
      });
    },

    /**
     * A new secret for a client_secret_basic client, returned once. The old one stops working at once: the
     * provider reads the client per request and rebuilds it when its metadata changes.
     */
    async renewSecret(actor: Actor, clientId: string, requestId?: string) {
      requireStaff(actor, ['city_admin']);
      return db.tx(async (tx) => {
        const current = await requireClient(tx, clientId);
        if (current.token_endpoint_auth_method !== 'client_secret_basic') {
          throw new DomainError('conflict', 'identity.client_secret_not_used', {
            clientId,
            method: current.token_endpoint_auth_method,
          });
        }
        const secret = newClientSecret();
        await repo.updateClientSecret(
          tx,
          clientId,
          sealClientSecret(envelope, clientId, secret),
          clock.now(),
        );
        await audit.record(tx, {
          actor,
          action: 'identity.client_secret_renewed',
          targetType: 'api_client',
          targetId: clientId,
          requestId,
          data: { disabled: current.disabled_at !== null },
        });
        return { clientSecret: secret };
      });
    },
  };
}

export type ClientsService = ReturnType<typeof createClientsService>;
