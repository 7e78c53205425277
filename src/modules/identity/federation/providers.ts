import * as oidc from 'openid-client';
import { importClientKey } from './client-key.js';

export const PROVIDER_NAMES = ['vneid', 'dvcqg'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export interface ProviderSettings {
  name: ProviderName;
  issuer: string;
  clientId: string;
  /** One of the two client authentications: a secret (client_secret_basic) or a private key (private_key_jwt). */
  clientSecret?: string | undefined;
  clientPrivateKey?: string | undefined;
  /** Claim carrying the số định danh (`sub` when the provider uses it as subject). */
  idClaim: string;
  /** Claim carrying the e-ID level (1 or 2). */
  levelClaim: string;
}

/** Scopes asked of every provider: identity, name/birth data, and the phone it verified. */
export const FEDERATION_SCOPE = 'openid profile phone';

/**
 * The relying-party side of one provider. Discovery runs on first use (the issuer may be this very
 * server, the simulator, which is not listening yet while the app is built) and is retried after a failure.
 */
export function relyingParty(settings: ProviderSettings) {
  let discovered: Promise<oidc.Configuration> | null = null;
  const insecure = new URL(settings.issuer).protocol === 'http:';
  return {
    settings,
    configuration(): Promise<oidc.Configuration> {
      discovered ??= clientAuthentication(settings)
        .then(({ metadata, auth }) =>
          oidc.discovery(new URL(settings.issuer), settings.clientId, metadata, auth, {
            ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
          }),
        )
        .catch((err: unknown) => {
          discovered = null;
          throw err;
        });
      return discovered;
    },
  };
}

export type RelyingParty = ReturnType<typeof relyingParty>;

async function clientAuthentication(settings: ProviderSettings) {
  if (settings.clientPrivateKey) {
    const { key, alg } = await importClientKey(settings.clientPrivateKey);
    return {
      metadata: { token_endpoint_auth_method: 'private_key_jwt', token_endpoint_auth_signing_alg: alg },
      auth: oidc.PrivateKeyJwt(key),
    };
  }
  return { metadata: settings.clientSecret, auth: oidc.ClientSecretBasic(settings.clientSecret) };
}
