/**
 * The Vietnamese lunisolar calendar (âm lịch), after Hồ Ngọc Đức's published algorithm
 * (informatik.uni-leipzig.de/~duc/amlich/): astronomical new moons and solar terms, evaluated
 * at the local meridian. Vietnam uses UTC+7 and China UTC+8, so new-moon days, and sometimes
 * Tết, differ (Tết 1985: Vietnam 21/01, China 20/02). Never substitute a Chinese lunar library.
 */

/** A civil (Gregorian, or Julian before 15/10/1582) calendar date. */
export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

export interface LunarDate {
  year: number;
  month: number;
  day: number;
  /** True in a leap month (tháng nhuận), which repeats the number of the month before it. */
  leap: boolean;
}

/** Hours east of UTC; Vietnam since 1975. */
const VIETNAM_UTC_OFFSET = 7;

const SYNODIC_MONTH = 29.530588853;
/** Julian day of the new moon of 1900-01-01, the epoch of the month index k. */
const NEW_MOON_EPOCH = 2415021.076998695;
const RAD = Math.PI / 180;

/** Julian day number of a civil date (noon). */
export function jdFromDate(day: number, month: number, year: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  const jd =
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045;
  if (jd >= 2299161) return jd;
  // Before the Gregorian reform the Julian calendar applies.
  return day + Math.floor((153 * m + 2) / 5) + 365 * y + Math.floor(y / 4) - 32083;
}

/** The civil date of a Julian day number. */
export function jdToDate(jd: number): CivilDate {
  let b: number;
  let c: number;
  if (jd > 2299160) {
    const a = jd + 32044;
    b = Math.floor((4 * a + 3) / 146097);
    c = a - Math.floor((b * 146097) / 4);
  } else {
    b = 0;
    c = jd + 32082;
  }
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: b * 100 + d - 4800 + Math.floor(m / 10),
  };
}

/** Julian date (fractional, UT) of the k-th new moon after 1900-01-01 (Meeus, low precision). */
function newMoon(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  let jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
  jd1 += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * RAD);
  const m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3; // sun's mean anomaly
  const mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3; // moon's mean anomaly
  const f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3; // moon's argument of latitude
  let c1 = (0.1734 - 0.000393 * t) * Math.sin(m * RAD) + 0.0021 * Math.sin(2 * RAD * m);
  c1 = c1 - 0.4068 * Math.sin(mpr * RAD) + 0.0161 * Math.sin(RAD * 2 * mpr);
  c1 = c1 - 0.0004 * Math.sin(RAD * 3 * mpr);
  c1 = c1 + 0.0104 * Math.sin(RAD * 2 * f) - 0.0051 * Math.sin(RAD * (m + mpr));
  c1 = c1 - 0.0074 * Math.sin(RAD * (m - mpr)) + 0.0004 * Math.sin(RAD * (2 * f + m));
  c1 = c1 - 0.0004 * Math.sin(RAD * (2 * f - m)) - 0.0006 * Math.sin(RAD * (2 * f + mpr));
  c1 = c1 + 0.001 * Math.sin(RAD * (2 * f - mpr)) + 0.0005 * Math.sin(RAD * (2 * mpr + m));
  const deltaT =
    t < -11
      ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
      : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd1 + c1 - deltaT;
}

/** Julian day number of the local day on which the k-th new moon falls. */
function newMoonDay(k: number, timeZone: number): number {
  return Math.floor(newMoon(k) + 0.5 + timeZone / 24);
}

/** The sun's apparent longitude in radians [0, 2π) at Julian date `jdn` (UT). */
function sunLongitude(jdn: number): number {
  const t = (jdn - 2451545.0) / 36525;
  const t2 = t * t;
  const m = 357.5291 + 35999.0503 * t - 0.0001559 * t2 - 0.00000048 * t * t2; // mean anomaly
  const l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2; // mean longitude
  let dl = (1.9146 - 0.004817 * t - 0.000014 * t2) * Math.sin(RAD * m);
  dl += (0.019993 - 0.000101 * t) * Math.sin(RAD * 2 * m) + 0.00029 * Math.sin(RAD * 3 * m);
  const l = (l0 + dl) * RAD;
  return l - 2 * Math.PI * Math.floor(l / (2 * Math.PI));
}

/** Which 30° sector (0–11) the sun is in at the start of local day `dayNumber`. */
function sunLongitudeSector(dayNumber: number, timeZone: number): number {
  return Math.floor((sunLongitude(dayNumber - 0.5 - timeZone / 24) / Math.PI) * 6);
}

