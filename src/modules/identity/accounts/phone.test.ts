import { describe, expect, it } from 'vitest';
import { formatPhone, maskPhone, normalisePhone, parseMobilePhone, zaloPhone } from './phone.js';

// The parser itself is tested in test/shared/phone.test.ts; here, identity's names for it.
describe('identity phone names', () => {
  it('refuses with identity field codes', () => {
    expect(parseMobilePhone('0905 123 456')).toEqual({ ok: true, e164: '+84905123456' });
    expect(parseMobilePhone('0236 3822 123')).toEqual({ ok: false, reason: 'identity.phone_landline' });
    expect(parseMobilePhone('0311234567')).toEqual({ ok: false, reason: 'identity.phone_invalid' });
  });

  it('keeps the display and provider helpers', () => {
    expect(formatPhone('+84905123456')).toBe('0905 123 456');
    expect(maskPhone('+84905123678')).toBe('09•• ••• 678');
    expect(zaloPhone('+84905123456')).toBe('84905123456');
    expect(normalisePhone('0935 234 567')).toBe('+84935234567');
  });
});
