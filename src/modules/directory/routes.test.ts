import { Writable } from 'node:stream';
import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../test/helpers/db.js';
import { type Actor, anonymous } from '../../platform/auth/actor.js';
import { ManualClock } from '../../platform/clock.js';
import { loadConfig } from '../../platform/config.js';
import type { Db } from '../../platform/db/db.js';
import { type App, createHttpApp } from '../../platform/http/app.js';
import { createLogger } from '../../platform/logger.js';
import { createDirectoryModule } from './assemble.js';
import { seedDirectory } from './seed.js';
import {
  agencyAdmin,
  agencyIdByCode,
  cityAdmin,
  FakeAccounts,
  officer,
  RecordingAudit,
} from './test-support.js';

let db: Db & { drop(): Promise<void> };
let app: App;
const audit = new RecordingAudit();
const accounts = new FakeAccounts();
const ids: Record<string, string> = {};

const citizen: Actor = { kind: 'citizen', accountId: uuidv7(), sessionId: 's-citizen', assurance: 2 };

beforeAll(async () => {
  db = await testDb();
  await db.tx((tx) => seedDirectory(tx));
  // Overload shedding off: a busy shared CI core must not turn assertions into 503s.
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: '/tmp/cds-test-data',
    OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
  });
  const logger = createLogger({
    level: 'silent',
    destination: new Writable({ write: (_c, _e, cb) => cb() }),
  });
  app = await createHttpApp({ config, logger, version: 'test' });
  // Test-only actor resolution: the composition root wires identity sessions instead.
  app.decorateRequest('actor', null as never);
  app.addHook('preHandler', async (req) => {
    const header = req.headers['x-test-actor'];
    req.actor = typeof header === 'string' ? (JSON.parse(header) as Actor) : anonymous;
  });
  const directory = createDirectoryModule({
    db,
    clock: new ManualClock('2026-03-02T09:00:00+07:00'),
    audit,
    accounts,
  });
  directory.register(app);
  await app.ready();
  for (const code of ['000.00.00.H17', '48-SO-Y-TE', '48-SO-TU-PHAP'])
    ids[code] = await agencyIdByCode(db, code);
});
afterAll(async () => {
  await app?.close();
  await db?.drop();
});

const as = (actor: Actor) => ({ 'x-test-actor': JSON.stringify(actor) });
const units = (query: string) => app.inject({ url: `/api/v1/directory/units?${query}` });

