/**
 * Normalises what people type for a Vietnamese mobile number (+84, 84, spaces, dots, dashes) to the
 * national 10-digit form, or returns null when it cannot be one.
 */
export function normaliseMobile(input: string): string | null {
  const compact = input.replace(/[\s.\-()]/g, '');
  const national = compact.replace(/^(\+84|84)(?=\d{9}$)/, '0');
  return /^0[35789]\d{8}$/.test(national) ? national : null;
}
