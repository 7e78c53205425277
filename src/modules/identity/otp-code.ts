import { createHmac, hkdfSync, randomInt, timingSafeEqual } from 'node:crypto';

export const OTP_DIGITS = 6;

/**
 * Keys for one-time codes, derived from the master key. A six-digit code has only a million values, so
 * a plain or salted hash could be reversed from a leaked table in seconds; an HMAC under a secret
 * that never leaves the server cannot.
 */
export interface OtpKeys {
  code: Buffer;
  ip: Buffer;
}

export function deriveOtpKeys(masterKey: Buffer): OtpKeys {
  const derive = (info: string) =>
    Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `congdanso:identity:${info}:v1`, 32));
  return { code: derive('otp-code'), ip: derive('otp-ip') };
}

export function newOtpCode(): string {
  return String(randomInt(0, 10 ** OTP_DIGITS)).padStart(OTP_DIGITS, '0');
}

/** Bound to the challenge id, so the same code in two challenges hashes differently. */
export function hashOtpCode(keys: OtpKeys, challengeId: string, code: string): string {
  return createHmac('sha256', keys.code).update(`${challengeId}:${code}`).digest('hex');
}

export function otpCodeMatches(
  keys: OtpKeys,
  challengeId: string,
  code: string,
  storedHash: string,
): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashOtpCode(keys, challengeId, code), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Lets the per-IP limit count requests without keeping addresses (personal data). */
export function hashIp(keys: OtpKeys, ip: string): string {
  return createHmac('sha256', keys.ip).update(ip).digest('hex');
}

/** What people type or paste: `123 456`, `123-456`, full-width digits. */
export function cleanOtpInput(input: string): string {
  return input.normalize('NFKC').replace(/[\s-]/g, '');
}
