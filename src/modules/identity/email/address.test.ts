import { describe, expect, it } from 'vitest';
import { parseEmail } from './address.js';

describe('parseEmail', () => {
  it.each([
    ['  Nguyen.Van.An@GMAIL.com ', 'nguyen.van.an@gmail.com'],
    ['an+cong-dan-so@congdanso.danang.gov.vn', 'an+cong-dan-so@congdanso.danang.gov.vn'],
    ['o\u0027brien@example.vn', "o'brien@example.vn"],
    ['an@xn--dng-nng-7va.vn', 'an@xn--dng-nng-7va.vn'],
  ])('keeps %j as %j', (input, email) => {
    expect(parseEmail(input)).toEqual({ ok: true, email });
  });

  it.each([
    ['', 'identity.email_invalid'],
    ['an', 'identity.email_invalid'],
    ['an@', 'identity.email_invalid'],
    ['@gmail.com', 'identity.email_invalid'],
    ['an@gmail', 'identity.email_invalid'],
    ['an@gmail.c', 'identity.email_invalid'],
    ['an@-gmail.com', 'identity.email_invalid'],
    ['.an@gmail.com', 'identity.email_invalid'],
    ['an.@gmail.com', 'identity.email_invalid'],
    ['an..b@gmail.com', 'identity.email_invalid'],
    ['an b@gmail.com', 'identity.email_invalid'],
    ['an@gmail..com', 'identity.email_invalid'],
    ['an@b@gmail.com', 'identity.email_invalid'],
    [`${'a'.repeat(65)}@gmail.com`, 'identity.email_invalid'],
    ['nguyễn@gmail.com', 'identity.email_accents'],
    ['an@đà-nẵng.vn', 'identity.email_accents'],
    ['ａｎ@gmail.com', 'identity.email_accents'],
    [`an@${'b'.repeat(250)}.vn`, 'identity.email_too_long'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(parseEmail(input)).toEqual({ ok: false, reason });
  });

  it('composes decomposed Vietnamese letters before deciding (NFC), so both spellings get one reason', () => {
    expect(parseEmail('nguye\u0302\u0303n@gmail.com')).toEqual(parseEmail('nguyễn@gmail.com'));
  });
});
