/**
 * Vietnamese phone numbers (DOMAIN.md §1.5): the one parser for the server and the web, so the browser
 * refuses exactly what the server would. Accounts store mobiles in E.164 (`+84` + 9 digits); people type
 * them in many shapes: `0905 123 456`, `+84 905.123.456`, `84-905-123-456`, `(+84) 0905…`.
 * Pure and without imports: src/ and web/ both import it (web/ imports nothing from src/).
 */

export type PhoneRefusal = 'invalid' | 'landline';

export type ParsedPhone = { ok: true; e164: string } | { ok: false; reason: PhoneRefusal };

/** Mobile prefixes after the trunk 0 (Viettel, Vinaphone, MobiFone, Vietnamobile, Gmobile, iTel). */
const MOBILE = /^(3[2-9]|5[25689]|7[06-9]|8[1-9]|9[0-9])\d{7}$/;
/** Landlines: 02xx + 7 digits, i.e. 10 digits after the trunk 0. */
const LANDLINE = /^2\d{9}$/;
const SEPARATORS = /[\s.\-()/]/g;

/** Parses a mobile number in any common format; landlines are refused with their own reason (no OTP by SMS). */
export function parseMobilePhone(input: string): ParsedPhone {
  const national = nationalDigits(input);
  if (national === null) return { ok: false, reason: 'invalid' };
  if (MOBILE.test(national)) return { ok: true, e164: `+84${national}` };
  if (LANDLINE.test(national)) return { ok: false, reason: 'landline' };
  return { ok: false, reason: 'invalid' };
}

/** E.164 for a mobile number in any common format; undefined for anything else. */
export function normalisePhone(input: string): string | undefined {
  const parsed = parseMobilePhone(input);
  return parsed.ok ? parsed.e164 : undefined;
}

/**
 * True when the input has the shape of a Vietnamese phone number, mobile or landline. A form refuses only
 * input that fails this and leaves the rest (a landline, an unknown prefix) to the server, which says why.
 */
export function looksLikePhone(input: string): boolean {
  return nationalDigits(input) !== null;
}

/** The digits after the country code or trunk 0, or null when the shape is not a Vietnamese number. */
function nationalDigits(input: string): string | null {
  // NFKC turns full-width digits and plus signs (from some phone keyboards) into ASCII.
  const compact = input.normalize('NFKC').replace(SEPARATORS, '');
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

/** `+84905123456` (or the number in any written form) → `0905 123 456`; anything else as it is. */
export function formatPhone(phone: string): string {
  const e164 = normalisePhone(phone);
  if (!e164) return phone;
  return `0${e164.slice(3, 6)} ${e164.slice(6, 9)} ${e164.slice(9)}`;
}

/** `+84905123456` → `09•• ••• 456`: enough to recognise one's own number, not to learn someone else's. */
export function maskPhone(phone: string): string {
  const e164 = normalisePhone(phone);
  return e164 ? `0${e164[3]}•• ••• ${e164.slice(9)}` : '';
}

/** `+84905123456` → `84905123456`: the form Zalo ZNS and eSMS take. */
export function toProviderPhone(e164: string): string {
  return e164.replace(/^\+/, '');
}
