/**
 * Small text helpers for the chip-card pages. The server is the judge of a number's validity
 * (src/modules/identity/cccd.ts); these only shape what the browser shows or pre-fills.
 */

/** Digits people type or scan, without the spaces between groups; full-width digits become ASCII. */
export function compactCccd(input: string): string {
  return input.normalize('NFKC').replace(/[\s.-]+/g, '');
}

/**
 * `•••••••••456`: the last three digits only, as the server masks it, so a number never sits whole on a
 * screen others may see. Anything that is not 12 digits is masked whole.
 */
export function maskCccd(input: string): string {
  const digits = compactCccd(input);
  if (!/^\d{12}$/.test(digits)) return '•'.repeat(Math.min(Math.max(digits.length, 1), 12));
  return `${'•'.repeat(9)}${digits.slice(9)}`;
}

/**
 * The 12-digit number at the start of the text read from a card's QR (`CCCD|CMND|…`), or null when the
 * text does not start that way (another QR, or a number of the wrong length).
 */
export function cccdFromQrText(text: string): string | null {
  const match = /^(\d{12})(?!\d)/.exec(
    text
      .normalize('NFKC')
      .replace(/^\uFEFF/, '')
      .trimStart(),
  );
  return match?.[1] ?? null;
}

/** `1990-03-15` → `15/03/1990` without going through Date (no time zone can shift a birth date). */
export function formatIsoDate(iso: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : '';
}

/** Width and height scaled down (never up) so the longer side is at most `max`, keeping the aspect ratio. */
export function fitWithin(width: number, height: number, max: number): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= max || longest === 0) return { width, height };
  const scale = max / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}