/** Day number of the start of lunar month 11 (the month holding the winter solstice) of `year`. */
function lunarMonth11(year: number, timeZone: number): number {
  const off = jdFromDate(31, 12, year) - 2415021;
  const k = Math.floor(off / SYNODIC_MONTH);
  const nm = newMoonDay(k, timeZone);
  // Sector 9 starts at 270°, the winter solstice: a month starting after it is month 12.
  return sunLongitudeSector(nm, timeZone) >= 9 ? newMoonDay(k - 1, timeZone) : nm;
}

/**
 * In a 13-month year starting at month 11 (`a11`), the offset of the leap month: the first month
 * without a major solar term (trung khí), i.e. the sun stays in the same sector all month.
 */
function leapMonthOffset(a11: number, timeZone: number): number {
  const k = Math.floor((a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH + 0.5);
  let i = 1;
  let arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  let last: number;
  do {
    last = arc;
    i++;
    arc = sunLongitudeSector(newMoonDay(k + i, timeZone), timeZone);
  } while (arc !== last && i < 14);
  return i - 1;
}

function toCivil(date: CivilDate | string): CivilDate {
  if (typeof date !== 'string') return date;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`Expected a date as YYYY-MM-DD, got ${JSON.stringify(date)}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** The lunar date of a civil date (`{year, month, day}` or `YYYY-MM-DD`). */
export function solarToLunar(date: CivilDate | string, timeZone = VIETNAM_UTC_OFFSET): LunarDate {
  const { year, month, day } = toCivil(date);
  const dayNumber = jdFromDate(day, month, year);
  const k = Math.floor((dayNumber - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let monthStart = newMoonDay(k + 1, timeZone);
  if (monthStart > dayNumber) monthStart = newMoonDay(k, timeZone);
  let a11 = lunarMonth11(year, timeZone);
  let b11 = a11;
  let lunarYear: number;
  if (a11 >= monthStart) {
    lunarYear = year;
    a11 = lunarMonth11(year - 1, timeZone);
  } else {
    lunarYear = year + 1;
    b11 = lunarMonth11(year + 1, timeZone);
  }
  const diff = Math.floor((monthStart - a11) / 29);
  let lunarMonth = diff + 11;
  let leap = false;
  if (b11 - a11 > 365) {
    const leapDiff = leapMonthOffset(a11, timeZone);
    if (diff >= leapDiff) {
      lunarMonth = diff + 10;
      leap = diff === leapDiff;
    }
  }
  if (lunarMonth > 12) lunarMonth -= 12;
  if (lunarMonth >= 11 && diff < 4) lunarYear -= 1;
  return { year: lunarYear, month: lunarMonth, day: dayNumber - monthStart + 1, leap };
}

/**
 * The civil date of a lunar date. Throws RangeError when the date does not exist: a leap month
 * that year does not have, or day 30 of a 29-day month.
 */
export function lunarToSolar(
  day: number,
  month: number,
  year: number,
  leap = false,
  timeZone = VIETNAM_UTC_OFFSET,
): CivilDate {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`No lunar month ${month}`);
  if (!Number.isInteger(day) || day < 1 || day > 30) throw new RangeError(`No lunar day ${day}`);
  let a11: number;
  let b11: number;
  if (month < 11) {
    a11 = lunarMonth11(year - 1, timeZone);
    b11 = lunarMonth11(year, timeZone);
  } else {
    a11 = lunarMonth11(year, timeZone);
    b11 = lunarMonth11(year + 1, timeZone);
  }
  const k = Math.floor(0.5 + (a11 - NEW_MOON_EPOCH) / SYNODIC_MONTH);
  let off = month - 11;
  if (off < 0) off += 12;
  if (b11 - a11 > 365) {
    const leapOff = leapMonthOffset(a11, timeZone);
    let leapMonth = leapOff - 2;
    if (leapMonth < 0) leapMonth += 12;
    if (leap && month !== leapMonth) throw new RangeError(`Lunar year ${year} has no leap month ${month}`);
    if (leap || off >= leapOff) off += 1;
  } else if (leap) {
    throw new RangeError(`Lunar year ${year} has no leap month`);
  }
  const monthStart = newMoonDay(k + off, timeZone);
  const nextMonthStart = newMoonDay(k + off + 1, timeZone);
  if (monthStart + day - 1 >= nextMonthStart) {
    throw new RangeError(`Lunar month ${month}/${year} has only ${nextMonthStart - monthStart} days`);
  }
  return jdToDate(monthStart + day - 1);
}

/** `YYYY-MM-DD` of a civil date. */
export function formatCivil(d: CivilDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}
