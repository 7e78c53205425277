import { describe, expect, it } from 'vitest';
import { HOLIDAY_RULES, suggestHolidays } from './rules.js';
import { readHolidaySeed } from './seed.js';

const dates = (year: number, kind?: string) =>
  suggestHolidays(year)
    .filter((s) => !kind || s.kind === kind)
    .map((s) => s.date);

describe('Labour Code holiday suggestions', () => {
  it('gives the 11 statutory days of 2026 and compensation for Giỗ Tổ on a Sunday', () => {
    expect(dates(2026, 'HOLIDAY')).toEqual([
      '2026-01-01',
      '2026-02-16',
      '2026-02-17',
      '2026-02-18',
      '2026-02-19',
      '2026-02-20',
      '2026-04-26',
      '2026-04-30',
      '2026-05-01',
      '2026-09-01',
      '2026-09-02',
    ]);
    expect(dates(2026, 'COMPENSATORY')).toEqual(['2026-04-27']);
    const comp = suggestHolidays(2026).find((s) => s.kind === 'COMPENSATORY')!;
    expect(comp.legalRef).toMatch(/Điều 111 khoản 3/);
  });

  it('puts compensatory days after the whole Tết block (2027: Tết on Saturday)', () => {
    expect(dates(2027, 'HOLIDAY').filter((d) => d.startsWith('2027-02'))).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
    ]);
    expect(dates(2027, 'COMPENSATORY')).toEqual(['2027-02-10', '2027-02-11', '2027-05-03']);
  });

  it('chooses the Quốc khánh adjacent day that joins a weekend', () => {
    expect(dates(2027).filter((d) => d.startsWith('2027-09'))).toEqual(['2027-09-02', '2027-09-03']); // Thu → Fri
    expect(dates(2025).filter((d) => d.startsWith('2025-09'))).toEqual(['2025-09-01', '2025-09-02']); // Tue → Mon
  });

  it('applies the law in force: one Quốc khánh day under the 2012 code', () => {
    expect(dates(2020).filter((d) => d.startsWith('2020-09'))).toEqual(['2020-09-02']);
    expect(suggestHolidays(2020)[0]!.legalRef).toMatch(/2012/);
  });

  it('starts Tết on the last day of the old lunar year (2028: Tết on 26/01)', () => {
    expect(dates(2028, 'HOLIDAY')).toContain('2028-01-25');
    expect(
      suggestHolidays(2028).filter((s) => s.ruleId === 'lunar_new_year' && s.kind === 'HOLIDAY'),
    ).toHaveLength(5);
  });

  it('never suggests a rule that is not yet law (Ngày Văn hóa Việt Nam 24/11)', () => {
    expect(HOLIDAY_RULES.some((r) => r.id === 'culture_day' && r.effectiveFrom === null)).toBe(true);
    expect(dates(2026)).not.toContain('2026-11-24');
  });

  it('ships 2027 seed rows exactly as the rules compute them, marked computed', () => {
    const seeded = readHolidaySeed().days.filter((d) => d.date.startsWith('2027-'));
    expect(seeded.every((d) => d.source === 'computed' && d.note)).toBe(true);
    expect(seeded.map((d) => `${d.date} ${d.kind}`)).toEqual(
      suggestHolidays(2027).map((s) => `${s.date} ${s.kind}`),
    );
  });
});
