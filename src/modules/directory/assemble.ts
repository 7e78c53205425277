import { systemActor } from '../../platform/auth/actor.js';
import type { App } from '../../platform/http/app.js';
import { addCatalogue } from '../../platform/i18n/i18n.js';
import type { DirectoryApi } from './api.js';
import en from './i18n/en.json' with { type: 'json' };
import vi from './i18n/vi.json' with { type: 'json' };
import { registerDirectoryRoutes } from './routes.js';
import { createDirectoryService, type DirectoryDeps } from './service.js';

addCatalogue('vi', vi);
addCatalogue('en', en);

/** The directory from explicit dependencies (tests pass fakes); `create(ctx)` in module.ts is the usual way in. */
export function createDirectoryModule(deps: DirectoryDeps) {
  const service = createDirectoryService(deps);
  const api: DirectoryApi = {
    rolesOf: (accountId, sql) => service.rolesOf(accountId, sql),
    rolesAt: (agencyId, sql) => service.rolesAt(agencyId, sql),
    rolesOfAll: (accountIds, sql) => service.rolesOfAll(accountIds, sql),
    getUnit: (code, sql) => service.findUnit(code, sql),
    getAgency: (id, sql) => service.findAgency(id, sql),
    listUnits: (sql) => service.allUnits(sql),
    searchMappings: async (q) => (await service.listMappings({ q, limit: 50 })).items,
    ensureRole: (tx, grant, by = systemActor('seed')) => service.ensureRole(tx, grant, by),
  };
  return {
    api,
    register(app: App): void {
      registerDirectoryRoutes(app, service);
    },
  };
}
