import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { createDirectoryModule } from './modules/directory/module.js';
import { createFederation } from './modules/identity/federation/module.js';
import { createIdentityModule, oldAddressMapper } from './modules/identity/module.js';
import { createOidcModule, seedDemoClient } from './modules/identity/oidc/module.js';
import { createAudit } from './platform/audit/audit.js';
import { defineAuditJobs } from './platform/audit/jobs.js';
import { registerActorResolution } from './platform/auth/plugin.js';
import { registerCalendar } from './platform/calendar/routes.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { registerCrypto } from './platform/crypto/crypto.js';
import type { Db } from './platform/db/db.js';
import { createHttpApp } from './platform/http/app.js';
import { registerInternalRoutes } from './platform/http/internal.js';
import { registerOperationalRoutes } from './platform/http/operational.js';
import { registerWebRoutes } from './platform/http/web.js';
import { createJobs } from './platform/jobs/create-jobs.js';
import { createNotify } from './platform/notify/create-notify.js';
import type { HttpFetch } from './platform/notify/ports.js';
import { createFileStore } from './platform/storage/create-file-store.js';
import { demoLoginsForBanner } from './seed.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const packageVersion: string = JSON.parse(
  fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
).version;

export interface AppDeps {
  config: Config;
  db: Db;
  logger: Logger;
  clock?: Clock;
  /** Process name in the job registry (`serve` by default). */
  instanceName?: string;
  /** Enables the loopback CLI routes (`serve` on the embedded database). */
  internalToken?: string;
  /** HTTP client for provider adapters (tests route the simulators through `app.inject`). */
  providerFetch?: HttpFetch;
}

/** The composition root: platform services, then every module, then the web UI. */
export async function buildApp(deps: AppDeps) {
  const { config, db, logger } = deps;
  const clock = deps.clock ?? systemClock;
  const app = await createHttpApp({ config, logger, version: packageVersion });
  const audit = createAudit({ clock });
  const jobs = createJobs({ db, logger, clock, instanceName: deps.instanceName ?? 'serve' });
  const storage = createFileStore(config);

  registerOperationalRoutes(app, db, { token: config.metricsToken, isProduction: config.isProduction });
  if (deps.internalToken) registerInternalRoutes(app, { db, token: deps.internalToken });
  const crypto = await registerCrypto(app, { config, db, logger, clock });
  const notify = createNotify({
    db,
    jobs,
    config,
    clock,
    logger,
    envelope: crypto.envelope,
    ...(deps.providerFetch ? { fetch: deps.providerFetch } : {}),
  });
  notify.register(app);

  // identity and directory need each other (roles of a staff account / does an account exist),
  // so each gets a late-bound function rather than the other module itself.
  const identity = createIdentityModule({
    db,
    clock,
    audit,
    cookies: { secure: config.publicUrl.startsWith('https://') },
    grantsOf: (accountId) => directory.api.rolesOf(accountId),
    staffDirectory: {
      agencyExists: async (agencyId) => (await directory.api.getAgency(agencyId)) !== null,
      rolesAt: (agencyId) => directory.api.rolesAt(agencyId),
      rolesOfAll: (accountIds) => directory.api.rolesOfAll(accountIds),
    },
    envelope: crypto.envelope,
    notify,
    otp: {
      notify,
      masterKey: crypto.masterKeys.current.key,
      policy: config.otp,
      publicUrl: config.publicUrl,
    },
    assisted: {
      ...config.assisted,
      placeOf: async (agencyId, wardCode) => ({
        agency: await directory.api.getAgency(agencyId).then((a) => (a ? (a.shortName ?? a.name) : null)),
        ward: wardCode ? ((await directory.api.getUnit(wardCode))?.name ?? null) : null,
      }),
    },
    assurance: {
      masterKey: crypto.masterKeys.current.key,
      mapOldAddress: oldAddressMapper((q) => directory.api.searchMappings(q)),
    },
  });
  const directory = createDirectoryModule({ db, clock, audit, accounts: identity.api });

  registerActorResolution(app, (req) => identity.resolveActor(req), identity.csrf);
  await identity.register(app);
  const federation = createFederation({
    db,
    clock,
    audit,
    envelope: crypto.envelope,
    masterKey: crypto.masterKeys.current.key,
    logger,
    config,
    cookies: { secure: config.publicUrl.startsWith('https://') },
  });
  await federation.register(app);
  directory.register(app);
  // After identity.register: the provider's pages read the session cookie.
  const oidc = await createOidcModule({
    db,
    clock,
    audit,
    crypto,
    logger,
    cookies: { secure: config.publicUrl.startsWith('https://') },
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    grantsOf: (accountId) => directory.api.rolesOf(accountId),
    notify,
  });
  await oidc.register(app);
  const demoClient =
    config.demoSeed && !config.isProduction
      ? await db.tx((tx) => seedDemoClient(tx, crypto.envelope, clock.now()))
      : null;
  const calendar = await registerCalendar(app, { db, audit, clock, workdayCutoff: config.workdayCutoff });

  defineAuditJobs(jobs, { db, logger });
  identity.defineJobs(jobs);
  federation.defineJobs(jobs);
  oidc.defineJobs(jobs);
  await jobs.start();

  await registerWebRoutes(app, path.join(root, 'web', 'dist'));
  await app.ready();
  return {
    app,
    clock,
    audit,
    jobs,
    storage,
    crypto,
    notify,
    calendar,
    directory: directory.api,
    identity: identity.api,
    demoLogins: () =>
      config.isProduction
        ? []
        : [
            ...demoLoginsForBanner(),
            ...(demoClient
              ? [
                  {
                    role: 'OIDC demo client (client_id / secret)',
                    login: demoClient.clientId,
                    password: demoClient.clientSecret,
                  },
                ]
              : []),
          ],
    async close() {
      await jobs.stop({ graceMs: config.shutdownGraceMs });
    },
  };
}

export type AppRuntime = Awaited<ReturnType<typeof buildApp>>;
