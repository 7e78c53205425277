import { registerActorResolution } from '../../platform/auth/plugin.js';
import type { ModuleContext, ModuleInstance } from '../../platform/module-contract.js';
import type { DirectoryApi } from '../directory/module.js';
import { createIdentityModule } from './assemble.js';
import { oldAddressMapper } from './assurance/old-address.js';
import { createFederation } from './federation/setup.js';
import { createOidcModule, seedDemoClient } from './oidc/setup.js';

export {
  DEMO_STAFF_PASSWORD,
  DEMO_STAFF_TOTP_SECRET,
  demoStaffCode,
  seedDemoAccounts,
} from './accounts/seed.js';

/** What other modules may ask identity. */
export interface IdentityApi {
  /** True only for a staff account: roles are never given to citizens. */
  isStaff(accountId: string): Promise<boolean>;
  findStaffIdByEmail(email: string): Promise<string | null>;
  describe(accountIds: string[]): Promise<Map<string, { fullName: string; email: string | null }>>;
}

type Directory = Pick<
  DirectoryApi,
  'rolesOf' | 'rolesAt' | 'rolesOfAll' | 'getAgency' | 'getUnit' | 'searchMappings'
>;

/**
 * Accounts, sessions and every way in (phone codes, e-mail, passwords and authenticator apps, staff sign-in,
 * assisted sessions, CCCD assurance, national e-ID federation) and the OpenID Provider
 * "Đăng nhập bằng Công dân số". Resolves the actor of every request. Needs the directory for staff roles.
 */
export async function create(
  ctx: ModuleContext<{ directory: Directory }>,
): Promise<ModuleInstance<IdentityApi>> {
  const { config, db, clock, audit, crypto, notify, logger } = ctx;
  const directory = ctx.modules.directory;
  const cookies = { secure: config.publicUrl.startsWith('https://') };
  const grantsOf = (accountId: string) => directory.rolesOf(accountId);
  const masterKey = crypto.masterKeys.current.key;

  const identity = createIdentityModule({
    db,
    clock,
    audit,
    cookies,
    grantsOf,
    staffDirectory: {
      agencyExists: async (agencyId) => (await directory.getAgency(agencyId)) !== null,
      rolesAt: (agencyId) => directory.rolesAt(agencyId),
      rolesOfAll: (accountIds) => directory.rolesOfAll(accountIds),
    },
    envelope: crypto.envelope,
    notify,
    otp: { notify, masterKey, policy: config.otp, publicUrl: config.publicUrl },
    assisted: {
      ...config.assisted,
      placeOf: async (agencyId, wardCode) => ({
        agency: await directory.getAgency(agencyId).then((a) => (a ? (a.shortName ?? a.name) : null)),
        ward: wardCode ? ((await directory.getUnit(wardCode))?.name ?? null) : null,
      }),
    },
    assurance: { masterKey, mapOldAddress: oldAddressMapper((q) => directory.searchMappings(q)) },
  });
  const federation = createFederation({
    db,
    clock,
    audit,
    envelope: crypto.envelope,
    masterKey,
    logger,
    config,
    cookies,
  });
  const oidc = await createOidcModule({
    db,
    clock,
    audit,
    crypto,
    logger,
    cookies,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    grantsOf,
    notify,
  });
  const demoClient =
    config.demoSeed && !config.isProduction
      ? await db.tx((tx) => seedDemoClient(tx, crypto.envelope, clock.now()))
      : null;

  return {
    api: identity.api,
    async register(app) {
      registerActorResolution(app, (req) => identity.resolveActor(req), identity.csrf);
      await identity.register(app);
      await federation.register(app);
      // After identity.register: the provider's pages read the session cookie.
      await oidc.register(app);
    },
    jobs: [...identity.jobs, ...federation.jobs, ...oidc.jobs],
    demoLogins: () =>
      demoClient
        ? [
            {
              role: 'OIDC demo client (client_id / secret)',
              login: demoClient.clientId,
              password: demoClient.clientSecret,
            },
          ]
        : [],
  };
}
