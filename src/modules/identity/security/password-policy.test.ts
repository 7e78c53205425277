import { beforeAll, describe, expect, it } from 'vitest';
import {
  checkPassword,
  DEFAULT_MIN_PASSWORD_LENGTH,
  defaultPasswordPolicy,
  loadCommonPasswords,
  type PasswordPolicy,
} from './password-policy.js';

const PERSON = {
  phone: '+84905123456',
  fullName: 'Nguyễn Thị Minh Khai',
  email: 'khai.nguyen.dn@example.vn',
};
let policy: PasswordPolicy;

beforeAll(async () => {
  policy = await defaultPasswordPolicy();
});

describe('the shipped common-password list', () => {
  it('holds the most used passwords, lower case, read once', async () => {
    const list = await loadCommonPasswords();
    expect(list.size).toBeGreaterThan(10_000);
    for (const p of ['123456', 'password', 'qwertyuiop', '1q2w3e4r5t', 'basketball'])
      expect(list.has(p)).toBe(true);
    expect(await loadCommonPasswords()).toBe(list);
  });
});

describe('checkPassword', () => {
  it('accepts a long, uncommon, impersonal password', () => {
    expect(checkPassword('sông Hàn lúc hoàng hôn', PERSON, policy)).toEqual({ ok: true });
    expect(checkPassword('Xq7#pL2!vR9k', PERSON, policy)).toEqual({ ok: true });
  });

  it('refuses a short password, counting characters rather than bytes, with a configurable minimum', () => {
    expect(DEFAULT_MIN_PASSWORD_LENGTH).toBe(10);
    expect(checkPassword('Xq7#pL2!v', PERSON, policy)).toEqual({
      ok: false,
      reason: 'identity.password_too_short',
      params: { minLength: 10 },
    });
    // Nine Vietnamese letters are nine characters even when typed decomposed.
    expect(checkPassword('ữữữữữữữữữ'.normalize('NFD'), PERSON, policy)).toMatchObject({
      reason: 'identity.password_too_short',
    });
    expect(checkPassword('Xq7#pL2!vR9k', PERSON, { ...policy, minLength: 14 })).toMatchObject({
      reason: 'identity.password_too_short',
      params: { minLength: 14 },
    });
    expect(checkPassword('Xq7#pL2!', PERSON, { ...policy, minLength: 8 })).toEqual({ ok: true });
  });

  it.each([
    'qwertyuiop',
    'QWERTYUIOP',
    '1q2w3e4r5t',
    'basketball',
    'Basketball2024!',
    '!!password123456',
    'iloveyou12345',
  ])('refuses a common password (%s)', (password) => {
    expect(checkPassword(password, {}, policy)).toEqual({
      ok: false,
      reason: 'identity.password_common',
      params: {},
    });
  });

  it.each([
    ['the 9 national digits', 'mk905123456!', 'phone'],
    ['the 10 domestic digits with separators', 'x-0905.123.456', 'phone'],
    ['the last six digits', 'Hàn-123456-zzz', 'phone'],
    ['the given name', 'Zz9!khai-x-q', 'name'],
    ['the family name without diacritics', 'Zz9!Nguyen#2', 'name'],
    ['the family name with diacritics', 'Zz9!Nguyễn#2', 'name'],
    ['the whole name run together', 'nguyenthiminhkhai', 'name'],
    ['a long middle name', 'Zz9!minh#kq', 'name'],
    ['the e-mail local part', 'Zz9!khai.nguyen.dn', 'name'],
  ])('refuses a password made of personal details (%s)', (_, password, part) => {
    expect(checkPassword(password, PERSON, policy)).toEqual({
      ok: false,
      reason: 'identity.password_personal',
      params: { part },
    });
  });

  it('refuses the e-mail local part when no name is known', () => {
    expect(checkPassword('Zz9!khai.nguyen.dn', { email: PERSON.email }, policy)).toMatchObject({
      params: { part: 'email' },
    });
    expect(checkPassword('zz9!danang-corner', { email: 'danang@example.vn' }, policy)).toMatchObject({
      params: { part: 'email' },
    });
  });

  it('does not refuse short name words that occur everywhere', () => {
    // "Thị" and "An" are too short to refuse: "thing" and "anchor" must stay usable.
    expect(checkPassword('something anchor 7', { fullName: 'Lê Thị An' }, policy)).toEqual({ ok: true });
  });
});
