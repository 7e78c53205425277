import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../test/helpers/db.js';
import { anonymous } from '../../platform/auth/actor.js';
import { ManualClock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/db.js';
import { DomainError } from '../../platform/http/errors.js';
import { createDirectoryModule } from './assemble.js';
import { loadDirectorySeed, seedDirectory, seedStaffRoles } from './seed.js';
import { createDirectoryService, type DirectoryService } from './service.js';
import {
  agencyAdmin,
  agencyIdByCode,
  cityAdmin,
  FakeAccounts,
  officer,
  RecordingAudit,
} from './test-support.js';

let db: Db & { drop(): Promise<void> };
let service: DirectoryService;
const audit = new RecordingAudit();
const accounts = new FakeAccounts();
const clock = new ManualClock('2026-03-02T09:00:00+07:00');

beforeAll(async () => {
  db = await testDb();
  await db.tx((tx) => seedDirectory(tx));
  service = createDirectoryService({ db, clock, audit, accounts });
});
afterAll(() => db.drop());

async function codesFor(q: string, extra: { type?: 'ward' | 'commune' | 'special_zone' | 'city' } = {}) {
  const page = await service.listUnits({ q, limit: 100, ...extra });
  return page.items.map((u) => u.code);
}

function domainCode(err: unknown): string {
  if (err instanceof DomainError) return err.fieldErrors[0]?.code ?? err.code;
  throw err;
}

describe('seed', () => {
  it('loads the city and its 94 commune-level units with official codes', async () => {
    const units = await service.allUnits();
    expect(units).toHaveLength(95);
    expect(units[0]).toMatchObject({ code: '48', type: 'city', name: 'Thành phố Đà Nẵng' });
    const count = (type: string) => units.filter((u) => u.type === type).length;
    expect([count('ward'), count('commune'), count('special_zone')]).toEqual([23, 70, 1]);
    expect(units.every((u) => u.catalogueVersion === '2025-07' && /^(\d{2}|\d{5})$/.test(u.code))).toBe(true);
  });

  it('gives every commune-level unit exactly one people’s committee', async () => {
    const { rows } = await db.query<{ code: string; n: number }>(
      `select u.code, count(a.id)::int as n from directory.units u
       left join directory.agencies a on a.unit_code = u.code and a.type = 'commune_people_committee'
       where u.type <> 'city' group by u.code`,
    );
    expect(rows).toHaveLength(94);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const haiChau = await service.listAgencies({ unitCode: '20242', limit: 10 });
    expect(haiChau.items.map((a) => a.shortName)).toEqual(['UBND phường Hải Châu']);
  });

  it('is idempotent: a second run writes no row', async () => {
    const again = await db.tx((tx) => seedDirectory(tx));
    expect(again).toEqual({ units: 0, mappings: 0, agencies: 0 });
  });

  it('keeps every old→new row, including the split and the reorganised district', () => {
    const seed = loadDirectorySeed();
    expect(seed.mappings).toHaveLength(282);
    expect(seed.mappings.filter((m) => m.is_partial)).toHaveLength(2);
    expect(seed.mappings.find((m) => m.kind === 'reorganised')).toMatchObject({
      old_code: '498',
      old_level: 'district',
      new_code: '20333',
    });
  });
});

describe('unit search', () => {
  it.each([
    'hai chau',
    'Hải Châu',
    'HAI CHAU',
    'Hải Châu'.normalize('NFD'),
    '  hải   châu ',
    'Phường Hải Châu',
  ])('finds Phường Hải Châu first for %j', async (q) => {
    expect((await codesFor(q))[0]).toBe('20242');
  });

  it('finds the city for "da nang" and "Đà Nẵng"', async () => {
    expect((await codesFor('da nang'))[0]).toBe('48');
    expect((await codesFor('Đà Nẵng'))[0]).toBe('48');
  });

  it.each(['Đặc khu Hoàng Sa', 'hoang sa', 'HOÀNG SA'])('finds the special zone for %j', async (q) => {
    expect((await codesFor(q))[0]).toBe('20333');
  });

  it('ranks the exact name before longer names that start with it', async () => {
    const codes = await codesFor('hoi an');
    expect(codes.slice(0, 3)).toEqual(['20410', '20401', '20413']);
  });

  it('tolerates a typo through trigram similarity', async () => {
    expect(await codesFor('hai chaau')).toContain('20242');
  });

  it('filters by type and finds by code prefix', async () => {
    const wards = await service.listUnits({ type: 'ward', limit: 100 });
    expect(wards.items).toHaveLength(23);
    expect(await codesFor('20242')).toEqual(['20242']);
  });

  it.each(["'; drop table directory.units; --", '<script>alert(1)</script>', '%', '_', '\\', "' or 1=1 --"])(
    'treats %j as plain text',
    async (q) => {
      expect(await codesFor(q)).toEqual([]);
    },
  );

  it('pages by keyset without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await service.listUnits({ limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((u) => u.code));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toHaveLength(95);
    expect(new Set(seen).size).toBe(95);
    expect(seen[0]).toBe('48');
  });

  it('pages a ranked search the same way', async () => {
    const all = await codesFor('xa tra');
    const paged: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await service.listUnits({ q: 'xa tra', limit: 3, ...(cursor ? { cursor } : {}) });
      paged.push(...page.items.map((u) => u.code));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(all.length).toBeGreaterThan(3);
    expect(paged).toEqual(all);
  });

  it('rejects a forged cursor as a validation error', async () => {
    const err = await service.listUnits({ limit: 5, cursor: 'bm90LWpzb24' }).catch((e: unknown) => e);
    expect(domainCode(err)).toBe('directory.bad_cursor');
  });

  it('returns one unit with its boundary slot, and not_found for an unknown code', async () => {
    expect(await service.getUnit('20333')).toMatchObject({ name: 'Đặc khu Hoàng Sa', boundary: null });
    const err = await service.getUnit('99999').catch((e: unknown) => e);
    expect(domainCode(err)).toBe('directory.unit_not_found');
  });
});

