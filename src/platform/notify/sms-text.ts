// GSM 03.38 default alphabet and its extension table (each extension char costs an escape + itself).
const GSM_BASIC = new Set(
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà',
);
const GSM_EXTENDED = new Set('^{}\\[~]|€\f');

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsLength {
  encoding: SmsEncoding;
  /** Septets for GSM-7 (extension chars count 2), UTF-16 code units for UCS-2. */
  units: number;
  segments: number;
}

/** How an SMS will be sent and billed: 160/153 GSM-7 septets or 70/67 UCS-2 units per segment. */
export function smsLength(text: string): SmsLength {
  let septets = 0;
  for (const ch of text) {
    if (GSM_BASIC.has(ch)) septets += 1;
    else if (GSM_EXTENDED.has(ch)) septets += 2;
    else {
      const units = text.length;
      return { encoding: 'UCS-2', units, segments: segmentsOf(units, 70, 67) };
    }
  }
  return { encoding: 'GSM-7', units: septets, segments: segmentsOf(septets, 160, 153) };
}

function segmentsOf(units: number, single: number, perPart: number): number {
  if (units === 0) return 0;
  return units <= single ? 1 : Math.ceil(units / perPart);
}

/**
 * Vietnamese without diacritics ("Mã xác thực" → "Ma xac thuc", đ → d), as brandname SMS is usually
 * sent: one diacritic forces UCS-2 and more than halves what fits in a segment.
 */
export function stripDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .normalize('NFC');
}
