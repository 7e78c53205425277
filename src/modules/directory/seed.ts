import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { StaffRole } from '../../platform/auth/actor.js';
import type { Sql } from '../../platform/db/db.js';
import { findActiveRole, findAgencyByCode, insertRole } from './repo.js';
import { AgencyCodeScheme, AgencyType, type MappingKind, UnitType } from './schema.js';

const seedDir = new URL('../../../seed/directory/', import.meta.url);

const UnitsFile = z.object({
  province: z.object({ code: z.string().regex(/^\d{2}$/), name: z.string() }),
  units: z.array(z.object({ code: z.string().regex(/^\d{5}$/), name: z.string(), type: UnitType })),
});

const AgenciesFile = z.object({
  agencies: z.array(
    z.object({
      id: z.uuid(),
      code: z.string(),
      codeScheme: AgencyCodeScheme,
      name: z.string(),
      shortName: z.string().nullable(),
      type: AgencyType,
      parentId: z.uuid().nullable(),
      unitCode: z.string().nullable(),
      contact: z.object({
        address: z.string().nullable(),
        phone: z.string().nullable(),
        email: z.string().nullable(),
        website: z.string().nullable(),
        hours: z.string().nullable(),
      }),
    }),
  ),
});

const CsvRow = z.object({
  new_unit_code: z.string().regex(/^\d{5}$/),
  old_unit_name: z.string(),
  old_unit_code: z.string(),
  note: z.string().min(1),
  old_district: z.string(),
  old_province: z.string(),
});

const TYPE_WORD = /^(Thành phố|Tỉnh|Phường|Xã|Đặc khu|Thị trấn|Quận|Huyện|Thị xã) /;

/** "Phường Hải Châu" → "Hải Châu". */
function bareName(name: string): string {
  return name.replace(TYPE_WORD, '');
}

/** "Quận Liên Chiểu (490)" → { name: "Quận Liên Chiểu", code: "490" }. */
function nameAndCode(value: string): { name: string; code: string } {
  const m = /^(.+?)\s*\((\d+)\)$/.exec(value.trim());
  if (!m) throw new Error(`directory seed: expected "Name (code)", got "${value}"`);
  return { name: m[1]!, code: m[2]! };
}

function mappingKind(note: string): MappingKind {
  if (note === 'Nhập toàn bộ') return 'merged_whole';
  if (note === 'Nhập một phần') return 'merged_partial';
  if (note === 'Giữ nguyên') return 'unchanged';
  if (note === 'Đổi loại hình') return 'type_changed';
  if (note.startsWith('Sắp xếp toàn bộ')) return 'reorganised';
  throw new Error(`directory seed: unknown mapping note "${note}"`);
}

function readSeed(file: string): string {
  return fs.readFileSync(new URL(file, seedDir), 'utf8').normalize('NFC');
}

export interface DirectorySeed {
  catalogueVersion: string;
  units: Array<{ code: string; name: string; short_name: string; type: string; province_code: string }>;
  mappings: Array<Record<string, unknown>>;
  agencies: Array<Record<string, unknown>>;
}

/** Reads and checks the seed files (a malformed file stops the seed with the file's problem, not half a load). */
export function loadDirectorySeed(catalogueVersion = '2025-07'): DirectorySeed {
  const unitsFile = UnitsFile.parse(JSON.parse(readSeed('danang-units-2025.json')));
  const province = unitsFile.province;
  const units = [{ code: province.code, name: province.name, type: 'city' as const }, ...unitsFile.units].map(
    (u) => ({
      code: u.code,
      name: u.name,
      short_name: bareName(u.name),
      type: u.type,
      province_code: province.code,
    }),
  );

  const csv = parse(readSeed('danang-units-old-to-new-2025.csv'), { columns: true, skip_empty_lines: true });
  const mappings = z
    .array(CsvRow)
    .parse(csv)
    .map((r) => {
      const district = nameAndCode(r.old_district);
      const oldProvince = nameAndCode(r.old_province);
      const kind = mappingKind(r.note);
      // A whole district reorganised (Huyện Hoàng Sa → Đặc khu Hoàng Sa) has no old commune: the district is the old unit.
      const isDistrict = r.old_unit_code === '';
      return {
        old_code: isDistrict ? district.code : r.old_unit_code,
        old_level: isDistrict ? 'district' : 'commune',
        old_name: isDistrict ? district.name : r.old_unit_name,
        old_district_code: isDistrict ? null : district.code,
        old_district_name: isDistrict ? null : district.name,
        old_province_code: oldProvince.code,
        old_province_name: oldProvince.name,
        new_code: r.new_unit_code,
        kind,
        note: r.note,
        is_partial: kind === 'merged_partial',
      };
    });

  const agencies = AgenciesFile.parse(JSON.parse(readSeed('agencies.json'))).agencies.map((a) => ({
    id: a.id,
    code: a.code,
    code_scheme: a.codeScheme,
    name: a.name,
    short_name: a.shortName,
    type: a.type,
    parent_id: a.parentId,
    unit_code: a.unitCode,
    ...a.contact,
  }));
  return { catalogueVersion, units, mappings, agencies };
}