describe('old → new mapping', () => {
  it('flags the split Xã Hòa Liên for a manual choice between its two new wards', async () => {
    const page = await service.listMappings({ oldCode: '20296', limit: 20 });
    expect(page.items.map((m) => m.new.name).sort()).toEqual(['Phường Hải Vân', 'Phường Liên Chiểu']);
    expect(
      page.items.every((m) => m.isPartial && m.resolution === 'manual' && m.kind === 'merged_partial'),
    ).toBe(true);
    expect(page.items[0]?.old).toMatchObject({
      name: 'Xã Hòa Liên',
      district: { code: '497', name: 'Huyện Hòa Vang' },
    });
  });

  it('finds old names accent-insensitively and converts whole merges automatically', async () => {
    const page = await service.listMappings({ q: 'thach thang', limit: 20 });
    expect(page.items[0]).toMatchObject({
      old: { name: 'Phường Thạch Thang' },
      new: { code: '20242', name: 'Phường Hải Châu' },
      resolution: 'automatic',
    });
    const quangNam = await service.listMappings({ oldCode: '20434', limit: 20 });
    expect(quangNam.items[0]).toMatchObject({ kind: 'unchanged', old: { province: { code: '49' } } });
  });

  it('lists every old unit merged into a new one', async () => {
    const page = await service.listMappings({ newCode: '20242', limit: 100 });
    expect(page.items).toHaveLength(5);
  });
});

