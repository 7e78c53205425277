import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Crypto } from '../../../platform/crypto/crypto.js';
import type { App } from '../../../platform/http/app.js';
import { addCatalogue } from '../../../platform/i18n/i18n.js';
import type { Notify } from '../../../platform/notify/notify.js';
import { createIdentityService, type IdentityDeps } from '../accounts/service.js';
import { type CookiePolicy, SESSION_COOKIE } from '../accounts/session-cookie.js';
import { createSecurityNotices } from '../security/notices.js';
import { createSecurityService } from '../security/service.js';
import { createStaffLoginService } from '../staff/login/service.js';
import { createOidcStorage } from './adapter.js';
import { clientsRoutes } from './clients/routes.js';
import { createClientsService, findClient, providerMetadata } from './clients/service.js';
import consentsEn from './consents/i18n/en.json' with { type: 'json' };
import consentsVi from './consents/i18n/vi.json' with { type: 'json' };
import { consentsRoutes } from './consents/routes.js';
import { createConsentsService } from './consents/service.js';
import en from './i18n/en.json' with { type: 'json' };
import vi from './i18n/vi.json' with { type: 'json' };
import { interactionRoutes } from './interactions.js';
import { oidcJobs } from './jobs.js';
import { cookieKeys } from './keys.js';
import { createProvider, mountProvider, OIDC_PREFIX, providerForKeys } from './provider.js';

export { DEMO_CLIENT_ID, demoClientSecret, seedDemoClient } from './seed.js';

addCatalogue('vi', vi);
addCatalogue('en', en);
addCatalogue('vi', consentsVi);
addCatalogue('en', consentsEn);

export interface OidcDeps extends IdentityDeps {
  crypto: Crypto;
  logger: Logger;
  /** PUBLIC_URL; the issuer is `${publicUrl}/oidc`. */
  publicUrl: string;
  trustProxy: boolean;
  cookies: CookiePolicy;
  /** Enables notices to the person's inbox when they give or withdraw a consent. */
  notify?: Notify;
}

/**
 * "Đăng nhập bằng Công dân số": an OpenID Provider at /oidc, its login and consent pages, and the
 * admin API for the clients allowed to use it.
 */
export async function createOidcModule(deps: OidcDeps) {
  const { db, clock, crypto } = deps;
  const notices = deps.notify ? createSecurityNotices({ notify: deps.notify, clock }) : undefined;
  const identity = createIdentityService(deps);
  const staffLogin = createStaffLoginService({
    ...deps,
    identity,
    security: createSecurityService({ ...deps, envelope: crypto.envelope }),
  });
  const storage = createOidcStorage(db, clock, {
    find: async (clientId) => providerMetadata(crypto.envelope, await findClient(db, clientId)),
  });
  const clients = createClientsService({ db, clock, audit: deps.audit, envelope: crypto.envelope });

  // The platform session cookie authenticates nothing on the provider's endpoints (they have their own
  // cookies and client authentication), so it is taken out of actor resolution there: standard OAuth
  // requests cannot carry the platform's CSRF header. The interaction pages read it from here.
  const hidden = new WeakMap<object, string>();
  const hideCookie = (req: FastifyRequest) => {
    const token = req.cookies?.[SESSION_COOKIE];
    if (token === undefined) return;
    hidden.set(req.raw, token);
    delete req.cookies[SESSION_COOKIE];
  };

  const issuer = `${deps.publicUrl}${OIDC_PREFIX}`;
  const provider = providerForKeys(crypto.keyring, (jwks) =>
    createProvider({
      issuer,
      db,
      storage,
      jwks,
      cookieKeys: cookieKeys(crypto.masterKeys),
      unsealCccd: (sealed, accountId) =>
        crypto.envelope.decrypt(Buffer.from(sealed, 'base64'), accountId).toString('utf8'),
      trustProxy: deps.trustProxy,
      logger: deps.logger,
      async onClaimsReleased({ accountId, clientId, claims }) {
        // A client reading a person's data is logged like any other read by someone else.
        await db.tx((tx) =>
          deps.audit.record(tx, {
            actor: { kind: 'client', clientId, scopes: [] },
            action: 'identity.claims_released',
            targetType: 'account',
            targetId: accountId,
            data: { clientId, claims },
          }),
        );
      },
      async onLogout(ctx) {
        const token = hidden.get(ctx.req);
        const resolved = await identity.resolveSession(token);
        if (resolved) await identity.logout(await identity.actorFor(resolved));
        if (token !== undefined) {
          ctx.cookies.set(SESSION_COOKIE, null, {
            path: '/',
            httpOnly: true,
            sameSite: 'lax',
            signed: false,
          });
        }
      },
    }),
  );
  await provider.current();

  const consents = createConsentsService({ db, clock, audit: deps.audit, storage, provider, notices });

  return {
    issuer,
    provider,
    clients,
    jobs: oidcJobs({ storage, clock }),
    async register(app: App) {
      await app.register(mountProvider(provider, hideCookie));
      await app.register(
        interactionRoutes({
          provider,
          storage,
          identity,
          staffLogin,
          db,
          clock,
          audit: deps.audit,
          notices,
          cookies: deps.cookies,
          sessionToken: (req) => hidden.get(req.raw),
          hideCookie,
        }),
      );
      await app.register(clientsRoutes(clients));
      await app.register(consentsRoutes(consents));
    },
  };
}
