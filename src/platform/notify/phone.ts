/**
 * Vietnamese mobile numbers in any common written form (0905 123 456, +84 905-123-456, 84905123456,
 * (+84)905.123.456) → E.164 (+84905123456). Undefined for anything that is not a 10-digit mobile number.
 * Kept here because platform/ imports no module; identity has its own rules for sign-in (landlines).
 */
export function normalizePhone(input: string): string | undefined {
  const compact = input.trim().replace(/[\s.\-()]/g, '');
  let national: string | undefined;
  if (/^\+84\d+$/.test(compact)) national = compact.slice(3);
  else if (/^0084\d+$/.test(compact)) national = compact.slice(4);
  else if (/^84\d{9}$/.test(compact)) national = compact.slice(2);
  else if (/^0\d{9}$/.test(compact)) national = compact.slice(1);
  if (!national) return undefined;
  if (national.startsWith('0')) national = national.slice(1);
  // Mobile prefixes since the 2018 renumbering start with 3, 5, 7, 8 or 9; nine digits follow the 0.
  return /^[35789]\d{8}$/.test(national) ? `+84${national}` : undefined;
}

/** `+84905123456` → `84905123456`: the form Zalo and eSMS take. */
export function toProviderPhone(e164: string): string {
  return e164.replace(/^\+/, '');
}

/** A phone number or an e-mail address, as the dev outbox stores it; undefined when it is neither. */
export function normalizeAddress(input: string): string | undefined {
  const trimmed = input.trim();
  if (trimmed.includes('@')) return /^[^\s@]+@[^\s@]+$/.test(trimmed) ? trimmed.toLowerCase() : undefined;
  return normalizePhone(trimmed);
}
