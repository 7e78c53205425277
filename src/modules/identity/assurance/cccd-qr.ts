/**
 * The QR printed on chip CCCD cards (DOMAIN.md §1.2), decoded in the browser and checked here:
 * `CCCD|CMND|Họ và tên|ddMMyyyy|Giới tính|Địa chỉ|ddMMyyyy`. Parsed defensively: the old-ID field is
 * often empty or absent, some scanners append fields, some split the address, and keyboard-wedge
 * scanners on non-US layouts type another character for `|`.
 */
import type { Clock } from '../../../platform/clock.js';
import { type NameParts, normaliseName, splitName } from '../accounts/names.js';
import { type CccdRefusal, type Sex, validateCccd } from './cccd.js';
import type { MapOldAddress, OldAddressMapping } from './old-address.js';

export interface CccdQrData {
  cccd: string;
  /** The 9- or 12-digit CMND printed before the chip card, kept as a historical attribute; null when empty. */
  oldId: string | null;
  fullName: string;
  nameParts: NameParts;
  /** ISO date `YYYY-MM-DD`. */
  dateOfBirth: string;
  sex: Sex;
  /** Permanent residence as printed (pre-2025 units on older cards). */
  address: string;
  /** ISO date `YYYY-MM-DD`. */
  issueDate: string;
}

export type CccdQrField = keyof Omit<CccdQrData, 'nameParts'>;

export type CccdQrRefusal =
  | CccdRefusal
  /** Not the text of a CCCD QR at all (empty, far too long, control characters, no separators). */
  | 'identity.cccd_qr_format'
  /** Fields missing or malformed: fewer than six, no issue date, an empty name, a malformed old ID. */
  | 'identity.cccd_qr_fields'
  /** A date that does not exist, lies in the future, or an issue date before the birth date. */
  | 'identity.cccd_qr_date'
  /** Sex other than `Nam` / `Nữ`. */
  | 'identity.cccd_qr_sex';

export type CccdQrParse =
  | { ok: true; data: CccdQrData }
  | { ok: false; reason: CccdQrRefusal; field?: CccdQrField };

const MAX_LENGTH = 1000;
const MIN_FIELDS = 6;
/** Characters that can never stand for `|`: they occur inside names, addresses and dates. */
const NOT_A_SEPARATOR = /[\p{L}\p{N} ,./\-()]/u;

/** Today's date in Việt Nam (UTC+7 all year, no daylight saving), as `YYYY-MM-DD`. */
export function todayInVietnam(clock: Clock): string {
  return new Date(clock.now().getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
}

function refuse(reason: CccdQrRefusal, field?: CccdQrField): CccdQrParse {
  return field ? { ok: false, reason, field } : { ok: false, reason };
}

/**
 * The field separator: `|`, or, when the text has none, the character right after the 12-digit
 * number (a wedge scanner's substitute). The caller still checks the whole shape, so a wrong guess
 * is refused, never misread.
 */
function separatorOf(text: string): string | null {
  if (text.includes('|')) return '|';
  const candidate = text[12];
  if (!/^\d{12}/.test(text) || candidate === undefined) return null;
  if (candidate !== '\t' && NOT_A_SEPARATOR.test(candidate)) return null;
  return candidate;
}

/** `ddMMyyyy` → `YYYY-MM-DD` when the date exists, else null. */
function isoDate(field: string): string | null {
  const match = /^(\d{2})(\d{2})(\d{4})$/.exec(field);
  if (!match) return null;
  const [, dd, mm, yyyy] = match;
  const iso = `${yyyy}-${mm}-${dd}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}

function sexOf(field: string): Sex | null {
  const word = field.toLocaleLowerCase('vi');
  if (word === 'nam') return 'male';
  if (word === 'nữ') return 'female';
  return null;
}

/** Parses and checks the QR text; `today` (ISO) bounds the dates. */
export function parseCccdQr(raw: string, today: string): CccdQrParse {
  const text = raw
    .normalize('NFC')
    .replace(/^\uFEFF/, '')
    .trim();
  if (!text || text.length > MAX_LENGTH) return refuse('identity.cccd_qr_format');
  const separator = separatorOf(text);
  if (!separator) return refuse('identity.cccd_qr_format');
  const fields = text.split(separator).map((f) => f.replace(/\s+/g, ' ').trim());
  // Whitespace is folded above; any other control character (NUL…) means this is not a QR payload.
  if (fields.some((f) => /\p{Cc}/u.test(f))) return refuse('identity.cccd_qr_format');
  if (fields.length < MIN_FIELDS) return refuse('identity.cccd_qr_fields');

  const number = validateCccd(fields[0] ?? '');
  if (!number.ok) return refuse(number.reason, 'cccd');

  // Some readers drop the old-ID field instead of leaving it empty: then a name follows the number.
  const second = fields[1] ?? '';
  const hasOldIdField = second === '' || /^\d+$/.test(second);
  if (hasOldIdField && second !== '' && !/^(\d{9}|\d{12})$/.test(second)) {
    return refuse('identity.cccd_qr_fields', 'oldId');
  }
  const at = hasOldIdField ? 2 : 1;

  const fullName = normaliseName(fields[at] ?? '');
  if (!/\p{L}/u.test(fullName) || /\p{N}/u.test(fullName))
    return refuse('identity.cccd_qr_fields', 'fullName');

  const dateOfBirth = isoDate(fields[at + 1] ?? '');
  if (!dateOfBirth || dateOfBirth > today || dateOfBirth < '1900-01-01') {
    return refuse('identity.cccd_qr_date', 'dateOfBirth');
  }
  const sex = sexOf(fields[at + 2] ?? '');
  if (!sex) return refuse('identity.cccd_qr_sex', 'sex');

  // The address takes every field up to the issue date (one reader saw it split); later fields are extras.
  const addressAt = at + 3;
  const issueAt = fields.findIndex((f, i) => i > addressAt && /^\d{8}$/.test(f));
  if (issueAt < 0) return refuse('identity.cccd_qr_fields', 'issueDate');
  const issueDate = isoDate(fields[issueAt] ?? '');
  if (!issueDate || issueDate > today || issueDate < dateOfBirth)
    return refuse('identity.cccd_qr_date', 'issueDate');
  const address = fields.slice(addressAt, issueAt).filter(Boolean).join(', ');

  const consistent = validateCccd(number.cccd, { dateOfBirth, sex, today });
  if (!consistent.ok) return refuse(consistent.reason, 'cccd');

  return {
    ok: true,
    data: {
      cccd: number.cccd,
      oldId: second && hasOldIdField ? second : null,
      fullName,
      nameParts: splitName(fullName),
      dateOfBirth,
      sex,
      address,
      issueDate,
    },
  };
}

export interface CccdQrReading extends CccdQrData {
  /** Today's commune for the printed address; null when no mapper is given or the address is empty. */
  addressMapping: OldAddressMapping | null;
}

export type CccdQrRead =
  | { ok: true; data: CccdQrReading }
  | { ok: false; reason: CccdQrRefusal; field?: CccdQrField };

/** Parses the QR against the clock's today and converts the printed pre-2025 address when a mapper is given. */
export async function readCccdQr(
  raw: string,
  deps: { clock: Clock; mapOldAddress?: MapOldAddress },
): Promise<CccdQrRead> {
  const parsed = parseCccdQr(raw, todayInVietnam(deps.clock));
  if (!parsed.ok) return parsed;
  const addressMapping =
    deps.mapOldAddress && parsed.data.address ? await deps.mapOldAddress(parsed.data.address) : null;
  return { ok: true, data: { ...parsed.data, addressMapping } };
}
