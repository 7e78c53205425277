import type { ModuleDefinition } from '../platform/module-contract.js';
import * as directory from './directory/module.js';
import * as identity from './identity/module.js';

/**
 * Every module, in the order they are created and their routes registered. Identity comes first: it
 * resolves the actor of every request. Adding a module is one folder with a `module.ts` and one line here.
 */
export const modules = [
  { name: 'identity', create: identity.create },
  { name: 'directory', create: directory.create },
] as const satisfies readonly ModuleDefinition[];

/** The api of each module by name (`ctx.modules` in a module's `create`). */
export interface ModuleApis {
  identity: identity.IdentityApi;
  directory: directory.DirectoryApi;
}
