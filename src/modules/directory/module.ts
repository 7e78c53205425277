import type { ModuleContext, ModuleInstance } from '../../platform/module-contract.js';
import type { DirectoryApi } from './api.js';
import { createDirectoryModule } from './assemble.js';
import type { StaffAccounts } from './service.js';

export { currentCatalogueVersion } from './schema.js';
export {
  seedDirectory,
  seedStaffRoles,
} from './seed.js';
export type { DirectoryApi };

/** Admin units, the old→new mapping, agencies and staff roles. Needs identity for the people behind roles. */
export function create(ctx: ModuleContext<{ identity: StaffAccounts }>): ModuleInstance<DirectoryApi> {
  return createDirectoryModule({
    db: ctx.db,
    clock: ctx.clock,
    audit: ctx.audit,
    accounts: ctx.modules.identity,
  });
}
