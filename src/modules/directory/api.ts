import type { Actor, RoleGrant, StaffRole } from '../../platform/auth/actor.js';
import type { Sql, Tx } from '../../platform/db/db.js';
import type { AgencyView, MappingView, UnitView } from './schema.js';

/**
 * What other modules may ask the directory. Pass `sql` (your transaction) when calling from inside one:
 * on the embedded engine a query on the outer handle would wait for that transaction.
 */
export interface DirectoryApi {
  /** Active role grants of a staff account. */
  rolesOf(accountId: string, sql?: Sql): Promise<RoleGrant[]>;
  /** Active role grants held at an agency, with their holders. */
  rolesAt(agencyId: string, sql?: Sql): Promise<Array<RoleGrant & { accountId: string }>>;
  /** Active role grants of several accounts (every id is a key; no grants = empty list). */
  rolesOfAll(accountIds: string[], sql?: Sql): Promise<Map<string, RoleGrant[]>>;
  /** A unit of the current catalogue (`48` = the city, 5 digits = commune level), or null. */
  getUnit(code: string, sql?: Sql): Promise<UnitView | null>;
  getAgency(id: string, sql?: Sql): Promise<AgencyView | null>;
  /** The city first, then every commune-level unit by code. */
  listUnits(sql?: Sql): Promise<UnitView[]>;
  /** Old (pre-2025) units whose name matches `q`, with the new unit each went into (best first, ≤ 50). */
  searchMappings(q: string): Promise<MappingView[]>;
  /**
   * Grants a role inside your transaction unless the same active grant exists (demo seed, provisioning);
   * audited as `directory.role_granted` by `by` (default `system:seed`). Agencies by code, e.g. `48-UBND-20242`.
   */
  ensureRole(
    tx: Tx,
    grant: { accountId: string; agencyCode: string; role: StaffRole; wardCode?: string | null },
    by?: Actor,
  ): Promise<{ id: string; created: boolean }>;
}