describe('public read API', () => {
  it.each([
    ['hai chau', '20242'],
    ['Hải Châu', '20242'],
    ['HAI CHAU', '20242'],
    ['Hải Châu'.normalize('NFD'), '20242'],
    ['da nang', '48'],
    ['Đặc khu Hoàng Sa', '20333'],
    ['hoang sa', '20333'],
  ])('GET /units?q=%j ranks %s first, with code, name and type', async (q, code) => {
    const res = await units(`q=${encodeURIComponent(q)}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items[0]).toMatchObject({ code, name: expect.any(String), type: expect.any(String) });
    expect(body).toHaveProperty('nextCursor');
  });

  it('pages units with a cursor and filters by type', async () => {
    const first = (await units('limit=50')).json();
    expect(first.items).toHaveLength(50);
    const second = (await units(`limit=50&cursor=${first.nextCursor}`)).json();
    expect(second.items).toHaveLength(45);
    expect(second.nextCursor).toBeNull();
    const zones = (await units('type=special_zone')).json();
    expect(zones.items).toEqual([expect.objectContaining({ code: '20333', name: 'Đặc khu Hoàng Sa' })]);
  });

  it.each(["'; drop table directory.units; --", '<script>alert(1)</script>', "1' or '1'='1", '%_%'])(
    'answers injection-looking q=%j with 200 and no match',
    async (q) => {
      const res = await units(`q=${encodeURIComponent(q)}`);
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toEqual([]);
    },
  );

  it.each([
    ['limit=1000', '/querystring/limit'],
    ['limit=0', '/querystring/limit'],
    ['limit=abc', '/querystring/limit'],
    ['type=district', '/querystring/type'],
    ['q=a%00b', '/querystring/q'],
    [`q=${'a'.repeat(201)}`, '/querystring/q'],
    ['cursor=not*a*cursor', '/querystring/cursor'],
    ['cursor=bm90LWpzb24', '/querystring/cursor'],
    ['query=hai', '/querystring/query'],
  ])('rejects %s with 400 problem+json pointing at %s', async (query, pointer) => {
    const res = await units(query);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json().errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  it('returns one unit, 404 problem for an unknown code and 400 for a malformed one', async () => {
    const ok = await app.inject('/api/v1/directory/units/20242');
    expect(ok.json()).toMatchObject({ code: '20242', name: 'Phường Hải Châu', type: 'ward' });
    const missing = await app.inject({
      url: '/api/v1/directory/units/99999',
      headers: { 'accept-language': 'en' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({
      code: 'directory.unit_not_found',
      title: 'Administrative unit not found',
    });
    expect((await app.inject('/api/v1/directory/units/abc')).statusCode).toBe(400);
  });

  it('maps the split Xã Hòa Liên to two candidates to choose from', async () => {
    const res = await app.inject('/api/v1/directory/unit-mappings?oldCode=20296');
    const items = res.json().items;
    expect(items).toHaveLength(2);
    expect(
      items.every(
        (m: { resolution: string; isPartial: boolean }) => m.resolution === 'manual' && m.isPartial,
      ),
    ).toBe(true);
    const byName = (
      await app.inject(`/api/v1/directory/unit-mappings?q=${encodeURIComponent('hoa lien')}`)
    ).json();
    expect(byName.items[0].old.name).toBe('Xã Hòa Liên');
  });

  it('searches agencies and returns one by id', async () => {
    const res = await app.inject(`/api/v1/directory/agencies?q=${encodeURIComponent('ubnd hai chau')}`);
    expect(res.statusCode).toBe(200);
    const agency = res.json().items[0];
    expect(agency).toMatchObject({ unitCode: '20242', type: 'commune_people_committee' });
    const one = await app.inject(`/api/v1/directory/agencies/${agency.id}`);
    expect(one.json()).toMatchObject({ id: agency.id, contact: expect.any(Object) });
    expect((await app.inject(`/api/v1/directory/agencies/${uuidv7()}`)).statusCode).toBe(404);
    expect((await app.inject('/api/v1/directory/agencies/not-a-uuid')).statusCode).toBe(400);
    const byUnit = (
      await app.inject('/api/v1/directory/agencies?unitCode=20333&type=commune_people_committee')
    ).json();
    expect(byUnit.items.map((a: { shortName: string }) => a.shortName)).toEqual(['UBND đặc khu Hoàng Sa']);
  });

  it('lists every directory route in the OpenAPI document', async () => {
    const doc = (await app.inject('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/directory/units',
        '/api/v1/directory/units/{code}',
        '/api/v1/directory/unit-mappings',
        '/api/v1/directory/agencies',
        '/api/v1/directory/agencies/{id}',
        '/api/v1/directory/agencies/{id}/staff-roles',
        '/api/v1/directory/agencies/{id}/staff-roles/{roleId}',
      ]),
    );
  });
});

describe('admin API', () => {
  const newAgency = (code: string) => ({
    code,
    name: 'Trung tâm Thử nghiệm',
    type: 'public_service_unit',
    unitCode: '48',
  });

  it.each([
    ['anonymous', 401, () => anonymous],
    ['a citizen', 403, () => citizen],
    ['an officer', 403, () => officer(uuidv7(), ids['48-SO-Y-TE']!)],
    ['an agency admin', 403, () => agencyAdmin(uuidv7(), ids['48-SO-Y-TE']!)],
  ])('refuses agency creation by %s (%i) and writes nothing', async (_who, status, actor) => {
    const before = audit.entries.length;
    const code = `48-DENIED-${status}-${_who.length}`;
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/directory/agencies',
      headers: as(actor()),
      payload: newAgency(code),
    });
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(audit.entries.length).toBe(before);
    expect((await db.query('select 1 from directory.agencies where code = $1', [code])).rows).toEqual([]);
  });

  it('lets a city admin create (NFC-normalised) and patch an agency, audited in the same transaction', async () => {
    const admin = as(cityAdmin(uuidv7(), ids['000.00.00.H17']!));
    const before = audit.entries.length;
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/directory/agencies',
      headers: admin,
      payload: { ...newAgency('48-TT-THU'), name: 'Trung tâm Thử nghiệm'.normalize('NFD') },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().name).toBe('Trung tâm Thử nghiệm'.normalize('NFC'));
    const id = created.json().id;
    const found = await app.inject(
      `/api/v1/directory/agencies?q=${encodeURIComponent('trung tam thu nghiem')}`,
    );
    expect(found.json().items[0].id).toBe(id);

    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/directory/agencies/${id}`,
      headers: admin,
      payload: { contact: { website: 'https://example.danang.gov.vn' } },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().contact.website).toBe('https://example.danang.gov.vn');
    expect(audit.entries.slice(before).map((e) => e.action)).toEqual([
      'directory.agency_created',
      'directory.agency_updated',
    ]);
    expect(audit.sawTargetInTx.slice(before)).toEqual([true, true]);
    expect(audit.entries.at(-1)?.requestId).toBe(patched.headers['x-request-id']);
  });

  it.each([
    [{ ...newAgency('48-BAD-1'), extra: true }, '/body/extra'],
    [{ ...newAgency('48-BAD-2'), type: 'ministry' }, '/body/type'],
    [{ ...newAgency('48-BAD-3'), contact: { email: 'not-an-email' } }, '/body/contact/email'],
    [{ ...newAgency('48-BAD-4'), unitCode: '99999' }, '/body/unitCode'],
    [{ ...newAgency('48-BAD-5'), parentId: uuidv7() }, '/body/parentId'],
    [{ ...newAgency('bad code with spaces') }, '/body/code'],
  ])('rejects an invalid agency body (%j) at %s', async (payload, pointer) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/directory/agencies',
      headers: as(cityAdmin(uuidv7(), ids['000.00.00.H17']!)),
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().errors.map((e: { pointer: string }) => e.pointer)).toContain(pointer);
  });

  it('answers malformed JSON and a duplicate code with problem+json', async () => {
    const headers = { ...as(cityAdmin(uuidv7(), ids['000.00.00.H17']!)), 'content-type': 'application/json' };
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/v1/directory/agencies',
      headers,
      payload: '{"code":',
    });
    expect(malformed.statusCode).toBe(400);
    const dup = await app.inject({
      method: 'POST',
      url: '/api/v1/directory/agencies',
      headers,
      payload: JSON.stringify(newAgency('48-SO-Y-TE')),
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('directory.agency_code_taken');
  });
});

