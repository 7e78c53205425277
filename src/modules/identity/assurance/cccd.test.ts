import { describe, expect, it } from 'vitest';
import { CCCD_PROVINCE_CODES, maskCccd, validateCccd } from './cccd.js';

describe('validateCccd', () => {
  it('reads province, sex and birth year from a valid number', () => {
    expect(validateCccd('048090123456')).toEqual({
      ok: true,
      cccd: '048090123456',
      provinceCode: '048',
      sex: 'male',
      birthYear: 1990,
    });
    expect(validateCccd('049185001234')).toMatchObject({ ok: true, sex: 'female', birthYear: 1985 });
    expect(validateCccd('001303004567')).toMatchObject({ ok: true, sex: 'female', birthYear: 2003 });
    expect(validateCccd('079202004567')).toMatchObject({ ok: true, sex: 'male', birthYear: 2002 });
  });

  it('accepts digit groups and full-width digits as typed, keeping leading zeros', () => {
    expect(validateCccd(' 048 090 123 456 ')).toMatchObject({ ok: true, cccd: '048090123456' });
    expect(validateCccd('０４８０９０１２３４５６')).toMatchObject({ ok: true, cccd: '048090123456' });
  });

  it('accepts both Đà Nẵng (048) and old Quảng Nam (049) prefixes and all 63 pre-2025 codes', () => {
    expect(CCCD_PROVINCE_CODES.size).toBe(63);
    expect(validateCccd('048090123456').ok).toBe(true);
    expect(validateCccd('049090123456').ok).toBe(true);
  });

  it.each([
    ['11 digits', '04809012345'],
    ['13 digits', '0480901234567'],
    ['letters', '04809012345A'],
    ['dashes inside', '048-090-123-456'],
    ['empty', ''],
  ])('refuses the wrong shape (%s)', (_, input) => {
    expect(validateCccd(input)).toEqual({ ok: false, reason: 'identity.cccd_format' });
  });

  it.each(['000090123456', '003090123456', '047090123456', '050090123456', '097090123456', '999090123456'])(
    'refuses an unknown province code (%s)',
    (input) => {
      expect(validateCccd(input)).toEqual({ ok: false, reason: 'identity.cccd_province' });
    },
  );

  it('refuses a century digit that disagrees with the date of birth', () => {
    // 0 = male born in the 1900s, but the person was born in 2004.
    expect(validateCccd('048004123456', { dateOfBirth: '2004-03-01' })).toEqual({
      ok: false,
      reason: 'identity.cccd_century',
      mismatch: 'birth_year',
    });
    // Right century, wrong year digits.
    expect(validateCccd('048090123456', { dateOfBirth: '1991-01-01' })).toMatchObject({
      reason: 'identity.cccd_century',
    });
    expect(validateCccd('048204123456', { dateOfBirth: '2004-03-01' }).ok).toBe(true);
    expect(validateCccd('048204123456', { dateOfBirth: '2004' }).ok).toBe(true);
  });

  it('refuses a century digit that disagrees with the sex (even = male)', () => {
    expect(validateCccd('048090123456', { sex: 'female' })).toEqual({
      ok: false,
      reason: 'identity.cccd_century',
      mismatch: 'sex',
    });
    expect(validateCccd('048190123456', { sex: 'female' }).ok).toBe(true);
    expect(validateCccd('048190123456', { sex: 'male' }).ok).toBe(false);
  });

  it('refuses a birth year encoded after today', () => {
    expect(validateCccd('048430123456', { today: '2026-11-25' })).toMatchObject({
      reason: 'identity.cccd_century',
    });
    expect(validateCccd('048227123456', { today: '2026-11-25' })).toMatchObject({
      reason: 'identity.cccd_century',
    });
    expect(validateCccd('048226123456', { today: '2026-11-25' }).ok).toBe(true);
  });
});

describe('maskCccd', () => {
  it('shows the last three digits only', () => {
    expect(maskCccd('048090123456')).toBe('•••••••••456');
    expect(maskCccd('048 090 123 456')).toBe('•••••••••456');
  });

  it('masks anything else whole', () => {
    expect(maskCccd('04809012345')).toBe('••••••••••••');
    expect(maskCccd('abc')).toBe('••••••••••••');
  });
});
