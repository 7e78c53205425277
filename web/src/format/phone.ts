/** The digits of a Vietnamese number in the national form (0…), whatever way it was typed, or null. */
function nationalDigits(input: string): string | null {
  const compact = input.normalize('NFKC').replace(/[\s.\-()/]/g, '');
  const national = compact.replace(/^(\+84|0084|84(?=\d{9,10}$))0?/, '0');
  return /^0\d{9,10}$/.test(national) ? national : null;
}

/**
 * Normalises what people type for a Vietnamese mobile number (+84, 84, spaces, dots, dashes) to the
 * national 10-digit form, or returns null when it cannot be one.
 */
export function normaliseMobile(input: string): string | null {
  const national = nationalDigits(input);
  return national && /^0[35789]\d{8}$/.test(national) ? national : null;
}

/**
 * True when the input has the shape of a Vietnamese phone number (mobile or landline). Only clearly
 * wrong input is refused in the browser; the server decides the rest (landline, unknown prefix) and
 * says why in its own words.
 */
export function looksLikePhone(input: string): boolean {
  return nationalDigits(input) !== null;
}

function domestic(phone: string): string | null {
  if (/^\+84\d{9}$/.test(phone)) return `0${phone.slice(3)}`;
  return /^0\d{9}$/.test(phone) ? phone : null;
}

/** `+84905123456` or `0905123456` → `0905 123 456`, as people write it. */
export function formatPhone(phone: string): string {
  const d = domestic(phone);
  return d ? `${d.slice(0, 4)} ${d.slice(4, 7)} ${d.slice(7)}` : phone;
}

/** `0905123456` → `09•• ••• 456`: enough to recognise one's own number on a screen others may see. */
export function maskPhone(phone: string): string {
  const d = domestic(phone);
  return d ? `${d.slice(0, 2)}•• ••• ${d.slice(7)}` : '';
}
