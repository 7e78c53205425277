import { describe, expect, it } from 'vitest';
import { formatCivil, jdFromDate, jdToDate, lunarToSolar, solarToLunar } from './lunar.js';

const tet = (year: number, tz?: number) => formatCivil(lunarToSolar(1, 1, year, false, tz));

describe('Vietnamese lunar calendar (Hồ Ngọc Đức, UTC+7)', () => {
  it('round-trips Julian day numbers across the Gregorian reform', () => {
    expect(jdFromDate(1, 1, 2000)).toBe(2451545);
    expect(jdFromDate(15, 10, 1582)).toBe(2299161);
    expect(jdFromDate(4, 10, 1582)).toBe(2299160); // Julian calendar: the day before the reform
    for (const jd of [2299150, 2299161, 2446087, 2451545, 2460000, 2470000]) {
      const d = jdToDate(jd);
      expect(jdFromDate(d.day, d.month, d.year)).toBe(jd);
    }
  });

  it.each([
    [2024, '2024-02-10'],
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
  ])('finds Tết %i on %s', (year, date) => {
    expect(tet(year)).toBe(date);
    expect(solarToLunar(date)).toEqual({ year, month: 1, day: 1, leap: false });
  });

  it.each([
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('finds Giỗ Tổ Hùng Vương (10/3) %i on %s', (year, date) => {
    expect(formatCivil(lunarToSolar(10, 3, year))).toBe(date);
    expect(solarToLunar(date)).toEqual({ year, month: 3, day: 10, leap: false });
  });

  it('differs from the Chinese (UTC+8) calendar: Tết 1985', () => {
    expect(tet(1985)).toBe('1985-01-21');
    expect(tet(1985, 8)).toBe('1985-02-20');
    expect(solarToLunar('1985-01-21')).toMatchObject({ year: 1985, month: 1, day: 1 });
    expect(solarToLunar('1985-01-21', 8)).toMatchObject({ year: 1984, month: 12 });
  });

  it('handles leap months (2023: tháng 2 nhuận) and the lunar year boundary', () => {
    expect(solarToLunar('2023-03-22')).toEqual({ year: 2023, month: 2, day: 1, leap: true });
    expect(formatCivil(lunarToSolar(1, 2, 2023, true))).toBe('2023-03-22');
    expect(formatCivil(lunarToSolar(1, 2, 2023, false))).toBe('2023-02-20');
    expect(solarToLunar('2026-02-16')).toEqual({ year: 2025, month: 12, day: 29, leap: false });
    expect(solarToLunar({ year: 2025, month: 1, day: 27 })).toEqual({
      year: 2024,
      month: 12,
      day: 28,
      leap: false,
    });
  });

  it('rejects lunar dates that do not exist', () => {
    expect(() => lunarToSolar(1, 2, 2024, true)).toThrow(RangeError); // 2024 has no leap month
    expect(() => lunarToSolar(1, 3, 2023, true)).toThrow(RangeError); // 2023's leap month is 2
    expect(() => lunarToSolar(30, 12, 2025)).toThrow(RangeError); // tháng Chạp Ất Tỵ has 29 days
    expect(() => lunarToSolar(0, 1, 2025)).toThrow(RangeError);
    expect(() => solarToLunar('2025-1-1')).toThrow(RangeError);
  });

  it('round-trips every day of 2024–2027', () => {
    for (let jd = jdFromDate(1, 1, 2024); jd <= jdFromDate(31, 12, 2027); jd++) {
      const civil = jdToDate(jd);
      const l = solarToLunar(civil);
      expect(lunarToSolar(l.day, l.month, l.year, l.leap)).toEqual(civil);
    }
  });
});
