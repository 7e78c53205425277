import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../test/helpers/db.js';
import type { Audit, AuditEntry } from '../audit/audit.js';
import { type Actor, anonymous } from '../auth/actor.js';
import { ManualClock } from '../clock.js';
import { loadConfig } from '../config.js';
import { type App, createHttpApp } from '../http/app.js';
import { createLogger } from '../logger.js';
import { registerCalendar } from './routes.js';
import { seedHolidays } from './seed.js';

const actors: Record<string, Actor> = {
  admin: {
    kind: 'staff',
    accountId: '01900000-0000-7000-8000-000000000001',
    sessionId: 's1',
    grants: [{ role: 'city_admin', agencyId: '01900000-0000-7000-8000-0000000000a1', wardCode: null }],
  },
  officer: {
    kind: 'staff',
    accountId: '01900000-0000-7000-8000-000000000002',
    sessionId: 's2',
    grants: [{ role: 'officer', agencyId: '01900000-0000-7000-8000-0000000000a1', wardCode: null }],
  },
};

describe('calendar API', () => {
  let db: Awaited<ReturnType<typeof testDb>>;
  let app: App;
  const audited: AuditEntry[] = [];
  const audit: Audit = { record: async (_tx, e) => void audited.push(e) };
  const as = (who: keyof typeof actors) => ({ 'x-test-actor': who });

  beforeAll(async () => {
    db = await testDb();
    await db.tx((tx) => seedHolidays(tx));
    // Overload shedding off: a busy CI machine must not turn these answers into 503s.
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      WORKDAY_CUTOFF: '17:00',
      OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: '0',
    });
    const logger = createLogger({
      level: 'silent',
      destination: new Writable({ write: (_c, _e, cb) => cb() }),
    });
    app = await createHttpApp({ config, logger, version: 'test' });
    // Test-only stand-in for the identity hook the composition root installs.
    app.decorateRequest('actor', null as never);
    app.addHook('onRequest', async (req) => {
      const who = req.headers['x-test-actor'];
      req.actor = (typeof who === 'string' && actors[who]) || anonymous;
    });
    await registerCalendar(app, {
      db,
      audit,
      clock: new ManualClock('2026-03-02T09:00:00+07:00'),
      workdayCutoff: config.workdayCutoff,
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await db.drop();
  });

  it('lists the holidays of a year', async () => {
    const r = await app.inject('/api/v1/calendar/holidays?year=2026');
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.year).toBe(2026);
    expect(body.items).toHaveLength(16);
    expect(body.items[0]).toMatchObject({ date: '2026-01-01', kind: 'HOLIDAY', source: 'announced' });
  });

  it('computes a deadline', async () => {
    const from = encodeURIComponent('2025-01-24T15:00:00+07:00');
    const r = await app.inject(`/api/v1/calendar/working-days?from=${from}&days=3`);
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      from: '2025-01-24T08:00:00.000Z',
      days: 3,
      receivedOn: '2025-01-24',
      dueOn: '2025-02-05',
      dueAt: '2025-02-05T17:00:00+07:00',
      cutoff: '17:00',
      timeZone: 'Asia/Ho_Chi_Minh',
    });
  });

  it('serves the rule-based suggestions', async () => {
    const r = await app.inject('/api/v1/calendar/holidays/suggestions?year=2027');
    expect(r.statusCode).toBe(200);
    expect(r.json().items.map((s: { date: string }) => s.date)).toContain('2027-02-06');
  });

  it('answers bad queries with 400 problem+json and field pointers', async () => {
    const r = await app.inject('/api/v1/calendar/working-days?from=tomorrow&days=-1');
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    const pointers = r.json().errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/querystring/from', '/querystring/days']));
    const y = await app.inject('/api/v1/calendar/holidays?year=abc');
    expect(y.statusCode).toBe(400);
    expect(y.json().errors[0].pointer).toBe('/querystring/year');
  });

  it('refuses writes from anonymous callers (401) and non-admin staff (403)', async () => {
    const payload = {
      date: '2026-11-24',
      kind: 'HOLIDAY',
      nameVi: 'Ngày Văn hóa Việt Nam',
      nameEn: 'Culture Day',
    };
    const anon = await app.inject({ method: 'POST', url: '/api/v1/calendar/holidays', payload });
    expect(anon.statusCode).toBe(401);
    expect(anon.headers['content-type']).toMatch(/^application\/problem\+json/);
    const officer = await app.inject({
      method: 'POST',
      url: '/api/v1/calendar/holidays',
      payload,
      headers: as('officer'),
    });
    expect(officer.statusCode).toBe(403);
    const list = (await app.inject('/api/v1/calendar/holidays?year=2026')).json();
    const id = list.items[0].id;
    expect((await app.inject({ method: 'DELETE', url: `/api/v1/calendar/holidays/${id}` })).statusCode).toBe(
      401,
    );
    const patch = await app.inject({
      method: 'PATCH',
      url: `/api/v1/calendar/holidays/${id}`,
      payload: { note: 'x' },
      headers: as('officer'),
    });
    expect(patch.statusCode).toBe(403);
    expect(audited).toHaveLength(0);
  });

  it('validates admin bodies: unknown fields, impossible dates, a kind that does not fit', async () => {
    const bad = await app.inject({
      method: 'POST',
      url: '/api/v1/calendar/holidays',
      headers: as('admin'),
      payload: { date: '2026-02-30', kind: 'FESTIVAL', nameVi: '', nameEn: 'x', extra: 1 },
    });
    expect(bad.statusCode).toBe(400);
    const pointers = bad.json().errors.map((e: { pointer: string }) => e.pointer);
    expect(pointers).toEqual(
      expect.arrayContaining(['/body/date', '/body/kind', '/body/nameVi', '/body/extra']),
    );
    const swap = await app.inject({
      method: 'POST',
      url: '/api/v1/calendar/holidays',
      headers: { ...as('admin'), 'accept-language': 'en' },
      payload: { date: '2026-03-04', kind: 'SWAP_WORKDAY', nameVi: 'Làm bù', nameEn: 'Swap' },
    });
    expect(swap.statusCode).toBe(400);
    expect(swap.json().errors).toEqual([
      {
        pointer: '/body/kind',
        code: 'calendar.swap_workday_not_weekend',
        message: 'A swap working day must be a Saturday or Sunday.',
      },
    ]);
    const empty = await app.inject({
      method: 'PATCH',
      url: '/api/v1/calendar/holidays/01900000-0000-7000-8000-000000000009',
      headers: as('admin'),
      payload: {},
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].code).toBe('calendar.empty_patch');
  });

  it('lets a city administrator add, change and remove a day, and the deadline follows', async () => {
    const deadline = async () =>
      (
        await app.inject(
          `/api/v1/calendar/working-days?from=${encodeURIComponent('2026-11-23T10:00:00+07:00')}&days=1`,
        )
      ).json().dueOn;
    expect(await deadline()).toBe('2026-11-24');

    // NFD input is stored as NFC.
    const nameVi = 'Ngày Văn hóa Việt Nam'.normalize('NFD');
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/calendar/holidays',
      headers: as('admin'),
      payload: {
        date: '2026-11-24',
        kind: 'HOLIDAY',
        nameVi,
        nameEn: 'Vietnamese Culture Day',
        source: 'computed',
      },
    });
    expect(created.statusCode).toBe(201);
    const row = created.json();
    expect(row.nameVi).toBe('Ngày Văn hóa Việt Nam'.normalize('NFC'));
    expect(row.updatedBy).toBe('staff:01900000-0000-7000-8000-000000000001');
    expect(await deadline()).toBe('2026-11-25');

    const dup = await app.inject({
      method: 'POST',
      url: '/api/v1/calendar/holidays',
      headers: as('admin'),
      payload: { date: '2026-11-24', kind: 'HOLIDAY', nameVi: 'x', nameEn: 'x' },
    });
    expect(dup.statusCode).toBe(409);
    expect(dup.json().code).toBe('calendar.date_taken');

    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/v1/calendar/holidays/${row.id}`,
      headers: as('admin'),
      payload: { legalRef: 'Nghị quyết của Quốc hội (giả định)', source: 'announced' },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      source: 'announced',
      legalRef: 'Nghị quyết của Quốc hội (giả định)',
    });

    const del = await app.inject({
      method: 'DELETE',
      url: `/api/v1/calendar/holidays/${row.id}`,
      headers: as('admin'),
    });
    expect(del.statusCode).toBe(204);
    expect(await deadline()).toBe('2026-11-24');
    const gone = await app.inject({
      method: 'DELETE',
      url: `/api/v1/calendar/holidays/${row.id}`,
      headers: as('admin'),
    });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('calendar.holiday_not_found');
    expect(audited.map((e) => e.action)).toEqual([
      'calendar.holiday_created',
      'calendar.holiday_updated',
      'calendar.holiday_deleted',
    ]);
  });

  it('documents every route in OpenAPI', async () => {
    const doc = (await app.inject('/api/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/calendar/holidays',
        '/api/v1/calendar/holidays/{id}',
        '/api/v1/calendar/holidays/suggestions',
        '/api/v1/calendar/working-days',
      ]),
    );
  });
});