describe('agencies', () => {
  it('finds agencies accent-insensitively', async () => {
    const noiVu = await service.listAgencies({ q: 'so noi vu', limit: 5 });
    expect(noiVu.items[0]?.shortName).toBe('Sở Nội vụ');
    const ubnd = await service.listAgencies({ q: 'UBND phường Hải Châu', limit: 5 });
    expect(ubnd.items[0]?.unitCode).toBe('20242');
    const ioc = await service.listAgencies({ q: 'do thi thong minh', limit: 5 });
    expect(ioc.items[0]?.code).toBe('48-TT-IOC');
  });

  it('lists city-wide agencies before commune committees and pages through all of them', async () => {
    const first = await service.listAgencies({ limit: 1 });
    expect(first.items[0]?.type).toBe('city_people_committee');
    let total = 0;
    let cursor: string | undefined;
    do {
      const page = await service.listAgencies({ limit: 40, ...(cursor ? { cursor } : {}) });
      total += page.items.length;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from directory.agencies');
    expect(total).toBe(rows[0]?.n);
  });

  it('lets a city admin create and change an agency, auditing each in the same transaction', async () => {
    const cityId = await agencyIdByCode(db, '000.00.00.H17');
    const admin = { actor: cityAdmin(uuidv7(), cityId), requestId: 'req-create-1' };
    const before = audit.entries.length;
    const created = await service.createAgency(admin, {
      code: '48-TT-CNS',
      codeScheme: 'internal',
      name: 'Trung tâm Chuyển đổi số',
      type: 'public_service_unit',
      parentId: await agencyIdByCode(db, '48-SO-KH-CN'),
      unitCode: '48',
    });
    expect(created).toMatchObject({ code: '48-TT-CNS', contact: { phone: null } });
    const updated = await service.updateAgency(admin, created.id, { contact: { phone: '0236 3888 888' } });
    expect(updated.contact.phone).toBe('0236 3888 888');
    expect(audit.entries.slice(before).map((e) => [e.action, e.targetId, e.requestId])).toEqual([
      ['directory.agency_created', created.id, 'req-create-1'],
      ['directory.agency_updated', created.id, 'req-create-1'],
    ]);
    expect(audit.sawTargetInTx.slice(before)).toEqual([true, true]);
  });

  it('keeps an admin edit of a seeded agency when the seed runs again', async () => {
    const cityId = await agencyIdByCode(db, '000.00.00.H17');
    const yTe = await agencyIdByCode(db, '48-SO-Y-TE');
    await service.updateAgency({ actor: cityAdmin(uuidv7(), cityId) }, yTe, {
      contact: { phone: '0236 3000 000' },
    });
    await db.tx((tx) => seedDirectory(tx));
    expect((await service.getAgency(yTe)).contact.phone).toBe('0236 3000 000');
  });

  it('writes nothing when the audit record fails', async () => {
    const cityId = await agencyIdByCode(db, '000.00.00.H17');
    audit.failNext = true;
    await expect(
      service.createAgency(
        { actor: cityAdmin(uuidv7(), cityId) },
        { code: '48-ROLLED-BACK', codeScheme: 'internal', name: 'Không được lưu', type: 'department' },
      ),
    ).rejects.toThrow('audit store unavailable');
    const { rows } = await db.query("select 1 from directory.agencies where code = '48-ROLLED-BACK'");
    expect(rows).toHaveLength(0);
  });

  it('refuses duplicate codes, unknown parents and units, and parent loops', async () => {
    const cityId = await agencyIdByCode(db, '000.00.00.H17');
    const admin = { actor: cityAdmin(uuidv7(), cityId) };
    const base = {
      codeScheme: 'internal' as const,
      name: 'Ban thử nghiệm',
      type: 'management_board' as const,
    };
    const dup = await service.createAgency(admin, { ...base, code: '48-SO-Y-TE' }).catch((e: unknown) => e);
    expect(domainCode(dup)).toBe('directory.agency_code_taken');
    const parent = await service
      .createAgency(admin, { ...base, code: '48-X1', parentId: uuidv7() })
      .catch((e: unknown) => e);
    expect(domainCode(parent)).toBe('directory.parent_unknown');
    const unit = await service
      .createAgency(admin, { ...base, code: '48-X2', unitCode: '99999' })
      .catch((e: unknown) => e);
    expect(domainCode(unit)).toBe('directory.unit_unknown');
    const skhcn = await agencyIdByCode(db, '48-SO-KH-CN');
    const ioc = await agencyIdByCode(db, '48-TT-IOC');
    const loop = await service.updateAgency(admin, skhcn, { parentId: ioc }).catch((e: unknown) => e);
    expect(domainCode(loop)).toBe('directory.parent_cycle');
  });

  it('allows only city admins to manage agencies', async () => {
    const yTe = await agencyIdByCode(db, '48-SO-Y-TE');
    const body = {
      code: '48-X3',
      codeScheme: 'internal' as const,
      name: 'Không',
      type: 'department' as const,
    };
    expect(domainCode(await service.createAgency({ actor: anonymous }, body).catch((e: unknown) => e))).toBe(
      'http.unauthorized',
    );
    const asAgencyAdmin = { actor: agencyAdmin(uuidv7(), yTe) };
    expect(
      domainCode(await service.updateAgency(asAgencyAdmin, yTe, { name: 'Sở Y tế mới' }).catch((e) => e)),
    ).toBe('http.forbidden');
  });
});

describe('staff roles', () => {
  it('grants, lists, revokes and reports active grants for the actor resolver', async () => {
    const yTe = await agencyIdByCode(db, '48-SO-Y-TE');
    const admin = { actor: agencyAdmin(uuidv7(), yTe) };
    const account = uuidv7();
    accounts.known.add(account);
    const grant = await service.grantRole(admin, yTe, { accountId: account, role: 'officer' });
    expect(grant).toMatchObject({ role: 'officer', wardCode: null, revokedAt: null });
    expect(grant.grantedBy).toBe(`staff:${(admin.actor as { accountId: string }).accountId}`);
    const dup = await service.grantRole(admin, yTe, { accountId: account, role: 'officer' }).catch((e) => e);
    expect(domainCode(dup)).toBe('directory.role_exists');

    const module = createDirectoryModule({ db, clock, audit, accounts });
    expect(await module.api.rolesOf(account)).toEqual([{ role: 'officer', agencyId: yTe, wardCode: null }]);

    clock.advance(60_000);
    await service.revokeRole(admin, yTe, grant.id);
    await service.revokeRole(admin, yTe, grant.id); // a second revoke is a no-op
    expect(await module.api.rolesOf(account)).toEqual([]);
    const history = await service.listStaffRoles(admin, yTe, true);
    expect(history.find((r) => r.id === grant.id)?.revokedAt).toBe('2026-03-02T02:01:00.000Z');
    expect(await service.listStaffRoles(admin, yTe, false)).toEqual([]);
    const actions = audit.entries.filter((e) => e.targetId === grant.id).map((e) => e.action);
    expect(actions).toEqual(['directory.role_granted', 'directory.role_revoked']);
  });

  it('ensures a seed grant inside the caller transaction, once', async () => {
    const module = createDirectoryModule({ db, clock, audit, accounts });
    const account = uuidv7();
    const grant = {
      accountId: account,
      agencyCode: '48-UBND-20242',
      role: 'officer' as const,
      wardCode: '20242',
    };
    const first = await db.tx((tx) => module.api.ensureRole(tx, grant));
    const second = await db.tx((tx) => module.api.ensureRole(tx, grant));
    expect([first.created, second.created, second.id]).toEqual([true, false, first.id]);
    const ubnd = await agencyIdByCode(db, '48-UBND-20242');
    expect(await module.api.rolesOf(account)).toEqual([
      { role: 'officer', agencyId: ubnd, wardCode: '20242' },
    ]);
    const entry = audit.entries.find((e) => e.targetId === first.id);
    expect(entry).toMatchObject({
      action: 'directory.role_granted',
      actor: { kind: 'system', name: 'seed' },
    });
    await expect(
      db.tx((tx) => module.api.ensureRole(tx, { ...grant, agencyCode: '48-NOPE' })),
    ).rejects.toThrow('directory.agency_not_found');
  });

  it('seeds demo grants idempotently by agency code', async () => {
    const account = uuidv7();
    const grants = [
      { accountId: account, agencyCode: '48-TT-PVHCC', role: 'reception' as const, wardCode: null },
    ];
    const now = clock.now();
    expect(await db.tx((tx) => seedStaffRoles(tx, grants, now))).toBe(1);
    expect(await db.tx((tx) => seedStaffRoles(tx, grants, now))).toBe(0);
    const center = await agencyIdByCode(db, '48-TT-PVHCC');
    expect(await service.rolesOf(account)).toEqual([{ role: 'reception', agencyId: center, wardCode: null }]);
  });

  it('hides another agency from an agency admin (404) and refuses non-admin staff (403)', async () => {
    const yTe = await agencyIdByCode(db, '48-SO-Y-TE');
    const tuPhap = await agencyIdByCode(db, '48-SO-TU-PHAP');
    const admin = { actor: agencyAdmin(uuidv7(), yTe) };
    expect(domainCode(await service.listStaffRoles(admin, tuPhap, false).catch((e) => e))).toBe(
      'directory.agency_not_found',
    );
    const staff = { actor: officer(uuidv7(), yTe) };
    expect(domainCode(await service.listStaffRoles(staff, yTe, false).catch((e) => e))).toBe(
      'http.forbidden',
    );
  });

  it('refuses unknown accounts, city-level ward codes and escalation to city_admin', async () => {
    const yTe = await agencyIdByCode(db, '48-SO-Y-TE');
    const admin = { actor: agencyAdmin(uuidv7(), yTe) };
    const unknown = await service
      .grantRole(admin, yTe, { accountId: uuidv7(), role: 'officer' })
      .catch((e) => e);
    expect(domainCode(unknown)).toBe('directory.account_unknown');
    const account = uuidv7();
    accounts.known.add(account);
    const city = await service
      .grantRole(admin, yTe, { accountId: account, role: 'officer', wardCode: '48' })
      .catch((e) => e);
    expect(domainCode(city)).toBe('directory.unit_unknown');
    const escalate = await service
      .grantRole(admin, yTe, { accountId: account, role: 'city_admin' })
      .catch((e) => e);
    expect(domainCode(escalate)).toBe('directory.role_escalation');
  });

  it('keeps a ward-limited agency admin inside its ward', async () => {
    const ca = await agencyIdByCode(db, '48-CONG-AN');
    const wardAdmin = { actor: agencyAdmin(uuidv7(), ca, '20242') };
    const account = uuidv7();
    accounts.known.add(account);
    const own = await service.grantRole(wardAdmin, ca, {
      accountId: account,
      role: 'officer',
      wardCode: '20242',
    });
    expect(own.wardCode).toBe('20242');
    const other = await service
      .grantRole(wardAdmin, ca, { accountId: account, role: 'officer', wardCode: '20257' })
      .catch((e) => e);
    expect(domainCode(other)).toBe('directory.ward_out_of_scope');
    const cityId = await agencyIdByCode(db, '000.00.00.H17');
    const elsewhere = await service.grantRole({ actor: cityAdmin(uuidv7(), cityId) }, ca, {
      accountId: account,
      role: 'officer',
      wardCode: '20257',
    });
    const visible = await service.listStaffRoles(wardAdmin, ca, false);
    expect(visible.map((r) => r.id)).toEqual([own.id]);
    expect(domainCode(await service.revokeRole(wardAdmin, ca, elsewhere.id).catch((e) => e))).toBe(
      'directory.role_not_found',
    );
  });
});
