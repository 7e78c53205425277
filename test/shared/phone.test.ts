import { describe, expect, it } from 'vitest';
import {
  formatPhone,
  looksLikePhone,
  maskPhone,
  normalisePhone,
  parseMobilePhone,
  toProviderPhone,
} from '../../shared/phone.js';

describe('parseMobilePhone', () => {
  it.each([
    '0905123456',
    '0905 123 456',
    '0905.123.456',
    '090.512.3456',
    '0905-123-456',
    '+84905123456',
    '+84 905 123 456',
    '84 905 123 456',
    '84905123456',
    '0084905123456',
    '(+84) 905 123 456',
    '+84 (0) 905 123 456',
    '+84 (0)905-123-456',
    '840905123456',
    ' 0905 123 456 ',
    '０９０５１２３４５６', // full-width digits from some keyboards
  ])('normalises %j to E.164', (input) => {
    expect(parseMobilePhone(input)).toEqual({ ok: true, e164: '+84905123456' });
    expect(normalisePhone(input)).toBe('+84905123456');
  });

  it.each([
    ['0321234567', '+84321234567'], // Viettel 032
    ['0861234567', '+84861234567'], // Viettel 086
    ['0521234567', '+84521234567'], // Vietnamobile
    ['0591234567', '+84591234567'], // Gmobile
    ['0701234567', '+84701234567'], // MobiFone 070
    ['0871234567', '+84871234567'], // iTel
    ['0991234567', '+84991234567'], // Gmobile 099
  ])('accepts every carrier prefix: %s', (input, e164) => {
    expect(parseMobilePhone(input)).toEqual({ ok: true, e164 });
  });

  it.each(['0236 3822 123', '02363822123', '+84 236 3822 123', '84 24 3825 3536'])(
    'refuses the landline %j with its own reason',
    (input) => {
      expect(parseMobilePhone(input)).toEqual({ ok: false, reason: 'landline' });
      expect(normalisePhone(input)).toBeUndefined();
    },
  );

  it.each([
    '',
    'abc',
    '0905 123 45', // one digit short
    '0905 123 4567', // one too many
    '0311234567', // 031 is not a mobile prefix
    '0511234567',
    '0801234567',
    '905123456', // no trunk 0 or country code
    '+1 415 555 0100',
    '+14155550100',
    '+85 905123456',
    '0905123456x',
    '09o5123456',
    '0905\u0000123456',
  ])('refuses %j as invalid', (input) => {
    expect(parseMobilePhone(input)).toEqual({ ok: false, reason: 'invalid' });
    expect(normalisePhone(input)).toBeUndefined();
  });
});

describe('looksLikePhone', () => {
  it('lets through what the server must judge (a landline, an unknown prefix), refuses the plainly wrong', () => {
    for (const input of ['0905 123 456', '0236 3822 123', '0311234567', '+84 905 123 456']) {
      expect(looksLikePhone(input)).toBe(true);
    }
    for (const input of ['', '12345', 'gọi trực tiếp', '0905 123 45', '+1 415 555 0100']) {
      expect(looksLikePhone(input)).toBe(false);
    }
  });
});

describe('display and provider forms', () => {
  it('formats and masks a mobile number in any written form', () => {
    expect(formatPhone('+84905123456')).toBe('0905 123 456');
    expect(formatPhone('0905123456')).toBe('0905 123 456');
    expect(maskPhone('+84905123678')).toBe('09•• ••• 678');
    expect(maskPhone('0905123678')).toBe('09•• ••• 678');
  });

  it('shows anything else as it is, and masks it to nothing', () => {
    expect(formatPhone('0236 3822 123')).toBe('0236 3822 123');
    expect(maskPhone('+8490512345')).toBe('');
  });

  it('drops the plus for Zalo and eSMS', () => {
    expect(toProviderPhone('+84905123456')).toBe('84905123456');
  });
});
