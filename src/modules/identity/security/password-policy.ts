/**
 * What a new password must satisfy before it is hashed (argon2id, passwords.ts): long enough, not in the
 * list of the most used / breached passwords shipped in seed/identity/common-passwords.txt, and not built
 * from the person's own phone number, name or e-mail address (the first things an attacker tries).
 */
import { readFile } from 'node:fs/promises';
import { searchKey } from '../accounts/names.js';

export type PasswordRefusal =
  | 'identity.password_too_short'
  | 'identity.password_common'
  | 'identity.password_personal';

export type PasswordCheck =
  | { ok: true }
  | { ok: false; reason: PasswordRefusal; params: { minLength?: number; part?: 'phone' | 'name' | 'email' } };

export interface PersonalDetails {
  /** Any common format; only its digits are used. */
  phone?: string | null;
  fullName?: string | null;
  email?: string | null;
}

export interface PasswordPolicy {
  minLength: number;
  common: ReadonlySet<string>;
}

export const DEFAULT_MIN_PASSWORD_LENGTH = 10;

const COMMON_LIST = new URL('../../../../seed/identity/common-passwords.txt', import.meta.url);
let common: Promise<ReadonlySet<string>> | undefined;

/** The shipped list, lower case, read once. */
export function loadCommonPasswords(): Promise<ReadonlySet<string>> {
  common ??= readFile(COMMON_LIST, 'utf8').then(
    (text) =>
      new Set(
        text
          .split('\n')
          .map((line) => line.trim().toLowerCase())
          .filter(Boolean),
      ),
  );
  return common;
}

export async function defaultPasswordPolicy(
  minLength = DEFAULT_MIN_PASSWORD_LENGTH,
): Promise<PasswordPolicy> {
  return { minLength, common: await loadCommonPasswords() };
}

export function checkPassword(
  password: string,
  personal: PersonalDetails,
  policy: PasswordPolicy,
): PasswordCheck {
  const text = password.normalize('NFC');
  // Code points, not UTF-16 units: "ữ" is one character to the person typing it.
  if ([...text].length < policy.minLength) {
    return { ok: false, reason: 'identity.password_too_short', params: { minLength: policy.minLength } };
  }
  if (isCommon(text.toLowerCase(), policy.common))
    return { ok: false, reason: 'identity.password_common', params: {} };
  const part = personalPart(text, personal);
  if (part) return { ok: false, reason: 'identity.password_personal', params: { part } };
  return { ok: true };
}

/** `Password2024!` is `password` with decorations: strip leading/trailing digits and symbols too. */
function isCommon(lower: string, list: ReadonlySet<string>): boolean {
  if (list.has(lower)) return true;
  const core = lower.replace(/^[\d\p{P}\p{S}\s]+|[\d\p{P}\p{S}\s]+$/gu, '');
  return core.length >= 4 && list.has(core);
}

function personalPart(password: string, personal: PersonalDetails): 'phone' | 'name' | 'email' | null {
  const digits = password.replace(/\D/g, '');
  if (phoneFragments(personal.phone).some((f) => digits.includes(f))) return 'phone';
  const key = searchKey(password).replace(/[^a-z0-9]/g, '');
  if (nameFragments(personal.fullName).some((f) => key.includes(f))) return 'name';
  if (emailFragments(personal.email).some((f) => key.includes(f))) return 'email';
  return null;
}

/** The nine digits after +84 / 0 (`905123456`), and the last six, which people use on their own. */
function phoneFragments(phone: string | null | undefined): string[] {
  const digits = (phone ?? '').replace(/\D/g, '');
  if (digits.length < 9) return [];
  const national = digits.slice(-9);
  return [national, national.slice(-6)];
}

/**
 * Family and given names of three letters or more, longer middle names, and the name run together.
 * Short words (`An`, `Lê`, `Thị`) occur inside too many unrelated passwords to refuse them.
 */
function nameFragments(fullName: string | null | undefined): string[] {
  const words = searchKey(fullName ?? '')
    .split(' ')
    .map((w) => w.replace(/[^a-z]/g, ''))
    .filter(Boolean);
  if (words.length === 0) return [];
  const family = words[0] ?? '';
  const given = words[words.length - 1] ?? '';
  const middle = words.slice(1, -1);
  const fragments = [family, given, ...middle.filter((w) => w.length >= 4), words.join('')];
  if (words.length > 1) fragments.push(`${given}${family}`);
  return fragments.filter((f) => f.length >= 3);
}

/** The local part of the address, and its pieces between dots, dashes and plus signs. */
function emailFragments(email: string | null | undefined): string[] {
  const local = searchKey((email ?? '').split('@')[0] ?? '');
  const pieces = local.split(/[._+-]+/).filter((p) => p.length >= 4);
  return [local.replace(/[^a-z0-9]/g, ''), ...pieces].filter((f) => f.length >= 3);
}
