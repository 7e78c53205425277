import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from 'pino';
import { type Clock, systemClock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import type { Db } from './platform/db/db.js';
import { createHttpApp } from './platform/http/app.js';
import { registerOperationalRoutes } from './platform/http/operational.js';
import { registerWebRoutes } from './platform/http/web.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const packageVersion: string = JSON.parse(
  fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
).version;

export interface AppDeps {
  config: Config;
  db: Db;
  logger: Logger;
  clock?: Clock;
}

/** The composition root: platform services, then every module, then the web UI. */
export async function buildApp(deps: AppDeps) {
  const clock = deps.clock ?? systemClock;
  const app = await createHttpApp({ config: deps.config, logger: deps.logger, version: packageVersion });
  registerOperationalRoutes(app, deps.db);

  await registerWebRoutes(app, path.join(root, 'web', 'dist'));
  await app.ready();
  return { app, clock };
}
