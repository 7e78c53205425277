/**
 * Vietnamese phone numbers (DOMAIN.md §1.5). Accounts store mobiles in E.164 (`+84` + 9 digits);
 * people type them in many shapes: `0905 123 456`, `+84 905.123.456`, `84-905-123-456`, `(+84) 0905…`.
 */

export type PhoneRefusal = 'identity.phone_invalid' | 'identity.phone_landline';

export type ParsedPhone = { ok: true; e164: string } | { ok: false; reason: PhoneRefusal };

/** Mobile prefixes after the trunk 0 (Viettel, Vinaphone, MobiFone, Vietnamobile, Gmobile, iTel). */
const MOBILE = /^(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-9])\d{7}$/;
/** Landlines: 02xx + 7 digits, i.e. 10 digits after the trunk 0. */
const LANDLINE = /^2\d{9}$/;
const SEPARATORS = /[\s.\-()/]/g;

/** Parses a mobile number in any common format; landlines are refused with their own reason (no OTP by SMS). */
export function parseMobilePhone(input: string): ParsedPhone {
  // NFKC turns full-width digits and plus signs (from some phone keyboards) into ASCII.
  const compact = input.normalize('NFKC').replace(SEPARATORS, '');
  const national = nationalDigits(compact);
  if (national === null) return { ok: false, reason: 'identity.phone_invalid' };
  if (MOBILE.test(national)) return { ok: true, e164: `+84${national}` };
  if (LANDLINE.test(national)) return { ok: false, reason: 'identity.phone_landline' };
  return { ok: false, reason: 'identity.phone_invalid' };
}

/** The digits after the country code or trunk 0, or null when the shape is not a Vietnamese number. */
function nationalDigits(compact: string): string | null {
  let rest: string;
  if (compact.startsWith('+84')) rest = compact.slice(3);
  else if (compact.startsWith('0084')) rest = compact.slice(4);
  else if (compact.startsWith('84') && compact.length >= 11) rest = compact.slice(2);
  else if (compact.startsWith('0')) rest = compact.slice(1);
  else return null;
  // "+84 (0) 905…" and "840905…": the trunk 0 kept after the country code.
  if (rest.startsWith('0') && compact[0] !== '0') rest = rest.slice(1);
  return /^\d{9,10}$/.test(rest) ? rest : null;
}

/** E.164 for a valid mobile number; throws on anything else (use parseMobilePhone for user input). */
export function normalisePhone(input: string): string {
  const parsed = parseMobilePhone(input);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.e164;
}

function domestic(e164: string): string {
  if (!/^\+84\d{9}$/.test(e164)) throw new Error('identity.phone_invalid');
  return `0${e164.slice(3)}`;
}

/** `+84905123456` → `0905 123 456`, as people write it. */
export function formatPhone(e164: string): string {
  const d = domestic(e164);
  return `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}`;
}

/** `+84905123456` → `09•• ••• 456`: enough to recognise one's own number, not to learn someone else's. */
export function maskPhone(e164: string): string {
  const d = domestic(e164);
  return `${d.slice(0, 2)}•• ••• ${d.slice(7)}`;
}

/** Zalo ZNS wants `84xxxxxxxxx` without the plus. */
export function zaloPhone(e164: string): string {
  domestic(e164);
  return e164.slice(1);
}
