import { api } from './client.js';

// Shapes of src/modules/identity/oidc/clients-schema.ts as they arrive over JSON.

/** The scopes an application may be allowed, in the order the form lists them (server: scopes.ts). */
export const clientScopes = ['openid', 'profile', 'phone', 'cccd', 'address', 'offline_access'] as const;
export type ClientScope = (typeof clientScopes)[number];

export const authMethods = ['client_secret_basic', 'private_key_jwt', 'none'] as const;
export type AuthMethod = (typeof authMethods)[number];

export interface OidcClient {
  clientId: string;
  name: string;
  /** Shown to citizens on the consent page. */
  purpose: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  scopes: string[];
  tokenEndpointAuthMethod: AuthMethod;
  jwks: { keys: Record<string, unknown>[] } | null;
  ownerAgencyId: string | null;
  createdAt: string;
  updatedAt: string;
  /** ISO 8601 when disabled; null while the application can sign people in. */
  disabledAt: string | null;
}

export interface OidcClientInput {
  clientId?: string;
  name: string;
  purpose: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  scopes: string[];
  tokenEndpointAuthMethod: AuthMethod;
  jwks?: unknown;
}

const base = '/api/v1/identity/clients';
const one = (clientId: string) => `${base}/${encodeURIComponent(clientId)}`;

export function listOidcClients(signal?: AbortSignal) {
  return api<OidcClient[]>(base, signal ? { signal } : {});
}

export function getOidcClient(clientId: string, signal?: AbortSignal) {
  return api<OidcClient>(one(clientId), signal ? { signal } : {});
}

/** `clientSecret` is shown only in this answer (null for public and private_key_jwt applications). */
export function createOidcClient(body: OidcClientInput) {
  return api<OidcClient & { clientSecret: string | null }>(base, { method: 'POST', body });
}

/** The authentication method cannot change after registration. */
export function updateOidcClient(
  clientId: string,
  body: Partial<Omit<OidcClientInput, 'clientId' | 'tokenEndpointAuthMethod'>> & { disabled?: boolean },
) {
  return api<OidcClient>(one(clientId), { method: 'PATCH', body });
}

/** A new secret, shown only in this answer; the previous one stops working at once. */
export function renewOidcClientSecret(clientId: string) {
  return api<{ clientSecret: string }>(`${one(clientId)}/secret`, { method: 'POST' });
}
