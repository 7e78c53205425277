import type { Logger } from 'pino';
import type { Audit } from '../../../platform/audit/audit.js';
import type { Clock } from '../../../platform/clock.js';
import type { Config } from '../../../platform/config.js';
import type { Envelope } from '../../../platform/crypto/envelope.js';
import type { Db } from '../../../platform/db/db.js';
import type { App } from '../../../platform/http/app.js';
import { addCatalogue } from '../../../platform/i18n/i18n.js';
import type { CookiePolicy } from '../accounts/session-cookie.js';
import en from './i18n/en.json' with { type: 'json' };
import vi from './i18n/vi.json' with { type: 'json' };
import { federationJobs } from './jobs.js';
import { PROVIDER_NAMES, type ProviderName, type RelyingParty, relyingParty } from './providers.js';
import { federationRoutes } from './routes.js';
import { callbackUrl, createFederationService } from './service.js';
import { createSimulator } from './simulator/server.js';

addCatalogue('vi', vi);
addCatalogue('en', en);

export interface FederationDeps {
  db: Db;
  clock: Clock;
  audit: Audit;
  envelope: Envelope;
  /** The current master key; the CCCD index key is derived from it (as in assurance-service.ts). */
  masterKey: Buffer;
  logger: Logger;
  config: Pick<Config, 'federation' | 'isProduction'>;
  cookies: CookiePolicy;
}

/**
 * Sign-in with the national e-ID (VNeID) and the national public-service portal's SSO, as an OpenID
 * Connect relying party. Outside production, VNeID defaults to the simulator mounted at /dev/vneid.
 */
export function createFederation(deps: FederationDeps) {
  const { federation } = deps.config;
  const parties = new Map<ProviderName, RelyingParty>();
  for (const name of PROVIDER_NAMES) {
    const p = federation[name];
    if (!p.issuer || !p.clientId || !(p.clientSecret || p.clientPrivateKey)) continue;
    parties.set(
      name,
      relyingParty({
        name,
        issuer: p.issuer,
        clientId: p.clientId,
        clientSecret: p.clientSecret,
        clientPrivateKey: p.clientPrivateKey,
        idClaim: p.idClaim,
        levelClaim: p.levelClaim,
      }),
    );
  }
  const simulator =
    federation.simulator && !deps.config.isProduction && federation.vneid.issuer
      ? createSimulator({
          issuer: federation.vneid.issuer,
          clientId: federation.vneid.clientId!,
          client: federation.vneid.clientPrivateKey
            ? { privateKey: federation.vneid.clientPrivateKey }
            : { secret: federation.vneid.clientSecret! },
          redirectUri: callbackUrl(federation.publicUrl, 'vneid'),
          idClaim: federation.vneid.idClaim,
          levelClaim: federation.vneid.levelClaim,
        })
      : null;
  const service = createFederationService({ ...deps, publicUrl: federation.publicUrl, parties });
  return {
    /** Providers that are configured (the login page shows a button for each). */
    providers: service.providers,
    jobs: federationJobs(deps),
    async register(app: App) {
      if (simulator) await (await simulator).register(app);
      await app.register(federationRoutes(service, deps.cookies));
    },
  };
}
