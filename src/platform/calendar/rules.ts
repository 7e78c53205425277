import { addDays, dayNumber, fromDayNumber, type IsoDate, isWeekend } from './days.js';
import { formatCivil, lunarToSolar, solarToLunar } from './lunar.js';

export const HolidayKinds = ['HOLIDAY', 'COMPENSATORY', 'SWAP_WORKDAY'] as const;
/**
 * HOLIDAY: a statutory public holiday (may fall on a weekend).
 * COMPENSATORY: a weekday off in lieu of a holiday on a weekend, or a weekday swapped off.
 * SWAP_WORKDAY: a Saturday/Sunday worked in exchange for a weekday off (làm bù).
 */
export type HolidayKind = (typeof HolidayKinds)[number];

type Anchor =
  | { calendar: 'solar'; month: number; day: number }
  /** Month of a non-leap lunar month: Tết is 1/1, Giỗ Tổ Hùng Vương is 10/3. */
  | { calendar: 'lunar'; month: number; day: number };

/** One paid public holiday of a law, valid between two dates (laws change; keep every version). */
export interface HolidayRule {
  id: string;
  nameVi: string;
  nameEn: string;
  anchor: Anchor;
  /** First day off relative to the anchor (Tết starts on the last day of the old lunar year: -1). */
  offsetDays: number;
  days: number;
  /** Plus one day before or after the anchor, chosen each year (Quốc khánh since 2021). */
  adjacentDay: boolean;
  legalRef: string;
  /** `null`: announced as policy but not yet law, so never suggested. */
  effectiveFrom: IsoDate | null;
  effectiveTo: IsoDate | null;
}

/** How a holiday that falls on a weekly rest day is compensated. */
export interface CompensationRule {
  legalRef: string;
  effectiveFrom: IsoDate;
  effectiveTo: IsoDate | null;
}

const LC2012 = 'Bộ luật Lao động 2012 (10/2012/QH13), Điều 115 khoản 1';
const LC2019 = 'Bộ luật Lao động 2019 (45/2019/QH14), Điều 112 khoản 1';

const solar = (month: number, day: number): Anchor => ({ calendar: 'solar', month, day });
const lunar = (month: number, day: number): Anchor => ({ calendar: 'lunar', month, day });

function rule(
  r: Omit<HolidayRule, 'offsetDays' | 'days' | 'adjacentDay'> & Partial<HolidayRule>,
): HolidayRule {
  return { offsetDays: 0, days: 1, adjacentDay: false, ...r };
}

/** Paid public holidays (ngày nghỉ lễ, tết) by law and period of validity. */
export const HOLIDAY_RULES: readonly HolidayRule[] = [
  ...(
    [
      [LC2012, '2013-05-01', '2020-12-31'],
      [LC2019, '2021-01-01', null],
    ] as const
  ).flatMap(([legalRef, effectiveFrom, effectiveTo]) => [
    rule({
      id: 'new_year',
      nameVi: 'Tết Dương lịch',
      nameEn: "New Year's Day",
      anchor: solar(1, 1),
      legalRef,
      effectiveFrom,
      effectiveTo,
    }),
    rule({
      id: 'lunar_new_year',
      nameVi: 'Tết Âm lịch',
      nameEn: 'Lunar New Year (Tết)',
      anchor: lunar(1, 1),
      // The Government picks the 5 days each year; the usual pattern is the last day of the old
      // year and the first four of the new one (2026: 29 tháng Chạp – mùng 4).
      offsetDays: -1,
      days: 5,
      legalRef,
      effectiveFrom,
      effectiveTo,
    }),
    rule({
      id: 'hung_kings',
      nameVi: 'Giỗ Tổ Hùng Vương',
      nameEn: "Hung Kings' Commemoration Day",
      anchor: lunar(3, 10),
      legalRef,
      effectiveFrom,
      effectiveTo,
    }),
    rule({
      id: 'reunification',
      nameVi: 'Ngày Chiến thắng',
      nameEn: 'Reunification Day',
      anchor: solar(4, 30),
      legalRef,
      effectiveFrom,
      effectiveTo,
    }),
    rule({
      id: 'labour_day',
      nameVi: 'Ngày Quốc tế lao động',
      nameEn: 'International Labour Day',
      anchor: solar(5, 1),
      legalRef,
      effectiveFrom,
      effectiveTo,
    }),
    rule({
      id: 'national_day',
      nameVi: 'Quốc khánh',
      nameEn: 'National Day',
      anchor: solar(9, 2),
      adjacentDay: legalRef === LC2019,
      legalRef,
      effectiveFrom,
      effectiveTo,
    }),
  ]),
  rule({
    id: 'culture_day',
    nameVi: 'Ngày Văn hóa Việt Nam',
    nameEn: 'Vietnamese Culture Day',
    anchor: solar(11, 24),
    // Nghị quyết 80-NQ/TW (01/2026) and Nghị quyết 30/NQ-CP (02/2026) direct amending Điều 112;
    // give it an effectiveFrom once the amendment is passed.
    legalRef: 'Nghị quyết 80-NQ/TW; Nghị quyết 30/NQ-CP (đề xuất sửa Điều 112 BLLĐ 2019)',
    effectiveFrom: null,
    effectiveTo: null,
  }),
];

