import * as oidc from 'openid-client';

export const PROVIDER_NAMES = ['vneid', 'dvcqg'] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];

export interface ProviderSettings {
  name: ProviderName;
  issuer: string;
  clientId: string;
  clientSecret: string;
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
      discovered ??= oidc
        .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
          ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
        })
        .catch((err: unknown) => {
          discovered = null;
          throw err;
        });
      return discovered;
    },
  };
}

export type RelyingParty = ReturnType<typeof relyingParty>;