/**
 * Idempotent: upserts the official units and old→new mapping (rows whose values are unchanged are left
 * alone, so a second run writes nothing) and adds agencies that are missing, keeping admins' edits.
 */
export async function seedDirectory(
  tx: Sql,
  seed: DirectorySeed = loadDirectorySeed(),
): Promise<{ units: number; mappings: number; agencies: number }> {
  const units = await tx.query(
    `insert into directory.units as t (catalogue_version, code, name, short_name, type, province_code)
     select $1, x.code, x.name, x.short_name, x.type, x.province_code
     from jsonb_to_recordset($2::jsonb) as x(code text, name text, short_name text, type text, province_code text)
     on conflict (catalogue_version, code) do update
       set name = excluded.name, short_name = excluded.short_name, type = excluded.type,
           province_code = excluded.province_code
       where (t.name, t.short_name, t.type, t.province_code)
         is distinct from (excluded.name, excluded.short_name, excluded.type, excluded.province_code)`,
    [seed.catalogueVersion, JSON.stringify(seed.units)],
  );
  const mappings = await tx.query(
    `insert into directory.unit_mappings as t (catalogue_version, old_code, old_level, old_name, old_district_code,
       old_district_name, old_province_code, old_province_name, new_code, kind, note, is_partial)
     select $1, x.old_code, x.old_level, x.old_name, x.old_district_code, x.old_district_name, x.old_province_code,
       x.old_province_name, x.new_code, x.kind, x.note, x.is_partial
     from jsonb_to_recordset($2::jsonb) as x(old_code text, old_level text, old_name text, old_district_code text,
       old_district_name text, old_province_code text, old_province_name text, new_code text, kind text,
       note text, is_partial boolean)
     on conflict (catalogue_version, old_code, new_code) do update
       set old_level = excluded.old_level, old_name = excluded.old_name,
           old_district_code = excluded.old_district_code, old_district_name = excluded.old_district_name,
           old_province_code = excluded.old_province_code, old_province_name = excluded.old_province_name,
           kind = excluded.kind, note = excluded.note, is_partial = excluded.is_partial
       where (t.old_level, t.old_name, t.old_district_code, t.old_district_name, t.old_province_code,
              t.old_province_name, t.kind, t.note, t.is_partial)
         is distinct from (excluded.old_level, excluded.old_name, excluded.old_district_code,
              excluded.old_district_name, excluded.old_province_code, excluded.old_province_name, excluded.kind,
              excluded.note, excluded.is_partial)`,
    [seed.catalogueVersion, JSON.stringify(seed.mappings)],
  );
  const agencies = await tx.query(
    `insert into directory.agencies as t (id, code, code_scheme, name, short_name, type, parent_id, unit_code,
       address, phone, email, website, hours, created_at, updated_at)
     select x.id, x.code, x.code_scheme, x.name, x.short_name, x.type, x.parent_id, x.unit_code, x.address,
       x.phone, x.email, x.website, x.hours, now(), now()
     from jsonb_to_recordset($1::jsonb) as x(id uuid, code text, code_scheme text, name text, short_name text,
       type text, parent_id uuid, unit_code text, address text, phone text, email text, website text, hours text)
     -- Agencies are managed through the admin API after the first load: add missing ones, never overwrite.
     on conflict do nothing`,
    [JSON.stringify(seed.agencies)],
  );
  return { units: units.rowCount, mappings: mappings.rowCount, agencies: agencies.rowCount };
}

export interface SeedGrant {
  accountId: string;
  /** e.g. `000.00.00.H17`, `48-UBND-20242` (seed/directory/agencies.json). */
  agencyCode: string;
  role: StaffRole;
  wardCode: string | null;
}

/**
 * Demo role grants inside the seed transaction (the accounts may have been created in it). Idempotent: an
 * identical active grant is kept. Granted by `system:seed`; seed data is not audited, like the units.
 */
export async function seedStaffRoles(tx: Sql, grants: readonly SeedGrant[], now: Date): Promise<number> {
  let created = 0;
  for (const g of grants) {
    const agency = await findAgencyByCode(tx, g.agencyCode);
    if (!agency) throw new Error(`directory seed: no agency with code ${g.agencyCode}`);
    const wanted = { accountId: g.accountId, agencyId: agency.id, role: g.role, wardCode: g.wardCode };
    if (await findActiveRole(tx, wanted)) continue;
    await insertRole(tx, { id: uuidv7(), ...wanted, grantedBy: 'system:seed' }, now);
    created += 1;
  }
  return created;
}
