import type { Sql } from '../../platform/db/db.js';
import type { AgencyType, MappingKind, UnitType } from './schema.js';

export interface UnitRow {
  code: string;
  name: string;
  short_name: string;
  type: UnitType;
  province_code: string;
  catalogue_version: string;
  boundary?: Record<string, unknown> | null;
}

export interface MappingRow {
  catalogue_version: string;
  old_code: string;
  old_level: 'commune' | 'district';
  old_name: string;
  old_district_code: string | null;
  old_district_name: string | null;
  old_province_code: string;
  old_province_name: string;
  new_code: string;
  new_name: string | null;
  kind: MappingKind;
  note: string;
  is_partial: boolean;
}

export interface AgencyRow {
  id: string;
  code: string;
  code_scheme: 'qcvn102' | 'internal';
  name: string;
  short_name: string | null;
  type: AgencyType;
  parent_id: string | null;
  unit_code: string | null;
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  hours: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface StaffRoleRow {
  id: string;
  account_id: string;
  agency_id: string;
  role: string;
  ward_code: string | null;
  granted_by: string;
  granted_at: Date;
  revoked_at: Date | null;
}

/** A page position: the sort key of the last row returned. */
export type Position = readonly [number, string, string];

/*
 * Ranking shared by every search: 0 exact name, 1 prefix, 2 whole word inside, 3 substring, 4 only similar
 * (trigram word similarity, for typos). Within a band, closer trigram similarity first. The score is an
 * integer so that a page cursor compares exactly.
 */
const SEARCH_KEY = `
  s as (select public.f_search_key($1::text) as k),
  e as (select k, replace(replace(replace(k, '\\', '\\\\'), '%', '\\%'), '_', '\\_') as kl from s)`;

function scoreOf(nameKey: string, shortKey: string): string {
  return `(case
      when ${shortKey} = e.k or ${nameKey} = e.k then 0
      when ${shortKey} like e.kl || '%' or ${nameKey} like e.kl || '%' then 1
      when ${nameKey} like '% ' || e.kl || '%' then 2
      when ${nameKey} like '%' || e.kl || '%' then 3
      else 4 end) * 1000
    + (1000 - round(word_similarity(e.k, ${nameKey}) * 1000))::int`;
}

function matchOf(nameKey: string): string {
  return `(${nameKey} like '%' || e.kl || '%' or e.k <% ${nameKey})`;
}

export interface UnitSearch {
  catalogueVersion: string;
  q: string | null;
  type: UnitType | null;
  after: Position | null;
  limit: number;
}

export async function searchUnits(sql: Sql, s: UnitSearch): Promise<Array<UnitRow & { score: number }>> {
  const nameKey = 'u.name_key';
  const score = s.q ? scoreOf(nameKey, 'u.short_name_key') : `(case u.type when 'city' then 0 else 1 end)`;
  const match = s.q ? `(${matchOf(nameKey)} or u.code like e.kl || '%')` : 'true';
  const { rows } = await sql.query<UnitRow & { score: number }>(
    `with ${SEARCH_KEY},
     m as (
       select u.code, u.name, u.short_name, u.type, u.province_code, u.catalogue_version, ${score} as score
       from directory.units u cross join e
       where u.catalogue_version = $2 and ($3::text is null or u.type = $3::text) and ${match}
     )
     select * from m
     where $4::int is null or (m.score, m.code) > ($4::int, $5::text)
     order by m.score, m.code
     limit $6`,
    [s.q ?? '', s.catalogueVersion, s.type, s.after?.[0] ?? null, s.after?.[1] ?? null, s.limit],
  );
  return rows;
}

export async function findUnit(sql: Sql, catalogueVersion: string, code: string): Promise<UnitRow | null> {
  const { rows } = await sql.query<UnitRow>(
    `select code, name, short_name, type, province_code, catalogue_version, boundary
     from directory.units where catalogue_version = $1 and code = $2`,
    [catalogueVersion, code],
  );
  return rows[0] ?? null;
}

export async function listAllUnits(sql: Sql, catalogueVersion: string): Promise<UnitRow[]> {
  const { rows } = await sql.query<UnitRow>(
    `select code, name, short_name, type, province_code, catalogue_version
     from directory.units where catalogue_version = $1
     order by (type = 'city') desc, code`,
    [catalogueVersion],
  );
  return rows;
}

export interface MappingSearch {
  catalogueVersion: string;
  q: string | null;
  oldCode: string | null;
  newCode: string | null;
  after: Position | null;
  limit: number;
}

export async function searchMappings(
  sql: Sql,
  s: MappingSearch,
): Promise<Array<MappingRow & { score: number }>> {
  const nameKey = 'm.old_name_key';
  const score = s.q ? scoreOf(nameKey, nameKey) : '0';
  const match = s.q ? matchOf(nameKey) : 'true';
  const { rows } = await sql.query<MappingRow & { score: number }>(
    `with ${SEARCH_KEY},
     r as (
       select m.*, n.name as new_name, ${score} as score
       from directory.unit_mappings m cross join e
       left join directory.units n on n.catalogue_version = m.catalogue_version and n.code = m.new_code
       where m.catalogue_version = $2
         and ($3::text is null or m.old_code = $3::text)
         and ($4::text is null or m.new_code = $4::text)
         and ${match}
     )
     select * from r
     where $5::int is null or (r.score, r.old_code, r.new_code) > ($5::int, $6::text, $7::text)
     order by r.score, r.old_code, r.new_code
     limit $8`,
    [
      s.q ?? '',
      s.catalogueVersion,
      s.oldCode,
      s.newCode,
      s.after?.[0] ?? null,
      s.after?.[1] ?? null,
      s.after?.[2] ?? null,
      s.limit,
    ],
  );
  return rows;
}

const AGENCY_COLUMNS = `a.id, a.code, a.code_scheme, a.name, a.short_name, a.type, a.parent_id, a.unit_code,
  a.address, a.phone, a.email, a.website, a.hours, a.created_at, a.updated_at`;

// City-wide agencies before commune committees when listing without a query.
const TYPE_RANK = `array_position(array['city_people_committee', 'city_office', 'department', 'inspectorate',
  'police', 'service_center', 'management_board', 'public_service_unit', 'commune_people_committee']::text[], a.type)`;

export interface AgencySearch {
  q: string | null;
  type: AgencyType | null;
  unitCode: string | null;
  parentId: string | null;
  after: Position | null;
  limit: number;
}

export async function searchAgencies(
  sql: Sql,
  s: AgencySearch,
): Promise<Array<AgencyRow & { score: number; sort_key: string }>> {
  const nameKey = 'a.name_key';
  const shortKey = 'a.short_name_key';
  const score = s.q ? scoreOf(nameKey, shortKey) : TYPE_RANK;
  const match = s.q ? `(${matchOf(nameKey)} or ${shortKey} like '%' || e.kl || '%')` : 'true';
  const { rows } = await sql.query<AgencyRow & { score: number; sort_key: string }>(
    `with ${SEARCH_KEY},
     r as (
       select ${AGENCY_COLUMNS}, ${score} as score, ${nameKey} as sort_key
       from directory.agencies a cross join e
       where ($2::text is null or a.type = $2::text)
         and ($3::text is null or a.unit_code = $3::text)
         and ($4::uuid is null or a.parent_id = $4::uuid)
         and ${match}
     )
     select * from r
     where $5::int is null
        or (r.score, r.sort_key collate "C", r.id) > ($5::int, $6::text collate "C", $7::uuid)
     order by r.score, r.sort_key collate "C", r.id
     limit $8`,
    [
      s.q ?? '',
      s.type,
      s.unitCode,
      s.parentId,
      s.after?.[0] ?? null,
      s.after?.[1] ?? null,
      s.after?.[2] ?? null,
      s.limit,
    ],
  );
  return rows;
}

export async function findAgency(sql: Sql, id: string): Promise<AgencyRow | null> {
  const { rows } = await sql.query<AgencyRow>(
    `select ${AGENCY_COLUMNS} from directory.agencies a where a.id = $1`,
    [id],
  );
  return rows[0] ?? null;
}

export async function findAgencyByCode(sql: Sql, code: string): Promise<AgencyRow | null> {
  const { rows } = await sql.query<AgencyRow>(
    `select ${AGENCY_COLUMNS} from directory.agencies a where a.code = $1`,
    [code],
  );
  return rows[0] ?? null;
}

export async function lockAgency(sql: Sql, id: string): Promise<AgencyRow | null> {
  const { rows } = await sql.query<AgencyRow>(
    `select ${AGENCY_COLUMNS} from directory.agencies a where a.id = $1 for update`,
    [id],
  );
  return rows[0] ?? null;
}

export async function agencyCodeTaken(sql: Sql, code: string, exceptId: string | null): Promise<boolean> {
  const { rows } = await sql.query(
    'select 1 from directory.agencies where code = $1 and ($2::uuid is null or id <> $2::uuid)',
    [code, exceptId],
  );
  return rows.length > 0;
}

/** True when `candidateId` is `agencyId` itself or sits below it (making it the parent would close a loop). */
export async function isSelfOrDescendant(sql: Sql, agencyId: string, candidateId: string): Promise<boolean> {
  const { rows } = await sql.query(
    `with recursive below(id) as (
       select $1::uuid
       union
       select a.id from directory.agencies a join below b on a.parent_id = b.id
     )
     select 1 from below where id = $2::uuid limit 1`,
    [agencyId, candidateId],
  );
  return rows.length > 0;
}

export type AgencyWrite = Omit<AgencyRow, 'created_at' | 'updated_at'>;

/** $1 id, $2 code … $13 hours, $14 now: the same order for insert and update. */
function agencyParams(a: AgencyWrite, now: Date): unknown[] {
  return [
    a.id,
    a.code,
    a.code_scheme,
    a.name,
    a.short_name,
    a.type,
    a.parent_id,
    a.unit_code,
    a.address,
    a.phone,
    a.email,
    a.website,
    a.hours,
    now,
  ];
}

export async function insertAgency(sql: Sql, a: AgencyWrite, now: Date): Promise<AgencyRow> {
  const { rows } = await sql.query<AgencyRow>(
    `insert into directory.agencies as a (id, code, code_scheme, name, short_name, type, parent_id, unit_code,
       address, phone, email, website, hours, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)
     returning ${AGENCY_COLUMNS}`,
    agencyParams(a, now),
  );
  return rows[0]!;
}

export async function updateAgency(sql: Sql, a: AgencyWrite, now: Date): Promise<AgencyRow> {
  const { rows } = await sql.query<AgencyRow>(
    `update directory.agencies as a set code = $2, code_scheme = $3, name = $4, short_name = $5, type = $6,
       parent_id = $7, unit_code = $8, address = $9, phone = $10, email = $11, website = $12, hours = $13,
       updated_at = $14
     where a.id = $1
     returning ${AGENCY_COLUMNS}`,
    agencyParams(a, now),
  );
  return rows[0]!;
}

const ROLE_COLUMNS = 'id, account_id, agency_id, role, ward_code, granted_by, granted_at, revoked_at';

export async function listRoles(
  sql: Sql,
  agencyId: string,
  options: { includeRevoked: boolean; wardCodes: string[] | null },
): Promise<StaffRoleRow[]> {
  const { rows } = await sql.query<StaffRoleRow>(
    `select ${ROLE_COLUMNS} from directory.staff_roles
     where agency_id = $1 and ($2::boolean or revoked_at is null)
       and ($3::text[] is null or ward_code = any($3::text[]))
     order by granted_at, id`,
    [agencyId, options.includeRevoked, options.wardCodes],
  );
  return rows;
}

export async function findRole(sql: Sql, agencyId: string, roleId: string): Promise<StaffRoleRow | null> {
  const { rows } = await sql.query<StaffRoleRow>(
    `select ${ROLE_COLUMNS} from directory.staff_roles where agency_id = $1 and id = $2 for update`,
    [agencyId, roleId],
  );
  return rows[0] ?? null;
}

/** The id of the matching active grant, if any. */
export async function findActiveRole(
  sql: Sql,
  r: { accountId: string; agencyId: string; role: string; wardCode: string | null },
): Promise<string | null> {
  const { rows } = await sql.query<{ id: string }>(
    `select id from directory.staff_roles
     where account_id = $1 and agency_id = $2 and role = $3 and coalesce(ward_code, '') = coalesce($4::text, '')
       and revoked_at is null`,
    [r.accountId, r.agencyId, r.role, r.wardCode],
  );
  return rows[0]?.id ?? null;
}

export async function insertRole(
  sql: Sql,
  r: {
    id: string;
    accountId: string;
    agencyId: string;
    role: string;
    wardCode: string | null;
    grantedBy: string;
  },
  now: Date,
): Promise<StaffRoleRow> {
  const { rows } = await sql.query<StaffRoleRow>(
    `insert into directory.staff_roles (id, account_id, agency_id, role, ward_code, granted_by, granted_at)
     values ($1, $2, $3, $4, $5, $6, $7)
     returning ${ROLE_COLUMNS}`,
    [r.id, r.accountId, r.agencyId, r.role, r.wardCode, r.grantedBy, now],
  );
  return rows[0]!;
}

export async function revokeRole(sql: Sql, roleId: string, revokedBy: string, now: Date): Promise<void> {
  await sql.query(
    'update directory.staff_roles set revoked_at = $2, revoked_by = $3 where id = $1 and revoked_at is null',
    [roleId, now, revokedBy],
  );
}

export async function activeGrantsOf(
  sql: Sql,
  accountId: string,
): Promise<Array<{ role: string; agency_id: string; ward_code: string | null }>> {
  const { rows } = await sql.query<{ role: string; agency_id: string; ward_code: string | null }>(
    `select role, agency_id, ward_code from directory.staff_roles
     where account_id = $1 and revoked_at is null order by granted_at, id`,
    [accountId],
  );
  return rows;
}

export interface GrantRow {
  account_id: string;
  role: string;
  agency_id: string;
  ward_code: string | null;
}

/** Active grants held at one agency (whatever ward), by holder. */
export async function activeGrantsAt(sql: Sql, agencyId: string): Promise<GrantRow[]> {
  const { rows } = await sql.query<GrantRow>(
    `select account_id, role, agency_id, ward_code from directory.staff_roles
     where agency_id = $1 and revoked_at is null order by granted_at, id`,
    [agencyId],
  );
  return rows;
}

/** Active grants of several accounts in one query. */
export async function activeGrantsOfAll(sql: Sql, accountIds: string[]): Promise<GrantRow[]> {
  if (!accountIds.length) return [];
  const { rows } = await sql.query<GrantRow>(
    `select account_id, role, agency_id, ward_code from directory.staff_roles
     where account_id = any($1::uuid[]) and revoked_at is null order by granted_at, id`,
    [accountIds],
  );
  return rows;
}