const COMPENSATION_RULES: readonly CompensationRule[] = [
  {
    legalRef: 'Bộ luật Lao động 2012, Điều 115 khoản 3',
    effectiveFrom: '2013-05-01',
    effectiveTo: '2020-12-31',
  },
  { legalRef: 'Bộ luật Lao động 2019, Điều 111 khoản 3', effectiveFrom: '2021-01-01', effectiveTo: null },
];

export interface HolidaySuggestion {
  date: IsoDate;
  kind: HolidayKind;
  nameVi: string;
  nameEn: string;
  legalRef: string;
  ruleId: string;
}

function inForce(r: { effectiveFrom: IsoDate | null; effectiveTo: IsoDate | null }, date: IsoDate): boolean {
  return (
    r.effectiveFrom !== null && r.effectiveFrom <= date && (r.effectiveTo === null || date <= r.effectiveTo)
  );
}

function anchorDate(anchor: Anchor, year: number): IsoDate {
  if (anchor.calendar === 'solar') return formatCivil({ year, month: anchor.month, day: anchor.day });
  return formatCivil(lunarToSolar(anchor.day, anchor.month, year));
}

function lunarLabel(date: IsoDate): { vi: string; en: string } {
  const l = solarToLunar(date);
  return { vi: ` (${l.day}/${l.month} âm lịch)`, en: ` (lunar ${l.day}/${l.month})` };
}

/** Length of the run of days off around `date`, holidays and weekends, before compensation. */
function offRunLength(date: IsoDate, off: Set<IsoDate>): number {
  const isOff = (d: IsoDate) => off.has(d) || isWeekend(d);
  let n = 1;
  for (let d = addDays(date, -1); isOff(d); d = addDays(d, -1)) n++;
  for (let d = addDays(date, 1); isOff(d); d = addDays(d, 1)) n++;
  return n;
}

/**
 * The public holidays of a year computed from the rules in force, with a compensatory weekday
 * for each one on a weekend. SUGGESTIONS only: the Government's yearly notice decides the Tết
 * days, the Quốc khánh adjacent day and any swap days, and is what the holiday table records.
 */
export function suggestHolidays(
  year: number,
  rules: readonly HolidayRule[] = HOLIDAY_RULES,
): HolidaySuggestion[] {
  const out: HolidaySuggestion[] = [];
  // A lunar year's holidays can fall in the previous civil year (Tết starts on its eve); compute
  // each rule for the lunar years that can reach into `year` and keep the days inside it.
  for (const r of rules) {
    for (const y of r.anchor.calendar === 'lunar' ? [year, year + 1] : [year]) {
      const anchor = anchorDate(r.anchor, y);
      if (!inForce(r, anchor)) continue;
      const days: IsoDate[] = [];
      for (let i = 0; i < r.days; i++) days.push(addDays(anchor, r.offsetDays + i));
      if (r.adjacentDay) days.push(chooseAdjacentDay(anchor));
      for (const date of days) {
        if (!date.startsWith(`${year}-`)) continue;
        const label = r.anchor.calendar === 'lunar' ? lunarLabel(date) : { vi: '', en: '' };
        out.push({
          date,
          kind: 'HOLIDAY',
          nameVi: r.nameVi + label.vi,
          nameEn: r.nameEn + label.en,
          legalRef: r.legalRef,
          ruleId: r.id,
        });
      }
    }
  }
  out.sort((a, b) => a.date.localeCompare(b.date));
  return [...out, ...compensatoryDays(out)].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Quốc khánh's extra day: the neighbour that joins the longer run of days off (a Thursday 2/9
 * takes Friday 3/9); on a tie the day before, as announced for 2025 and 2026.
 */
function chooseAdjacentDay(anchor: IsoDate): IsoDate {
  const before = addDays(anchor, -1);
  const after = addDays(anchor, 1);
  const runBefore = offRunLength(anchor, new Set([anchor, before]));
  const runAfter = offRunLength(anchor, new Set([anchor, after]));
  return runAfter > runBefore ? after : before;
}

/** Each holiday on a Saturday or Sunday gives the next weekday that is not itself off. */
function compensatoryDays(holidays: readonly HolidaySuggestion[]): HolidaySuggestion[] {
  const taken = new Set(holidays.map((h) => h.date));
  const out: HolidaySuggestion[] = [];
  for (const h of holidays) {
    if (!isWeekend(h.date)) continue;
    const rule = COMPENSATION_RULES.find((c) => inForce(c, h.date));
    if (!rule) continue;
    let jd = dayNumber(h.date) + 1;
    while (taken.has(fromDayNumber(jd)) || isWeekend(fromDayNumber(jd))) jd++;
    const date = fromDayNumber(jd);
    taken.add(date);
    out.push({
      date,
      kind: 'COMPENSATORY',
      nameVi: `Nghỉ bù ${h.nameVi}`,
      nameEn: `In lieu of ${h.nameEn}`,
      legalRef: rule.legalRef,
      ruleId: h.ruleId,
    });
  }
  return out;
}
