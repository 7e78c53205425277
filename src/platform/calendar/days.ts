import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import { type CivilDate, formatCivil, jdFromDate, jdToDate } from './lunar.js';

/** Working days are counted on the wall calendar of Vietnam, whatever the server's TZ. */
export const VIETNAM_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** A calendar date as `YYYY-MM-DD` (the form stored in `date` columns). */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(iso: IsoDate): CivilDate {
  const m = ISO_DATE.exec(iso);
  if (!m) throw new RangeError(`Expected a date as YYYY-MM-DD, got ${JSON.stringify(iso)}`);
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (formatCivil(jdToDate(jdFromDate(date.day, date.month, date.year))) !== iso) {
    throw new RangeError(`No such date: ${iso}`);
  }
  return date;
}

/** Julian day number: consecutive integers, so date arithmetic is plain addition. */
export function dayNumber(iso: IsoDate): number {
  const { year, month, day } = parseIsoDate(iso);
  return jdFromDate(day, month, year);
}

export function fromDayNumber(jd: number): IsoDate {
  return formatCivil(jdToDate(jd));
}

export function addDays(iso: IsoDate, n: number): IsoDate {
  return fromDayNumber(dayNumber(iso) + n);
}

/** 0 = Sunday … 6 = Saturday, as Date#getDay. */
function weekday(iso: IsoDate): number {
  return (dayNumber(iso) + 1) % 7;
}

export function isWeekend(iso: IsoDate): boolean {
  const d = weekday(iso);
  return d === 0 || d === 6;
}

/** The local date and minutes past midnight of an instant, in `timeZone`. */
export function localParts(instant: Date, timeZone = VIETNAM_TIME_ZONE): { date: IsoDate; minutes: number } {
  const t = new TZDate(instant.getTime(), timeZone);
  return {
    date: formatCivil({ year: t.getFullYear(), month: t.getMonth() + 1, day: t.getDate() }),
    minutes: t.getHours() * 60 + t.getMinutes() + t.getSeconds() / 60 + t.getMilliseconds() / 60_000,
  };
}

/** The instant at `minutes` past local midnight of `date` in `timeZone`. */
export function atLocalTime(date: IsoDate, minutes: number, timeZone = VIETNAM_TIME_ZONE): Date {
  const { year, month, day } = parseIsoDate(date);
  const ms = Math.round(minutes * 60_000);
  const t = new TZDate(year, month - 1, day, 0, 0, 0, 0, timeZone);
  return new Date(t.getTime() + ms);
}

/** `HH:mm` → minutes past midnight. */
export function parseTimeOfDay(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new RangeError(`Expected a time of day as HH:mm, got ${JSON.stringify(hhmm)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** ISO 8601 with the zone's offset, e.g. `2026-02-24T17:00:00+07:00`. */
export function formatLocalIso(instant: Date, timeZone = VIETNAM_TIME_ZONE): string {
  return format(new TZDate(instant.getTime(), timeZone), "yyyy-MM-dd'T'HH:mm:ssXXX");
}
