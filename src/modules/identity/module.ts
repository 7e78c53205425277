import cookie from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/auth/actor.js';
import type { App } from '../../platform/http/app.js';
import { addCatalogue } from '../../platform/i18n/i18n.js';
import type { Jobs } from '../../platform/jobs/jobs.js';
import en from './i18n/en.json' with { type: 'json' };
import vi from './i18n/vi.json' with { type: 'json' };
import { defineIdentityJobs } from './jobs.js';
import { type CookiePolicy, identityRoutes, sessionTokenOf } from './routes.js';
import { createIdentityService, type IdentityDeps } from './service.js';

export { hashPassword } from './passwords.js';
export { DEMO_STAFF_PASSWORD, type DemoLogin, seedDemoAccounts } from './seed.js';

addCatalogue('vi', vi);
addCatalogue('en', en);

export interface IdentityApi {
  exists(accountId: string): Promise<boolean>;
}

export function createIdentityModule(deps: IdentityDeps & { cookies: CookiePolicy }) {
  const service = createIdentityService(deps);
  return {
    api: { exists: service.exists } satisfies IdentityApi,
    /** The actor behind the request's session cookie (anonymous without one). */
    async resolveActor(req: FastifyRequest): Promise<Actor> {
      req.identitySession = await service.resolveSession(sessionTokenOf(req));
      return service.actorFor(req.identitySession);
    },
    csrf: {
      async expectedToken(req: FastifyRequest) {
        return req.identitySession?.session.csrf_token ?? null;
      },
    },
    defineJobs(jobs: Jobs) {
      defineIdentityJobs(jobs, deps);
    },
    async register(app: App) {
      await app.register(cookie);
      app.decorateRequest('identitySession', null);
      await app.register(identityRoutes(service, deps.cookies));
    },
  };
}
