/**
 * Số định danh cá nhân / CCCD numbers (DOMAIN.md §1.1): `PPP G YY RRRRRR`, 12 digits, no check digit.
 * PPP = province where the birth was registered (pre-2025 GSO codes), G = century and sex
 * (even = male, odd = female; 0/1 = 1900s … 8/9 = 2300s), YY = last two digits of the birth year.
 */

export type Sex = 'male' | 'female';

export type CccdRefusal = 'identity.cccd_format' | 'identity.cccd_province' | 'identity.cccd_century';

export interface CccdFacts {
  /** The 12 digits, as a string: leading zeros matter. */
  cccd: string;
  /** Pre-2025 province code of the birth registration, e.g. `048` (never the current province). */
  provinceCode: string;
  sex: Sex;
  birthYear: number;
}

export type CccdCheck =
  | ({ ok: true } & CccdFacts)
  | { ok: false; reason: CccdRefusal; mismatch?: 'birth_year' | 'sex' };

export interface CccdContext {
  /** ISO date `YYYY-MM-DD` (or just the year) the number must agree with. */
  dateOfBirth?: string;
  sex?: Sex;
  /** ISO date of today: a birth year encoded after it is refused. */
  today?: string;
}

/**
 * The 63 pre-2025 province codes. Both 048 (Đà Nẵng) and 049 (Quảng Nam) belong to today's Đà Nẵng,
 * and which of them births registered in old Quảng Nam now get is unknown, so both are accepted.
 */
export const CCCD_PROVINCE_CODES: ReadonlySet<string> = new Set(
  (
    '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 038 ' +
    '040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 080 082 ' +
    '083 084 086 087 089 091 092 093 094 095 096'
  ).split(' '),
);

/** Whitespace people type between digit groups (`001 090 123 456`); full-width digits become ASCII. */
function compact(input: string): string {
  return input.normalize('NFKC').replace(/\s+/g, '');
}

export function validateCccd(input: string, context: CccdContext = {}): CccdCheck {
  const cccd = compact(input);
  if (!/^\d{12}$/.test(cccd)) return { ok: false, reason: 'identity.cccd_format' };
  const provinceCode = cccd.slice(0, 3);
  if (!CCCD_PROVINCE_CODES.has(provinceCode)) return { ok: false, reason: 'identity.cccd_province' };

  const centuryDigit = Number(cccd[3]);
  const sex: Sex = centuryDigit % 2 === 0 ? 'male' : 'female';
  const birthYear = 1900 + Math.floor(centuryDigit / 2) * 100 + Number(cccd.slice(4, 6));

  const expectedYear = context.dateOfBirth ? yearOf(context.dateOfBirth) : null;
  if (expectedYear !== null && expectedYear !== birthYear) {
    return { ok: false, reason: 'identity.cccd_century', mismatch: 'birth_year' };
  }
  if (context.sex && context.sex !== sex)
    return { ok: false, reason: 'identity.cccd_century', mismatch: 'sex' };
  const currentYear = context.today ? yearOf(context.today) : null;
  if (currentYear !== null && birthYear > currentYear) {
    return { ok: false, reason: 'identity.cccd_century', mismatch: 'birth_year' };
  }
  return { ok: true, cccd, provinceCode, sex, birthYear };
}

function yearOf(isoDate: string): number | null {
  const match = /^(\d{4})(?:-\d{2}-\d{2})?$/.exec(isoDate.trim());
  return match ? Number(match[1]) : null;
}

/**
 * `•••••••••456`: the last three digits only, for screens and logs. Anything that is not a full
 * number is masked whole, so a mistyped number never leaks either.
 */
export function maskCccd(input: string): string {
  const cccd = compact(input);
  if (!/^\d{12}$/.test(cccd)) return '•'.repeat(12);
  return `${'•'.repeat(9)}${cccd.slice(9)}`;
}
