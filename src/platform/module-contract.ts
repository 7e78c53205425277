import type { Logger } from 'pino';
import type { Audit } from './audit/audit.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Crypto } from './crypto/crypto.js';
import type { Db } from './db/db.js';
import type { EventDefinition, EventHandlers, Events } from './events/events.js';
import type { App } from './http/app.js';
import type { JobDefinition, Jobs } from './jobs/jobs.js';
import type { Notify } from './notify/notify.js';
import type { FileStore } from './storage/storage.js';

/** What every module stands on; built once by the composition root (src/app.ts). */
export interface PlatformServices {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
  audit: Audit;
  jobs: Jobs;
  events: Events;
  notify: Notify;
  crypto: Crypto;
  storage: FileStore;
}

/**
 * A module's view of the system: the platform, plus the apis of the modules it names in `Needs`.
 * Another module's api may be used from handlers, jobs and event listeners — not while `create` runs,
 * since modules that need each other are created one after the other.
 */
export type ModuleContext<Needs extends object = Record<never, never>> = PlatformServices & {
  modules: Needs;
};

/** A durable job of a module; with `cron` it also runs on that schedule (Asia/Ho_Chi_Minh). */
export type ModuleJob = JobDefinition & { cron?: string };

/** A line of the start banner outside production (demo logins). */
export interface BannerLogin {
  role: string;
  login: string;
  password?: string;
}

/** What a module's `create(ctx)` returns. */
export interface ModuleInstance<Api> {
  /** The questions other modules may ask it (its `module.ts` exports the type). */
  api: Api;
  /** Its routes and request hooks. */
  register(app: App): void | Promise<void>;
  jobs?: ModuleJob[];
  /** The events it emits (listed in docs/events.md); defined before any module subscribes. */
  events?: EventDefinition[];
  /** Its listeners, by event name: each runs as a durable job of this module, at least once. */
  on?: EventHandlers;
  /** Demo logins for the start banner (never called in production). */
  demoLogins?(): BannerLogin[];
}

export interface ModuleDefinition<Api = unknown> {
  /** The key other modules use in `ctx.modules`. */
  name: string;
  // biome-ignore lint/suspicious/noExplicitAny: each module declares its own needs; the list is checked by src/modules/index.ts
  create(ctx: ModuleContext<any>): ModuleInstance<Api> | Promise<ModuleInstance<Api>>;
}

/**
 * The apis of every module by name. A module asked for before it exists gets a stand-in that forwards each
 * call to the real api once it does, so two modules may need each other without hand-written closures.
 */
export function moduleApis<T extends object>(): { apis: T; provide(name: string, api: unknown): void } {
  const created = new Map<string, unknown>();
  const later = (name: string) =>
    new Proxy(
      {},
      {
        get: (_, key) => {
          if (typeof key === 'symbol' || key === 'then') return undefined;
          return (...args: unknown[]) => {
            const api = created.get(name) as Record<string, (...a: unknown[]) => unknown> | undefined;
            if (!api) throw new Error(`module "${name}" is not in src/modules/index.ts`);
            const member = api[key];
            if (typeof member !== 'function')
              throw new Error(`module "${name}" has no api function "${key}"`);
            return member.apply(api, args);
          };
        },
      },
    );
  const apis = new Proxy({} as T, {
    get: (_, name) => (typeof name === 'string' ? (created.get(name) ?? later(name)) : undefined),
  });
  return {
    apis,
    provide(name, api) {
      created.set(name, api);
    },
  };
}
