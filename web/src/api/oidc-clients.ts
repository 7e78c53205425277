import { client, unwrap } from './client.js';
import { type Body, everyMember, type Schema } from './types.js';

// src/modules/identity/oidc/clients-schema.ts.

/** `purpose` is shown to citizens on the consent page; `disabledAt` is null while it can sign people in. */
export type OidcClient = Schema<'ApiClient'>;
export type OidcClientInput = Body<'/api/v1/identity/clients', 'post'>;
type OidcClientChanges = Body<'/api/v1/identity/clients/{clientId}', 'patch'>;
export type ClientScope = OidcClientInput['scopes'][number];
export type AuthMethod = NonNullable<OidcClientInput['tokenEndpointAuthMethod']>;

/** The scopes an application may be allowed, in the order the form lists them. */
export const clientScopes = everyMember<ClientScope>({
  openid: true,
  profile: true,
  phone: true,
  cccd: true,
  address: true,
  offline_access: true,
});

export const authMethods = everyMember<AuthMethod>({
  client_secret_basic: true,
  private_key_jwt: true,
  none: true,
});

const one = (clientId: string) => ({ params: { path: { clientId } } });

export function listOidcClients(signal?: AbortSignal): Promise<OidcClient[]> {
  return unwrap(client.GET('/api/v1/identity/clients', signal ? { signal } : {}));
}

export function getOidcClient(clientId: string, signal?: AbortSignal): Promise<OidcClient> {
  return unwrap(
    client.GET('/api/v1/identity/clients/{clientId}', { ...one(clientId), ...(signal ? { signal } : {}) }),
  );
}

/** `clientSecret` is shown only in this answer (null for public and private_key_jwt applications). */
export function createOidcClient(body: OidcClientInput): Promise<Schema<'CreatedApiClient'>> {
  return unwrap(client.POST('/api/v1/identity/clients', { body }));
}

/** The authentication method cannot change after registration. */
export function updateOidcClient(clientId: string, body: OidcClientChanges): Promise<OidcClient> {
  return unwrap(client.PATCH('/api/v1/identity/clients/{clientId}', { ...one(clientId), body }));
}

/** A new secret, shown only in this answer; the previous one stops working at once. */
export function renewOidcClientSecret(clientId: string): Promise<Schema<'ApiClientSecret'>> {
  return unwrap(client.POST('/api/v1/identity/clients/{clientId}/secret', one(clientId)));
}
