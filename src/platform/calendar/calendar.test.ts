import { describe, expect, it } from 'vitest';
import { computeDeadline, dueAt, WorkingCalendar } from './calendar.js';
import { formatLocalIso } from './days.js';
import { readHolidaySeed } from './seed.js';

// The published 2025 and 2026 civil-service calendars, as shipped in seed/calendar/holidays.json.
const calendar = new WorkingCalendar(readHolidaySeed().days);
const at = (local: string) => new Date(`${local}+07:00`);
const due = (received: string, days: number, cutoff = '17:00') =>
  formatLocalIso(dueAt(at(received), days, calendar, cutoff));

describe('WorkingCalendar on the published 2025–2026 calendars', () => {
  it('knows weekends, holidays, compensatory days and swap workdays', () => {
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true); // Saturday worked for 2 May 2025
    expect(calendar.isWorkingDay('2025-05-02')).toBe(false);
    expect(calendar.isWorkingDay('2025-04-07')).toBe(false); // Giỗ Tổ 2025
    expect(calendar.isWorkingDay('2026-04-26')).toBe(false); // Giỗ Tổ on a Sunday
    expect(calendar.isWorkingDay('2026-04-27')).toBe(false); // … compensated on Monday
    expect(calendar.isWorkingDay('2026-01-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-08-31')).toBe(false);
    expect(calendar.isWorkingDay('2026-11-24')).toBe(true); // Ngày Văn hóa: not yet a statutory holiday
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // an ordinary Saturday
  });

  it('reads instants on the Vietnamese wall calendar, not the server clock', () => {
    // 20:00 UTC on Friday 24/01/2025 is 03:00 on Saturday 25/01 in Đà Nẵng.
    expect(calendar.isWorkingDay(new Date('2025-01-24T20:00:00Z'))).toBe(false);
    expect(calendar.isWorkingDay(new Date('2025-01-24T16:59:00Z'))).toBe(true);
    const next = calendar.addWorkingDays(new Date('2025-01-24T20:00:00Z'), 1);
    expect(formatLocalIso(next)).toBe('2025-02-03T03:00:00+07:00'); // time of day kept
  });

  it('counts the working days of whole years', () => {
    // 261 weekdays − 12 weekday days off (01/01, 27–31/01, 07/04, 30/04, 01–02/05, 01–02/09) + 1 swap Saturday.
    expect(calendar.workingDaysBetween('2024-12-31', '2025-12-31')).toBe(250);
    // 261 weekdays − 13 weekday days off (01–02/01, 16–20/02, 27/04, 30/04, 01/05, 31/08, 01–02/09) + 2 swaps.
    expect(calendar.workingDaysBetween('2025-12-31', '2026-12-31')).toBe(250);
  });

  it('keeps addWorkingDays and workingDaysBetween consistent, both ways', () => {
    const from = at('2025-04-24T10:00:00');
    expect(calendar.workingDaysBetween(from, at('2025-05-05T08:00:00'))).toBe(5);
    expect(calendar.workingDaysBetween(at('2025-05-05T08:00:00'), from)).toBe(-5);
    for (let n = -40; n <= 40; n++) {
      const to = calendar.addWorkingDays(from, n);
      expect(calendar.isWorkingDay(to)).toBe(true);
      expect(calendar.workingDaysBetween(from, to)).toBe(n);
    }
    expect(formatLocalIso(calendar.addWorkingDays(from, -3))).toBe('2025-04-21T10:00:00+07:00');
    expect(() => calendar.addWorkingDays(from, 1.5)).toThrow(RangeError);
  });

  it('gives each calendar a revision that changes with its rows', () => {
    const other = new WorkingCalendar([...readHolidaySeed().days, { date: '2026-11-24', kind: 'HOLIDAY' }]);
    expect(other.revision).not.toBe(calendar.revision);
    expect(new WorkingCalendar([...readHolidaySeed().days].reverse()).revision).toBe(calendar.revision);
  });
});

