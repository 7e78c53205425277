import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../platform/http/errors.js';
import { cccdIndexer } from './link.js';
import { sameSitePath, vouched } from './service.js';

const BASE = 'https://congdanso.danang.gov.vn';

describe('sameSitePath', () => {
  it('keeps paths and same-origin URLs, defaulting to the home page', () => {
    expect(sameSitePath(undefined, BASE)).toBe('/');
    expect(sameSitePath('/ho-so?tab=1#a', BASE)).toBe('/ho-so?tab=1#a');
    expect(sameSitePath(`${BASE}/thu-tuc`, BASE)).toBe('/thu-tuc');
  });
  it.each([
    'https://evil.example/',
    '//evil.example',
    '/\\evil.example',
    '\\\\evil.example',
    'javascript:alert(1)',
    'http://congdanso.danang.gov.vn/',
    '/a\r\nSet-Cookie: x=1',
  ])('refuses %s', (next) => {
    expect(() => sameSitePath(next, BASE)).toThrow(DomainError);
  });
});

describe('vouched', () => {
  const claims = {
    sub: '048090123456',
    identity_level: 2,
    name: 'Tra\u0302\u0300n Văn Minh',
    birthdate: '1990-05-12',
    gender: 'male',
    phone_number: '0905000201',
    phone_number_verified: true,
  };
  it('reads the number, level, NFC name and the verified phone', () => {
    expect(vouched('vneid', claims, 'sub', 'identity_level')).toEqual({
      provider: 'vneid',
      personalId: '048090123456',
      level: 2,
      name: 'Trần Văn Minh',
      birthdate: '1990-05-12',
      sex: 'male',
      phone: '+84905000201',
    });
  });
  it('caps the level at 2, ignores an unverified phone, reads a configured id claim', () => {
    const who = vouched(
      'dvcqg',
      {
        ...claims,
        sub: 'opaque',
        personal_id: '048195000111',
        identity_level: '3',
        phone_number_verified: false,
      },
      'personal_id',
      'identity_level',
    );
    expect(who).toMatchObject({ personalId: '048195000111', level: 2, phone: null });
  });
  it('refuses a missing or malformed number and a missing level', () => {
    expect(() => vouched('vneid', { ...claims, sub: '12345' }, 'sub', 'identity_level')).toThrow(DomainError);
    expect(() => vouched('vneid', { ...claims, sub: '999090123456' }, 'sub', 'identity_level')).toThrow(
      DomainError,
    );
    expect(() => vouched('vneid', { ...claims, identity_level: undefined }, 'sub', 'identity_level')).toThrow(
      DomainError,
    );
  });
});

describe('cccdIndexer', () => {
  it('is a keyed HMAC: stable per key, different across keys, never the number', () => {
    const a = cccdIndexer(Buffer.alloc(32, 1));
    const b = cccdIndexer(Buffer.alloc(32, 2));
    expect(a('048090123456')).toBe(a('048090123456'));
    expect(a('048090123456')).not.toBe(b('048090123456'));
    expect(a('048090123456')).toMatch(/^[0-9a-f]{64}$/);
  });
});