describe('staff role assignments', () => {
  const rolesUrl = (agency: string) => `/api/v1/directory/agencies/${ids[agency]}/staff-roles`;

  it.each([
    ['anonymous', 401, '48-SO-Y-TE', () => anonymous],
    ['a citizen', 403, '48-SO-Y-TE', () => citizen],
    ['an officer of the agency', 403, '48-SO-Y-TE', () => officer(uuidv7(), ids['48-SO-Y-TE']!)],
    [
      'the agency admin of another agency',
      404,
      '48-SO-TU-PHAP',
      () => agencyAdmin(uuidv7(), ids['48-SO-Y-TE']!),
    ],
    ['the agency admin', 200, '48-SO-Y-TE', () => agencyAdmin(uuidv7(), ids['48-SO-Y-TE']!)],
    ['a city admin', 200, '48-SO-TU-PHAP', () => cityAdmin(uuidv7(), ids['000.00.00.H17']!)],
  ])('GET staff-roles as %s → %i', async (_who, status, agency, actor) => {
    const res = await app.inject({ url: rolesUrl(agency), headers: as(actor()) });
    expect(res.statusCode).toBe(status);
  });

  it('grants and revokes as the agency admin; another agency admin sees 404 for both', async () => {
    const admin = as(agencyAdmin(uuidv7(), ids['48-SO-Y-TE']!));
    const stranger = as(agencyAdmin(uuidv7(), ids['48-SO-TU-PHAP']!));
    const account = uuidv7();
    accounts.known.add(account);
    const before = audit.entries.length;

    const foreignGrant = await app.inject({
      method: 'POST',
      url: rolesUrl('48-SO-Y-TE'),
      headers: stranger,
      payload: { accountId: account, role: 'officer' },
    });
    expect(foreignGrant.statusCode).toBe(404);

    const granted = await app.inject({
      method: 'POST',
      url: rolesUrl('48-SO-Y-TE'),
      headers: admin,
      payload: { accountId: account, role: 'reception', wardCode: '20242' },
    });
    expect(granted.statusCode).toBe(201);
    const roleId = granted.json().id;
    expect(granted.json()).toMatchObject({ role: 'reception', wardCode: '20242', revokedAt: null });

    const list = await app.inject({ url: rolesUrl('48-SO-Y-TE'), headers: admin });
    expect(list.json().items.map((r: { id: string }) => r.id)).toContain(roleId);

    const foreignRevoke = await app.inject({
      method: 'DELETE',
      url: `${rolesUrl('48-SO-TU-PHAP')}/${roleId}`,
      headers: as(cityAdmin(uuidv7(), ids['000.00.00.H17']!)),
    });
    expect(foreignRevoke.statusCode).toBe(404);
    const strangerRevoke = await app.inject({
      method: 'DELETE',
      url: `${rolesUrl('48-SO-Y-TE')}/${roleId}`,
      headers: stranger,
    });
    expect(strangerRevoke.statusCode).toBe(404);

    const revoked = await app.inject({
      method: 'DELETE',
      url: `${rolesUrl('48-SO-Y-TE')}/${roleId}`,
      headers: admin,
    });
    expect(revoked.statusCode).toBe(204);
    expect(audit.entries.slice(before).map((e) => e.action)).toEqual([
      'directory.role_granted',
      'directory.role_revoked',
    ]);
    expect(audit.sawTargetInTx.slice(before)).toEqual([true, true]);
  });

  it('rejects unknown accounts, escalation and bad bodies without writing', async () => {
    const admin = as(agencyAdmin(uuidv7(), ids['48-SO-Y-TE']!));
    const before = audit.entries.length;
    const unknown = await app.inject({
      method: 'POST',
      url: rolesUrl('48-SO-Y-TE'),
      headers: admin,
      payload: { accountId: uuidv7(), role: 'officer' },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0]).toMatchObject({
      pointer: '/body/accountId',
      code: 'directory.account_unknown',
    });
    const account = uuidv7();
    accounts.known.add(account);
    const escalate = await app.inject({
      method: 'POST',
      url: rolesUrl('48-SO-Y-TE'),
      headers: admin,
      payload: { accountId: account, role: 'city_admin' },
    });
    expect(escalate.statusCode).toBe(403);
    expect(escalate.json().code).toBe('directory.role_escalation');
    const badRole = await app.inject({
      method: 'POST',
      url: rolesUrl('48-SO-Y-TE'),
      headers: admin,
      payload: { accountId: account, role: 'superuser' },
    });
    expect(badRole.statusCode).toBe(400);
    expect(audit.entries.length).toBe(before);
  });
});
