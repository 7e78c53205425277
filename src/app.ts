import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { createProviders } from './adapters/index.js';
import { type ModuleApis, modules } from './modules/index.js';
import { createAudit } from './platform/audit/audit.js';
import { defineAuditJobs } from './platform/audit/jobs.js';
import { registerCalendar } from './platform/calendar/routes.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { registerCrypto } from './platform/crypto/crypto.js';
import type { Db } from './platform/db/db.js';
import { createEvents } from './platform/events/create-events.js';
import { createHttpApp } from './platform/http/app.js';
import { registerInternalRoutes } from './platform/http/internal.js';
import { registerOperationalRoutes } from './platform/http/operational.js';
import { registerWebRoutes } from './platform/http/web.js';
import { createJobs } from './platform/jobs/create-jobs.js';
import { type ModuleInstance, moduleApis, type PlatformServices } from './platform/module-contract.js';
import { createNotify } from './platform/notify/create-notify.js';
import type { HttpFetch } from './platform/notify/ports.js';
import { createFileStore } from './platform/storage/create-file-store.js';
import { demoLoginsForBanner } from './seed.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packageVersion: string = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version;

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
  const events = createEvents({ jobs, clock, logger });
  const storage = createFileStore(config);

  registerOperationalRoutes(app, db, { token: config.metricsToken, isProduction: config.isProduction });
  if (deps.internalToken) registerInternalRoutes(app, { db, token: deps.internalToken });
  const crypto = await registerCrypto(app, { config, db, logger, clock });
  const providers = createProviders({
    db,
    config,
    clock,
    logger,
    envelope: crypto.envelope,
    ...(deps.providerFetch ? { fetch: deps.providerFetch } : {}),
  });
  const notify = createNotify({ db, jobs, config, clock, logger, envelope: crypto.envelope, providers });
  notify.register(app);

  const platform: PlatformServices = {
    config,
    db,
    logger,
    clock,
    audit,
    jobs,
    events,
    notify,
    crypto,
    storage,
  };
  const { apis, provide } = moduleApis<ModuleApis>();
  const instances: Array<ModuleInstance<unknown>> = [];
  for (const m of modules) {
    const instance = await m.create({ ...platform, modules: apis });
    provide(m.name, instance.api);
    instances.push(instance);
  }
  for (const instance of instances) await instance.register(app);
  const calendar = await registerCalendar(app, { db, audit, clock, workdayCutoff: config.workdayCutoff });

  defineAuditJobs(jobs, { db, logger });
  for (const definition of instances.flatMap((i) => i.events ?? [])) events.defineEvent(definition);
  modules.forEach((m, i) => {
    const on = instances[i]?.on;
    if (on) events.subscribe(m.name, on);
  });
  for (const job of instances.flatMap((i) => i.jobs ?? [])) {
    jobs.define(job);
    if (job.cron) await jobs.schedule(job.name, job.cron);
  }
  await jobs.start();

  await registerWebRoutes(app, path.join(root, 'web', 'dist'));
  await app.ready();
  return {
    app,
    clock,
    audit,
    jobs,
    events,
    storage,
    crypto,
    notify,
    calendar,
    directory: apis.directory,
    identity: apis.identity,
    demoLogins: () =>
      config.isProduction
        ? []
        : [...demoLoginsForBanner(), ...instances.flatMap((i) => i.demoLogins?.() ?? [])],
    async close() {
      await jobs.stop({ graceMs: config.shutdownGraceMs });
    },
  };
}
