import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDb } from '../../../test/helpers/db.js';
import type { Audit, AuditEntry } from '../audit/audit.js';
import type { Actor } from '../auth/actor.js';
import { ManualClock } from '../clock.js';
import { DomainError } from '../http/errors.js';
import { readHolidaySeed, seedHolidays } from './seed.js';
import { type CalendarService, createCalendarService } from './service.js';

const admin: Actor = {
  kind: 'staff',
  accountId: '01900000-0000-7000-8000-000000000001',
  sessionId: 's1',
  grants: [{ role: 'city_admin', agencyId: '01900000-0000-7000-8000-0000000000a1', wardCode: null }],
};
const officer: Actor = {
  kind: 'staff',
  accountId: '01900000-0000-7000-8000-000000000002',
  sessionId: 's2',
  grants: [{ role: 'officer', agencyId: '01900000-0000-7000-8000-0000000000a1', wardCode: null }],
};

describe('calendar service on the database', () => {
  let db: Awaited<ReturnType<typeof testDb>>;
  let service: CalendarService;
  const audited: AuditEntry[] = [];
  let failAudit = false;
  const audit: Audit = {
    async record(_tx, entry) {
      if (failAudit) throw new Error('audit store down');
      audited.push(entry);
    },
  };

  beforeAll(async () => {
    db = await testDb();
    const first = await db.tx((tx) => seedHolidays(tx));
    expect(first).toEqual({ inserted: readHolidaySeed().days.length, updated: 0, removed: 0 });
    service = createCalendarService({
      db,
      audit,
      clock: new ManualClock('2026-03-02T09:00:00+07:00'),
      workdayCutoff: '17:00',
    });
  });
  afterAll(() => db.drop());
  beforeEach(() => {
    audited.length = 0;
    failAudit = false;
  });

  it('seeds idempotently', async () => {
    expect(await db.tx((tx) => seedHolidays(tx))).toEqual({ inserted: 0, updated: 0, removed: 0 });
    const items = await service.listHolidays(2026);
    expect(items.map((h) => h.date)).toContain('2026-08-22');
    expect(items.find((h) => h.date === '2026-02-17')).toMatchObject({
      kind: 'HOLIDAY',
      source: 'announced',
      updatedBy: 'system:seed',
      legalRef: expect.stringContaining('9441/TB-BNV'),
    });
  });

  it('computes deadlines from the table', async () => {
    const d = await service.deadline(new Date('2026-02-13T16:00:00+07:00'), 1);
    expect(d.dueOn).toBe('2026-02-23');
    expect(d.dueAt.toISOString()).toBe('2026-02-23T10:00:00.000Z');
  });

  it('lets only city administrators write, and audits each write in the same transaction', async () => {
    const body = {
      date: '2026-11-24',
      kind: 'HOLIDAY' as const,
      nameVi: 'Ngày Văn hóa Việt Nam',
      nameEn: 'Vietnamese Culture Day',
      source: 'announced' as const,
    };
    await expect(service.createHoliday(officer, body)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(service.createHoliday({ kind: 'anonymous' }, body)).rejects.toMatchObject({
      kind: 'unauthorized',
    });

    failAudit = true;
    await expect(service.createHoliday(admin, body)).rejects.toThrow('audit store down');
    expect((await service.listHolidays(2026)).some((h) => h.date === '2026-11-24')).toBe(false);
    failAudit = false;

    const before = await service.workingCalendar();
    expect(before.isWorkingDay('2026-11-24')).toBe(true);
    const created = await service.createHoliday(admin, body, { requestId: 'req-1' });
    expect(created).toMatchObject({
      date: '2026-11-24',
      updatedBy: `staff:${admin.kind === 'staff' ? admin.accountId : ''}`,
    });
    expect(audited).toEqual([
      expect.objectContaining({
        action: 'calendar.holiday_created',
        targetId: created.id,
        requestId: 'req-1',
      }),
    ]);
    // The cached calendar is rebuilt after the commit.
    const after = await service.workingCalendar();
    expect(after.isWorkingDay('2026-11-24')).toBe(false);
    expect(after.revision).not.toBe(before.revision);

    await expect(service.createHoliday(admin, body)).rejects.toMatchObject({
      kind: 'conflict',
      code: 'calendar.date_taken',
    });

    const updated = await service.updateHoliday(admin, created.id, { note: 'Chờ Quốc hội thông qua' });
    expect(updated.note).toBe('Chờ Quốc hội thông qua');
    await service.deleteHoliday(admin, created.id);
    expect((await service.workingCalendar()).isWorkingDay('2026-11-24')).toBe(true);
    expect(audited.map((e) => e.action)).toEqual([
      'calendar.holiday_created',
      'calendar.holiday_updated',
      'calendar.holiday_deleted',
    ]);
    await expect(service.deleteHoliday(admin, created.id)).rejects.toMatchObject({ kind: 'not_found' });
    // The date is free again.
    const again = await service.createHoliday(admin, body);
    await service.deleteHoliday(admin, again.id);
  });

  it('checks that a kind fits its date', async () => {
    const swap = {
      date: '2026-03-04',
      kind: 'SWAP_WORKDAY' as const,
      nameVi: 'Làm bù',
      nameEn: 'Swap',
      source: 'announced' as const,
    };
    const err = await service.createHoliday(admin, swap).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err.fieldErrors).toEqual([
      expect.objectContaining({ pointer: '/body/kind', code: 'calendar.swap_workday_not_weekend' }),
    ]);
    const comp = { ...swap, date: '2026-03-07', kind: 'COMPENSATORY' as const };
    await expect(service.createHoliday(admin, comp)).rejects.toMatchObject({ kind: 'validation' });
    const row = (await service.listHolidays(2026)).find((h) => h.date === '2026-01-10')!;
    await expect(service.updateHoliday(admin, row.id, { date: '2026-01-12' })).rejects.toMatchObject({
      fieldErrors: [expect.objectContaining({ pointer: '/body/date' })],
    });
    const tet = (await service.listHolidays(2026)).find((h) => h.date === '2026-02-17')!;
    await expect(service.updateHoliday(admin, tet.id, { date: '2026-02-18' })).rejects.toMatchObject({
      kind: 'conflict',
    });
  });

  it('never lets a re-seed undo an administrator, and retires days a newer seed dropped', async () => {
    const items = await service.listHolidays(2027);
    const edited = items.find((h) => h.date === '2027-01-01')!;
    const removed = items.find((h) => h.date === '2027-09-03')!;
    await service.updateHoliday(admin, edited.id, { nameEn: 'New Year' });
    await service.deleteHoliday(admin, removed.id);

    const seed = readHolidaySeed();
    const newer = {
      ...seed,
      days: seed.days
        .filter((d) => d.date !== '2027-05-03')
        .map((d) =>
          d.date === '2027-04-16' ? { ...d, source: 'announced' as const, legalRef: 'Thông báo X' } : d,
        ),
    };
    expect(await db.tx((tx) => seedHolidays(tx, newer))).toEqual({ inserted: 0, updated: 1, removed: 1 });
    const after = await service.listHolidays(2027);
    expect(after.find((h) => h.date === '2027-01-01')!.nameEn).toBe('New Year');
    expect(after.find((h) => h.date === '2027-09-03')).toBeUndefined();
    expect(after.find((h) => h.date === '2027-05-03')).toBeUndefined();
    expect(after.find((h) => h.date === '2027-04-16')).toMatchObject({
      source: 'announced',
      legalRef: 'Thông báo X',
    });
    // The original seed brings back only what the seed itself retired.
    expect(await db.tx((tx) => seedHolidays(tx))).toEqual({ inserted: 0, updated: 2, removed: 0 });
    expect((await service.listHolidays(2027)).find((h) => h.date === '2027-09-03')).toBeUndefined();
  });
});
