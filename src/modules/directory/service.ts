import { uuidv7 } from 'uuidv7';
import type { Audit } from '../../platform/audit/audit.js';
import {
  type Actor,
  actorRef,
  isCityAdmin,
  type RoleGrant,
  requireStaff,
  type StaffRole,
} from '../../platform/auth/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db, Sql, Tx } from '../../platform/db/db.js';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.js';
import { DomainError, invalidField, notFound } from '../../platform/http/errors.js';
import * as repo from './repo.js';
import {
  type AgencyListQuery,
  type AgencyView,
  type CreateAgencyBody,
  currentCatalogueVersion,
  type GrantRoleBody,
  type MappingListQuery,
  type MappingView,
  type StaffRoleName,
  type StaffRoleView,
  type UnitDetailView,
  type UnitListQuery,
  type UnitView,
  type UpdateAgencyBody,
} from './schema.js';

// The HTTP enum and the platform's role list must stay the same set.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const rolesMatch: Same<StaffRole, typeof StaffRoleName._output> = true;
void rolesMatch;

export interface DirectoryDeps {
  db: Db;
  clock: Clock;
  audit: Audit;
  /** Provided by the identity module. */
  accounts: StaffAccounts;
  catalogueVersion?: string;
}

export interface StaffAccounts {
  /** True only for a staff account (roles are never given to citizens). */
  isStaff(accountId: string): Promise<boolean>;
  /** The staff account with this (lower-cased) work e-mail, if any. */
  findStaffIdByEmail(email: string): Promise<string | null>;
  describe(accountIds: string[]): Promise<Map<string, { fullName: string; email: string | null }>>;
}

/** Who calls, and the request id for the audit trail. */
export interface Caller {
  actor: Actor;
  requestId?: string | undefined;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

const isPosition = (v: readonly unknown[]): v is repo.Position =>
  v.length === 3 && Number.isInteger(v[0]) && typeof v[1] === 'string' && typeof v[2] === 'string';
const positionAfter = (cursor: string | undefined) =>
  decodeCursor(cursor, isPosition, 'directory.bad_cursor');

function page<R, T>(rows: R[], limit: number, view: (r: R) => T, position: (r: R) => repo.Position): Page<T> {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map(view),
    nextCursor: rows.length > limit && last ? encodeCursor(position(last)) : null,
  };
}

/** NFC + trim; an empty query means "no query". */
function searchText(q: string | undefined): string | null {
  const text = q?.normalize('NFC').trim();
  return text ? text : null;
}

export function toUnitView(r: repo.UnitRow): UnitView {
  return {
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    type: r.type,
    provinceCode: r.province_code,
    catalogueVersion: r.catalogue_version,
  };
}

function toMappingView(r: repo.MappingRow): MappingView {
  return {
    catalogueVersion: r.catalogue_version,
    old: {
      code: r.old_code,
      name: r.old_name,
      level: r.old_level,
      district:
        r.old_district_code && r.old_district_name
          ? { code: r.old_district_code, name: r.old_district_name }
          : null,
      province: { code: r.old_province_code, name: r.old_province_name },
    },
    new: { code: r.new_code, name: r.new_name ?? r.new_code },
    kind: r.kind,
    note: r.note,
    isPartial: r.is_partial,
    resolution: r.is_partial ? 'manual' : 'automatic',
  };
}

function toAgencyView(r: repo.AgencyRow): AgencyView {
  return {
    id: r.id,
    code: r.code,
    codeScheme: r.code_scheme,
    name: r.name,
    shortName: r.short_name,
    type: r.type,
    parentId: r.parent_id,
    unitCode: r.unit_code,
    contact: { address: r.address, phone: r.phone, email: r.email, website: r.website, hours: r.hours },
    updatedAt: new Date(r.updated_at).toISOString(),
  };
}

