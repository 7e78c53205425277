import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  check,
  index,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

// Search keys are stored generated columns (computing f_search_key per row per query was the search's main
// cost); their trigram indexes live in the custom migrations `directory_search` and `directory_search_keys`.
export const directory = pgSchema('directory');

/** Administrative units; codes are reused between catalogues, so a unit is (catalogue_version, code). */
export const units = directory.table(
  'units',
  {
    catalogueVersion: text().notNull(),
    code: text().notNull(),
    name: text().notNull(),
    /** The name without its type word ("Hải Châu" for "Phường Hải Châu"): ranks exact matches first. */
    shortName: text().notNull(),
    type: text({ enum: ['city', 'ward', 'commune', 'special_zone'] }).notNull(),
    provinceCode: text().notNull().default('48'),
    /** GeoJSON geometry (Polygon / MultiPolygon), when known. */
    boundary: jsonb(),
    nameKey: text().generatedAlwaysAs(sql`public.f_search_key(name)`),
    shortNameKey: text().generatedAlwaysAs(sql`public.f_search_key(short_name)`),
  },
  (t) => [
    primaryKey({ columns: [t.catalogueVersion, t.code] }),
    check('units_code_format', sql`${t.code} ~ '^([0-9]{2}|[0-9]{5})$'`),
    check('units_type_valid', sql`${t.type} in ('city', 'ward', 'commune', 'special_zone')`),
  ],
);

/** The official old → new conversion table (one row per old unit and new unit it went into). */
export const unitMappings = directory.table(
  'unit_mappings',
  {
    catalogueVersion: text().notNull(),
    oldCode: text().notNull(),
    oldLevel: text({ enum: ['commune', 'district'] }).notNull(),
    oldName: text().notNull(),
    oldDistrictCode: text(),
    oldDistrictName: text(),
    oldProvinceCode: text().notNull(),
    oldProvinceName: text().notNull(),
    newCode: text().notNull(),
    kind: text({
      enum: ['merged_whole', 'merged_partial', 'unchanged', 'type_changed', 'reorganised'],
    }).notNull(),
    /** The note exactly as published (`Nhập toàn bộ`, `Nhập một phần`, …). */
    note: text().notNull(),
    isPartial: boolean().notNull(),
    oldNameKey: text().generatedAlwaysAs(sql`public.f_search_key(old_name)`),
  },
  (t) => [
    primaryKey({ columns: [t.catalogueVersion, t.oldCode, t.newCode] }),
    index('unit_mappings_new_code_idx').on(t.catalogueVersion, t.newCode),
  ],
);

export const agencies = directory.table(
  'agencies',
  {
    id: uuid().primaryKey(),
    code: text().notNull(),
    codeScheme: text({ enum: ['qcvn102', 'internal'] }).notNull(),
    name: text().notNull(),
    shortName: text(),
    type: text().notNull(),
    parentId: uuid().references((): AnyPgColumn => agencies.id),
    /** Unit served (current catalogue); the city for city-wide agencies. */
    unitCode: text(),
    address: text(),
    phone: text(),
    email: text(),
    website: text(),
    hours: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    nameKey: text().generatedAlwaysAs(sql`public.f_search_key(name)`),
    shortNameKey: text().generatedAlwaysAs(sql`coalesce(public.f_search_key(short_name), '')`),
  },
  (t) => [
    uniqueIndex('agencies_code_key').on(t.code),
    index('agencies_parent_idx').on(t.parentId),
    index('agencies_unit_idx').on(t.unitCode),
    check(
      'agencies_type_valid',
      sql`${t.type} in ('city_people_committee', 'city_office', 'department', 'inspectorate', 'police', 'service_center', 'public_service_unit', 'management_board', 'commune_people_committee')`,
    ),
    check('agencies_not_own_parent', sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
  ],
);

/** A role held by a staff account at an agency, optionally limited to one commune-level unit. Never deleted: revoked. */
export const staffRoles = directory.table(
  'staff_roles',
  {
    id: uuid().primaryKey(),
    /** identity account id; identity owns the row, so no cross-schema foreign key. */
    accountId: uuid().notNull(),
    agencyId: uuid()
      .notNull()
      .references(() => agencies.id),
    role: text().notNull(),
    wardCode: text(),
    /** actorRef of who granted it (`staff:<uuid>`, `system:seed`). */
    grantedBy: text().notNull(),
    grantedAt: timestamp({ withTimezone: true }).notNull(),
    revokedBy: text(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('staff_roles_account_active_idx').on(t.accountId).where(sql`${t.revokedAt} is null`),
    index('staff_roles_agency_idx').on(t.agencyId),
    uniqueIndex('staff_roles_active_key')
      .on(t.accountId, t.agencyId, t.role, sql`coalesce(${t.wardCode}, '')`)
      .where(sql`${t.revokedAt} is null`),
    check(
      'staff_roles_role_valid',
      sql`${t.role} in ('city_admin', 'agency_admin', 'officer', 'reception', 'community_member')`,
    ),
  ],
);
