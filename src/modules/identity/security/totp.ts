/**
 * Authenticator-app codes (RFC 6238 TOTP: HMAC-SHA-1, 6 digits, 30 s steps) and single-use recovery codes.
 * Pure functions: the caller stores the secret (sealed), the last used step and the recovery-code hashes.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { HOTP, Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

const TOTP_ISSUER = 'Công dân số';
const PERIOD = 30;
const DIGITS = 6;
const ALGORITHM = 'SHA1';

export type TotpRefusal = 'identity.totp_wrong' | 'identity.totp_replayed';

export interface TotpEnrolment {
  /** Base32, 160 bits: store sealed; shown to the person only as the QR and for manual entry. */
  secret: string;
  /** `otpauth://totp/…` for authenticator apps. */
  uri: string;
  /** The URI as an SVG QR code. */
  qrSvg: string;
}

/** A new secret with its URI and QR. `account` names the account inside the app, e.g. `0905 123 456`. */
export async function createTotpEnrolment(account: string): Promise<TotpEnrolment> {
  const secret = new Secret({ size: 20 }).base32;
  const uri = totpUri(secret, account);
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secret, uri, qrSvg };
}

export function totpUri(secret: string, account: string): string {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label: account,
    secret: Secret.fromBase32(secret),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD,
  }).toString();
}

/** The 30-second step a moment falls in (RFC 6238's T). */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / PERIOD);
}

/** The code of one step; for tests and for the enrolment screen's "is your app's clock right?" hint. */
export function totpCodeAt(secret: string, step: number, digits = DIGITS): string {
  return HOTP.generate({ secret: Secret.fromBase32(secret), algorithm: ALGORITHM, digits, counter: step });
}

export type TotpVerification = { ok: true; step: number } | { ok: false; reason: TotpRefusal };

/**
 * Accepts the code of the current step or one step either side (clock drift), but only for a step after
 * `lastUsedStep`: a code seen once (shoulder-surfed, phished, replayed) never works again. On success,
 * store the returned step as the new `lastUsedStep`.
 */
export function verifyTotp(
  secret: string,
  code: string,
  options: { now: Date; lastUsedStep: number | null; window?: number; digits?: number },
): TotpVerification {
  const digits = options.digits ?? DIGITS;
  const typed = code.normalize('NFKC').replace(/[\s-]/g, '');
  if (!new RegExp(`^\\d{${digits}}$`).test(typed)) return { ok: false, reason: 'identity.totp_wrong' };
  const current = totpStep(options.now);
  const window = options.window ?? 1;
  let matched: number | null = null;
  let replayed = false;
  // Every step in the window is computed and compared, matched or not, so timing says nothing.
  for (let step = current + window; step >= current - window; step--) {
    if (!sameCode(totpCodeAt(secret, step, digits), typed)) continue;
    if (options.lastUsedStep !== null && step <= options.lastUsedStep) replayed = true;
    else matched ??= step;
  }
  if (matched !== null) return { ok: true, step: matched };
  return { ok: false, reason: replayed ? 'identity.totp_replayed' : 'identity.totp_wrong' };
}

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// Recovery codes: 10 Crockford base32 characters (50 random bits), shown once as `ABCDE-FGHJK`.
// That much entropy makes a fast SHA-256 enough to store them; a slow hash adds nothing here.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RECOVERY_LENGTH = 10;
export const RECOVERY_CODE_COUNT = 10;

export interface RecoveryCodes {
  /** Show once, never store. */
  codes: string[];
  /** Store these (hex SHA-256 of the normalised code). */
  hashes: string[];
}

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): RecoveryCodes {
  const codes = Array.from({ length: count }, () => {
    // 256 is a multiple of 32, so masking five bits keeps every character equally likely.
    const chars = [...randomBytes(RECOVERY_LENGTH)].map((b) => CROCKFORD[b & 31]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
  return { codes, hashes: codes.map((c) => hashRecoveryCode(c) ?? '') };
}

/** People retype codes in lower case, without the dash, with O for 0 and I or L for 1. */
function normaliseRecoveryCode(code: string): string | null {
  const compact = code
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (compact.length !== RECOVERY_LENGTH) return null;
  return [...compact].every((c) => CROCKFORD.includes(c)) ? compact : null;
}

export function hashRecoveryCode(code: string): string | null {
  const normalised = normaliseRecoveryCode(code);
  return normalised ? createHash('sha256').update(normalised).digest('hex') : null;
}

export type RecoverySpend =
  | { ok: true; remaining: string[] }
  | { ok: false; reason: 'identity.recovery_code_wrong' };

/** Spends one recovery code: on success store `remaining`, which no longer holds the used code's hash. */
export function spendRecoveryCode(code: string, storedHashes: readonly string[]): RecoverySpend {
  const hash = hashRecoveryCode(code);
  if (!hash) return { ok: false, reason: 'identity.recovery_code_wrong' };
  const wanted = Buffer.from(hash, 'hex');
  let usedAt = -1;
  storedHashes.forEach((stored, i) => {
    const candidate = Buffer.from(stored, 'hex');
    if (candidate.length === wanted.length && timingSafeEqual(candidate, wanted) && usedAt < 0) usedAt = i;
  });
  if (usedAt < 0) return { ok: false, reason: 'identity.recovery_code_wrong' };
  return { ok: true, remaining: storedHashes.filter((_, i) => i !== usedAt) };
}
