import { createHash } from 'node:crypto';
import {
  atLocalTime,
  dayNumber,
  fromDayNumber,
  type IsoDate,
  isWeekend,
  localParts,
  parseTimeOfDay,
  VIETNAM_TIME_ZONE,
} from './days.js';
import type { HolidayKind } from './rules.js';

/** What the working-day arithmetic needs from a holiday-table row. */
export interface CalendarDay {
  date: IsoDate;
  kind: HolidayKind;
}

/** Working days never run further than this from the start (about 27 years): a guard, not a rule. */
const MAX_SCAN_DAYS = 10_000;

/**
 * Civil-service working days in Vietnam: Monday–Friday, minus HOLIDAY and COMPENSATORY days,
 * plus SWAP_WORKDAY weekends. Pure and immutable: build a new one when the table changes.
 * Instants are read on the wall calendar of `timeZone` (Asia/Ho_Chi_Minh).
 */
export class WorkingCalendar {
  private readonly exceptions: ReadonlyMap<IsoDate, HolidayKind>;
  /** Short hash of the rows: store it beside a computed deadline to know which calendar made it. */
  readonly revision: string;

  constructor(
    days: readonly CalendarDay[],
    readonly timeZone: string = VIETNAM_TIME_ZONE,
  ) {
    const sorted = [...days].sort((a, b) => a.date.localeCompare(b.date));
    this.exceptions = new Map(sorted.map((d) => [d.date, d.kind]));
    this.revision = createHash('sha256')
      .update(sorted.map((d) => `${d.date}:${d.kind}`).join('\n'))
      .digest('hex')
      .slice(0, 12);
  }

  /** A `YYYY-MM-DD` date, or the local date of an instant. */
  isWorkingDay(date: Date | IsoDate): boolean {
    const iso = typeof date === 'string' ? date : localParts(date, this.timeZone).date;
    const kind = this.exceptions.get(iso);
    if (kind === 'SWAP_WORKDAY') return true;
    if (kind === 'HOLIDAY' || kind === 'COMPENSATORY') return false;
    return !isWeekend(iso);
  }

  /** The first working day strictly after `date` (or before it, with `direction` -1). */
  nextWorkingDay(date: IsoDate, direction: 1 | -1 = 1): IsoDate {
    return this.stepWorkingDays(date, direction);
  }

  /**
   * The same local time of day, `n` working days after the local date of `from` (before it when
   * n < 0). The start day itself is never counted, whether or not it is a working day.
   */
  addWorkingDays(from: Date, n: number): Date {
    if (!Number.isInteger(n)) throw new RangeError(`n must be an integer, got ${n}`);
    const { date, minutes } = localParts(from, this.timeZone);
    return atLocalTime(this.stepWorkingDays(date, n), minutes, this.timeZone);
  }

  /** `YYYY-MM-DD` form of addWorkingDays. */
  addWorkingDaysToDate(date: IsoDate, n: number): IsoDate {
    if (!Number.isInteger(n)) throw new RangeError(`n must be an integer, got ${n}`);
    return this.stepWorkingDays(date, n);
  }

  /**
   * Working days in the local-date interval (a, b]: the n for which addWorkingDays(a, n) falls on
   * b's date when b is a working day. Negative when b is before a.
   */
  workingDaysBetween(a: Date | IsoDate, b: Date | IsoDate): number {
    const from = dayNumber(typeof a === 'string' ? a : localParts(a, this.timeZone).date);
    const to = dayNumber(typeof b === 'string' ? b : localParts(b, this.timeZone).date);
    const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
    if (hi - lo > MAX_SCAN_DAYS) throw new RangeError('Interval too long for working-day counting');
    let count = 0;
    for (let jd = lo + 1; jd <= hi; jd++) if (this.isWorkingDay(fromDayNumber(jd))) count++;
    return sign * count;
  }

  private stepWorkingDays(date: IsoDate, n: number): IsoDate {
    const step = n < 0 ? -1 : 1;
    let jd = dayNumber(date);
    let remaining = Math.abs(n);
    let scanned = 0;
    while (remaining > 0) {
      jd += step;
      if (++scanned > MAX_SCAN_DAYS) throw new RangeError('Too many working days to add');
      if (this.isWorkingDay(fromDayNumber(jd))) remaining--;
    }
    return fromDayNumber(jd);
  }
}

export interface DeadlineOptions {
  /** Local time of day the due working day ends; the deadline is that instant. Default 17:00. */
  endOfDay?: string;
}

export interface Deadline {
  /** The working day the dossier counts as received (after the cut-off or on a day off: the next one). */
  receivedOn: IsoDate;
  /** The last working day of the period. */
  dueOn: IsoDate;
  dueAt: Date;
}

/**
 * The deadline of a period of `nWorkingDays` working days for something received at `receivedAt`.
 * Receipt on a day off, or at or after the `cutoff` (HH:mm local), counts as receipt on the next
 * working day. As in Bộ luật Dân sự 2015 Điều 147, the day of receipt is not counted: the period
 * starts on the following working day, so 3 working days from Monday morning end Thursday. The
 * deadline is the end of the last working day (`endOfDay`, 17:00 by default). 0 days: the
 * same working day (procedures resolved "trong ngày").
 */
export function computeDeadline(
  receivedAt: Date,
  nWorkingDays: number,
  calendar: WorkingCalendar,
  cutoff: string,
  options: DeadlineOptions = {},
): Deadline {
  if (!Number.isInteger(nWorkingDays) || nWorkingDays < 0) {
    throw new RangeError(`nWorkingDays must be a whole number ≥ 0, got ${nWorkingDays}`);
  }
  const cutoffMinutes = parseTimeOfDay(cutoff);
  const endOfDay = parseTimeOfDay(options.endOfDay ?? '17:00');
  const local = localParts(receivedAt, calendar.timeZone);
  const receivedOn =
    calendar.isWorkingDay(local.date) && local.minutes < cutoffMinutes
      ? local.date
      : calendar.nextWorkingDay(local.date);
  const dueOn = calendar.addWorkingDaysToDate(receivedOn, nWorkingDays);
  return { receivedOn, dueOn, dueAt: atLocalTime(dueOn, endOfDay, calendar.timeZone) };
}

/** `(receivedAt, nWorkingDays, calendar, cutoff) → dueAt`: the instant to store on the dossier. */
export function dueAt(
  receivedAt: Date,
  nWorkingDays: number,
  calendar: WorkingCalendar,
  cutoff: string,
  options: DeadlineOptions = {},
): Date {
  return computeDeadline(receivedAt, nWorkingDays, calendar, cutoff, options).dueAt;
}