describe('deadline rule (receivedAt, n working days, calendar, cut-off) → dueAt', () => {
  it('skips Tết Ất Tỵ 2025 (25/01–02/02)', () => {
    // Friday 24/01 15:00, before the 17:00 cut-off: counted from 24/01, days are 03, 04, 05/02.
    expect(due('2025-01-24T15:00:00', 3)).toBe('2025-02-05T17:00:00+07:00');
    // With a 15:00 cut-off (some procedures) the same dossier counts from Monday 03/02.
    expect(due('2025-01-24T15:00:00', 3, '15:00')).toBe('2025-02-06T17:00:00+07:00');
    expect(due('2025-01-24T14:59:00', 3, '15:00')).toBe('2025-02-05T17:00:00+07:00');
  });

  it('counts the swap Saturday 26/04/2025 and skips 30/04–04/05/2025', () => {
    expect(due('2025-04-24T10:00:00', 3)).toBe('2025-04-28T17:00:00+07:00'); // 25, 26 (Sat), 28
    expect(due('2025-04-24T10:00:00', 5)).toBe('2025-05-05T17:00:00+07:00'); // … 29, then 05/05
    expect(due('2025-04-26T09:00:00', 1)).toBe('2025-04-28T17:00:00+07:00'); // received on the swap Saturday
    expect(due('2025-04-27T09:00:00', 1)).toBe('2025-04-29T17:00:00+07:00'); // Sunday → from Monday 28
    expect(due('2025-04-29T16:00:00', 1)).toBe('2025-05-05T17:00:00+07:00');
  });

  it('skips Tết Bính Ngọ 2026 (14–22/02)', () => {
    expect(due('2026-02-13T16:00:00', 1)).toBe('2026-02-23T17:00:00+07:00');
    expect(due('2026-02-13T17:30:00', 1)).toBe('2026-02-24T17:00:00+07:00'); // after hours → from 23/02
    expect(due('2026-02-18T09:00:00', 0)).toBe('2026-02-23T17:00:00+07:00'); // received during Tết
    expect(due('2026-02-10T08:00:00', 10)).toBe('2026-03-03T17:00:00+07:00'); // 11–13, 23–27/02, 02–03/03
  });

  it('follows the 2026 New Year, Giỗ Tổ and Quốc khánh arrangements', () => {
    expect(due('2025-12-31T10:00:00', 2)).toBe('2026-01-06T17:00:00+07:00');
    expect(due('2026-01-09T10:00:00', 1)).toBe('2026-01-10T17:00:00+07:00'); // swap Saturday 10/01
    expect(due('2026-04-24T10:00:00', 1)).toBe('2026-04-28T17:00:00+07:00'); // 27/04 compensatory
    expect(due('2026-08-21T10:00:00', 5)).toBe('2026-08-27T17:00:00+07:00'); // swap Saturday 22/08
    expect(due('2026-08-28T10:00:00', 1)).toBe('2026-09-03T17:00:00+07:00'); // 29/08–02/09 off
  });

  it('treats the cut-off as the first minute of "after hours"', () => {
    expect(due('2026-03-02T16:59:59', 1)).toBe('2026-03-03T17:00:00+07:00');
    expect(due('2026-03-02T17:00:00', 1)).toBe('2026-03-04T17:00:00+07:00');
    expect(due('2026-03-02T17:00:00', 0)).toBe('2026-03-03T17:00:00+07:00');
  });

  it('reports the receipt day and accepts another end of day', () => {
    const d = computeDeadline(at('2026-02-14T09:00:00'), 2, calendar, '17:00', { endOfDay: '16:30' });
    expect(d.receivedOn).toBe('2026-02-23');
    expect(d.dueOn).toBe('2026-02-25');
    expect(formatLocalIso(d.dueAt)).toBe('2026-02-25T16:30:00+07:00');
    expect(() => dueAt(at('2026-02-14T09:00:00'), -1, calendar, '17:00')).toThrow(RangeError);
    expect(() => dueAt(at('2026-02-14T09:00:00'), 1, calendar, '5pm')).toThrow(RangeError);
  });
});