function toRoleView(
  r: repo.StaffRoleRow,
  account: { fullName: string; email: string | null } | null = null,
): StaffRoleView {
  return {
    id: r.id,
    accountId: r.account_id,
    agencyId: r.agency_id,
    role: r.role as StaffRole,
    wardCode: r.ward_code,
    account,
    grantedBy: r.granted_by,
    grantedAt: new Date(r.granted_at).toISOString(),
    revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
  };
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

export function createDirectoryService(deps: DirectoryDeps) {
  const { db, clock, audit } = deps;
  const catalogueVersion = deps.catalogueVersion ?? currentCatalogueVersion;

  async function requireUnit(sql: Sql, code: string, pointer: string, options: { communeLevel: boolean }) {
    const unit = await repo.findUnit(sql, catalogueVersion, code);
    if (!unit || (options.communeLevel && unit.type === 'city')) {
      throw invalidField(pointer, 'directory.unit_unknown', { code });
    }
    return unit;
  }

  /**
   * Which staff roles of `agencyId` the actor may manage: all (null) or those of some wards. An agency
   * admin elsewhere gets the same 404 as for a missing agency: foreign agencies are invisible.
   */
  function roleScope(actor: Actor, agencyId: string): { wardCodes: string[] | null } {
    if (isCityAdmin(actor)) return { wardCodes: null };
    const { grants } = requireStaff(actor, ['agency_admin']);
    const here = grants.filter((g) => g.role === 'agency_admin' && g.agencyId === agencyId);
    if (!here.length) throw notFound('directory.agency_not_found', { id: agencyId });
    if (here.some((g) => g.wardCode === null)) return { wardCodes: null };
    return { wardCodes: here.map((g) => g.wardCode!) };
  }

  async function requireAgency(sql: Sql, id: string, lock = false): Promise<repo.AgencyRow> {
    const agency = lock ? await repo.lockAgency(sql, id) : await repo.findAgency(sql, id);
    if (!agency) throw notFound('directory.agency_not_found', { id });
    return agency;
  }

  return {
    catalogueVersion,

    async listUnits(query: UnitListQuery): Promise<Page<UnitView>> {
      const after = positionAfter(query.cursor);
      const rows = await repo.searchUnits(db, {
        catalogueVersion,
        q: searchText(query.q),
        type: query.type ?? null,
        after,
        limit: query.limit + 1,
      });
      return page(rows, query.limit, toUnitView, (r) => [r.score, r.code, '']);
    },

    async getUnit(code: string): Promise<UnitDetailView> {
      const unit = await repo.findUnit(db, catalogueVersion, code);
      if (!unit) throw notFound('directory.unit_not_found', { code });
      return { ...toUnitView(unit), boundary: unit.boundary ?? null };
    },

    async findUnit(code: string, sql: Sql = db): Promise<UnitView | null> {
      const unit = await repo.findUnit(sql, catalogueVersion, code);
      return unit ? toUnitView(unit) : null;
    },

    async allUnits(sql: Sql = db): Promise<UnitView[]> {
      return (await repo.listAllUnits(sql, catalogueVersion)).map(toUnitView);
    },

    async listMappings(query: MappingListQuery): Promise<Page<MappingView>> {
      const after = positionAfter(query.cursor);
      const rows = await repo.searchMappings(db, {
        catalogueVersion,
        q: searchText(query.q),
        oldCode: query.oldCode ?? null,
        newCode: query.newCode ?? null,
        after,
        limit: query.limit + 1,
      });
      return page(rows, query.limit, toMappingView, (r) => [r.score, r.old_code, r.new_code]);
    },

    async listAgencies(query: AgencyListQuery): Promise<Page<AgencyView>> {
      const after = positionAfter(query.cursor);
      const rows = await repo.searchAgencies(db, {
        q: searchText(query.q),
        type: query.type ?? null,
        unitCode: query.unitCode ?? null,
        parentId: query.parentId ?? null,
        after,
        limit: query.limit + 1,
      });
      return page(rows, query.limit, toAgencyView, (r) => [r.score, r.sort_key, r.id]);
    },

    async getAgency(id: string): Promise<AgencyView> {
      return toAgencyView(await requireAgency(db, id));
    },

    async findAgency(id: string, sql: Sql = db): Promise<AgencyView | null> {
      const agency = await repo.findAgency(sql, id);
      return agency ? toAgencyView(agency) : null;
    },

    async createAgency(caller: Caller, body: CreateAgencyBody): Promise<AgencyView> {
      requireStaff(caller.actor, ['city_admin']);
      return db.tx(async (tx) => {
        if (body.parentId) await requireParent(tx, body.parentId);
        if (body.unitCode) await requireUnit(tx, body.unitCode, '/body/unitCode', { communeLevel: false });
        if (await repo.agencyCodeTaken(tx, body.code, null)) {
          throw new DomainError('conflict', 'directory.agency_code_taken', { code: body.code });
        }
        const contact = body.contact ?? {};
        const row = await insertOrConflict(body.code, () =>
          repo.insertAgency(
            tx,
            {
              id: uuidv7(),
              code: body.code,
              code_scheme: body.codeScheme,
              name: body.name,
              short_name: body.shortName ?? null,
              type: body.type,
              parent_id: body.parentId ?? null,
              unit_code: body.unitCode ?? null,
              address: contact.address ?? null,
              phone: contact.phone ?? null,
              email: contact.email ?? null,
              website: contact.website ?? null,
              hours: contact.hours ?? null,
            },
            clock.now(),
          ),
        );
        await audit.record(tx, {
          actor: caller.actor,
          action: 'directory.agency_created',
          targetType: 'agency',
          targetId: row.id,
          requestId: caller.requestId,
          data: { code: row.code, type: row.type, parentId: row.parent_id, unitCode: row.unit_code },
        });
        return toAgencyView(row);
      });
    },

    async updateAgency(caller: Caller, id: string, body: UpdateAgencyBody): Promise<AgencyView> {
      requireStaff(caller.actor, ['city_admin']);
      return db.tx(async (tx) => {
        const current = await requireAgency(tx, id, true);
        if (body.parentId) {
          await requireParent(tx, body.parentId);
          if (await repo.isSelfOrDescendant(tx, id, body.parentId)) {
            throw invalidField('/body/parentId', 'directory.parent_cycle');
          }
        }
        if (body.unitCode) await requireUnit(tx, body.unitCode, '/body/unitCode', { communeLevel: false });
        if (body.code && body.code !== current.code && (await repo.agencyCodeTaken(tx, body.code, id))) {
          throw new DomainError('conflict', 'directory.agency_code_taken', { code: body.code });
        }
        const c = body.contact ?? {};
        const next: repo.AgencyWrite = {
          id,
          code: body.code ?? current.code,
          code_scheme: body.codeScheme ?? current.code_scheme,
          name: body.name ?? current.name,
          short_name: body.shortName === undefined ? current.short_name : body.shortName,
          type: body.type ?? current.type,
          parent_id: body.parentId === undefined ? current.parent_id : body.parentId,
          unit_code: body.unitCode === undefined ? current.unit_code : body.unitCode,
          address: c.address === undefined ? current.address : c.address,
          phone: c.phone === undefined ? current.phone : c.phone,
          email: c.email === undefined ? current.email : c.email,
          website: c.website === undefined ? current.website : c.website,
          hours: c.hours === undefined ? current.hours : c.hours,
        };
        const changed = (Object.keys(next) as Array<keyof repo.AgencyWrite>).filter(
          (k) => next[k] !== current[k],
        );
        if (!changed.length) return toAgencyView(current);
        const row = await insertOrConflict(next.code, () => repo.updateAgency(tx, next, clock.now()));
        await audit.record(tx, {
          actor: caller.actor,
          action: 'directory.agency_updated',
          targetType: 'agency',
          targetId: id,
          requestId: caller.requestId,
          data: { code: row.code, changed },
        });
        return toAgencyView(row);
      });
    },

    async listStaffRoles(
      caller: Caller,
      agencyId: string,
      includeRevoked: boolean,
    ): Promise<StaffRoleView[]> {
      const scope = roleScope(caller.actor, agencyId);
      await requireAgency(db, agencyId);
      const rows = await repo.listRoles(db, agencyId, { includeRevoked, wardCodes: scope.wardCodes });
      const people = await deps.accounts.describe([...new Set(rows.map((r) => r.account_id))]);
      return rows.map((r) => toRoleView(r, people.get(r.account_id) ?? null));
    },

    async grantRole(caller: Caller, agencyId: string, body: GrantRoleBody): Promise<StaffRoleView> {
      const scope = roleScope(caller.actor, agencyId);
      const wardCode = body.wardCode ?? null;
      if (body.role === 'city_admin' && !isCityAdmin(caller.actor)) {
        throw new DomainError('forbidden', 'directory.role_escalation', { role: body.role });
      }
      if (scope.wardCodes && (wardCode === null || !scope.wardCodes.includes(wardCode))) {
        throw new DomainError('forbidden', 'directory.ward_out_of_scope', { wardCode: wardCode ?? '' });
      }
      // Asked before the transaction: the identity module reads through its own handle.
      const accountId = body.email
        ? await deps.accounts.findStaffIdByEmail(body.email)
        : (await deps.accounts.isStaff(body.accountId!))
          ? body.accountId!
          : null;
      if (!accountId) {
        throw invalidField(body.email ? '/body/email' : '/body/accountId', 'directory.account_unknown');
      }
      const people = await deps.accounts.describe([accountId]);
      return db.tx(async (tx) => {
        await requireAgency(tx, agencyId, true);
        if (wardCode) await requireUnit(tx, wardCode, '/body/wardCode', { communeLevel: true });
        const grant = { accountId, agencyId, role: body.role, wardCode };
        const exists = () => new DomainError('conflict', 'directory.role_exists', { role: body.role });
        if (await repo.findActiveRole(tx, grant)) throw exists();
        const row = await repo
          .insertRole(tx, { id: uuidv7(), ...grant, grantedBy: actorRef(caller.actor) }, clock.now())
          .catch((err: unknown) => {
            throw isUniqueViolation(err) ? exists() : err;
          });
        await audit.record(tx, {
          actor: caller.actor,
          action: 'directory.role_granted',
          targetType: 'staff_role',
          targetId: row.id,
          requestId: caller.requestId,
          data: { accountId: row.account_id, agencyId, role: row.role, wardCode },
        });
        return toRoleView(row, people.get(accountId) ?? null);
      });
    },

    /** Revoking an already revoked role changes nothing and records nothing. */
    async revokeRole(caller: Caller, agencyId: string, roleId: string): Promise<void> {
      const scope = roleScope(caller.actor, agencyId);
      await db.tx(async (tx) => {
        const role = await repo.findRole(tx, agencyId, roleId);
        const visible = role && (!scope.wardCodes || scope.wardCodes.includes(role.ward_code ?? ''));
        if (!role || !visible) throw notFound('directory.role_not_found', { id: roleId });
        if (role.role === 'city_admin' && !isCityAdmin(caller.actor)) {
          throw new DomainError('forbidden', 'directory.role_escalation', { role: role.role });
        }
        if (role.revoked_at) return;
        await repo.revokeRole(tx, roleId, actorRef(caller.actor), clock.now());
        await audit.record(tx, {
          actor: caller.actor,
          action: 'directory.role_revoked',
          targetType: 'staff_role',
          targetId: roleId,
          requestId: caller.requestId,
          data: { accountId: role.account_id, agencyId, role: role.role, wardCode: role.ward_code },
        });
      });
    },

    /**
     * Seeding and provisioning inside the caller's transaction: grants the role unless an identical active
     * grant exists. The caller vouches that the account exists (it may have been created in this same tx).
     */
    async ensureRole(
      tx: Tx,
      grant: { accountId: string; agencyCode: string; role: StaffRole; wardCode?: string | null },
      by: Actor,
    ): Promise<{ id: string; created: boolean }> {
      const agency = await repo.findAgencyByCode(tx, grant.agencyCode);
      if (!agency) throw notFound('directory.agency_not_found', { id: grant.agencyCode });
      const wardCode = grant.wardCode ?? null;
      if (wardCode) await requireUnit(tx, wardCode, '/wardCode', { communeLevel: true });
      const wanted = { accountId: grant.accountId, agencyId: agency.id, role: grant.role, wardCode };
      const existing = await repo.findActiveRole(tx, wanted);
      if (existing) return { id: existing, created: false };
      const row = await repo.insertRole(
        tx,
        { id: uuidv7(), ...wanted, grantedBy: actorRef(by) },
        clock.now(),
      );
      await audit.record(tx, {
        actor: by,
        action: 'directory.role_granted',
        targetType: 'staff_role',
        targetId: row.id,
        data: { accountId: row.account_id, agencyId: agency.id, role: row.role, wardCode },
      });
      return { id: row.id, created: true };
    },

    /** Active grants of an account (what the actor resolver puts on a staff actor). */
    async rolesOf(accountId: string, sql: Sql = db): Promise<RoleGrant[]> {
      const rows = await repo.activeGrantsOf(sql, accountId);
      return rows.map((r) => ({ role: r.role as StaffRole, agencyId: r.agency_id, wardCode: r.ward_code }));
    },

    /** Active grants held at an agency, with their holders (the identity module lists its staff). */
    async rolesAt(agencyId: string, sql: Sql = db): Promise<Array<RoleGrant & { accountId: string }>> {
      const rows = await repo.activeGrantsAt(sql, agencyId);
      return rows.map((r) => ({ accountId: r.account_id, ...toGrant(r) }));
    },

    /** Active grants of several accounts: each id maps to its grants (empty when it holds none). */
    async rolesOfAll(accountIds: string[], sql: Sql = db): Promise<Map<string, RoleGrant[]>> {
      const byAccount = new Map<string, RoleGrant[]>(accountIds.map((id) => [id, []]));
      for (const r of await repo.activeGrantsOfAll(sql, accountIds))
        byAccount.get(r.account_id)?.push(toGrant(r));
      return byAccount;
    },
  };

  function toGrant(r: { role: string; agency_id: string; ward_code: string | null }): RoleGrant {
    return { role: r.role as StaffRole, agencyId: r.agency_id, wardCode: r.ward_code };
  }

  async function requireParent(sql: Sql, parentId: string): Promise<void> {
    if (!(await repo.findAgency(sql, parentId))) {
      throw invalidField('/body/parentId', 'directory.parent_unknown', { id: parentId });
    }
  }

  async function insertOrConflict<T>(code: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (isUniqueViolation(err)) throw new DomainError('conflict', 'directory.agency_code_taken', { code });
      throw err;
    }
  }
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
