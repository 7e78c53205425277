import { createHmac, hkdfSync, randomInt, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../../platform/http/errors.js';

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

function otpCodeMatches(keys: OtpKeys, challengeId: string, code: string, storedHash: string): boolean {
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashOtpCode(keys, challengeId, code), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Whether the typed code is any of the live codes of a challenge (a resent code does not cancel an earlier
 * one). Every candidate is compared, no early exit, so timing does not tell how many codes are live.
 */
export function codeMatchesAny(
  keys: OtpKeys,
  candidates: ReadonlyArray<{ id: string; code_hash: string }>,
  code: string,
): boolean {
  const matches = candidates.map((c) => otpCodeMatches(keys, c.id, code, c.code_hash));
  return matches.includes(true);
}

/** A 429 for a code asked for too soon or too often, with the wait in seconds (and Retry-After). */
export function tooSoon(code: 'identity.otp_too_soon' | 'identity.otp_too_many', until: number, now: Date) {
  const seconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
  return new DomainError('rate_limited', code, { seconds, minutes: Math.ceil(seconds / 60) }, [], seconds);
}

/** Lets the per-IP limit count requests without keeping addresses (personal data). */
export function hashIp(keys: OtpKeys, ip: string): string {
  return createHmac('sha256', keys.ip).update(ip).digest('hex');
}

/** What people type or paste: `123 456`, `123-456`, full-width digits. */
export function cleanOtpInput(input: string): string {
  return input.normalize('NFKC').replace(/[\s-]/g, '');
}
