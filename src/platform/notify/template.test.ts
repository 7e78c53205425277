import { describe, expect, it } from 'vitest';
import { normaliseAddress } from './dev-outbox.js';
import type { TemplateDefinition } from './notify.js';
import { smsLength, stripDiacritics } from './sms-text.js';
import { escapeHtml, fill, renderChannel, TemplateError } from './template.js';

const template: TemplateDefinition = {
  id: 'test.greeting',
  vi: {
    sms: '((code)) là mã xác thực Công dân số, hiệu lực ((minutes)) phút.\n@((domain)) #((code))',
    zalo: { templateId: '301234', params: ['code', 'minutes'] },
    email: { subject: 'Chào ((name))', text: 'Xin chào ((name)),\n\nMã của bạn: ((code))' },
    inapp: { title: 'Mã xác thực', body: 'Mã ((code))' },
  },
  en: {
    sms: '((code)) is your code, valid ((minutes)) minutes.\n@((domain)) #((code))',
    zalo: { templateId: '301234', params: { otp: '((code))', ttl: '((minutes)) min' } },
    email: { subject: 'Hello ((name))', text: 'Hello ((name))', html: '<p>Hello <b>((name))</b></p>' },
    inapp: { title: 'Code', body: 'Code ((code))' },
  },
};
const params = { code: '123456', minutes: 5, domain: 'congdanso.vn', name: 'Lê Thị <b>Hoa</b> & "Em"' };
const keep = { stripSmsDiacritics: false };
const strip = { stripSmsDiacritics: true };

describe('SMS length', () => {
  it('counts GSM-7 septets: 160 in one segment, then 153 per segment', () => {
    expect(smsLength('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(smsLength('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
    expect(smsLength('a'.repeat(306)).segments).toBe(2);
    expect(smsLength('a'.repeat(307)).segments).toBe(3);
    expect(smsLength('').segments).toBe(0);
  });

  it('counts extension characters (^{}[]~|\\€) as two septets', () => {
    expect(smsLength('{}')).toEqual({ encoding: 'GSM-7', units: 4, segments: 1 });
    expect(smsLength(`${'a'.repeat(159)}€`)).toMatchObject({ units: 161, segments: 2 });
  });

  it('switches to UCS-2 (70, then 67 per segment) for any character outside GSM 03.38', () => {
    expect(smsLength('Mã')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
    expect(smsLength('ă'.repeat(70)).segments).toBe(1);
    expect(smsLength('ă'.repeat(71)).segments).toBe(2);
    expect(smsLength('ă'.repeat(135)).segments).toBe(3);
  });

  it('makes Vietnamese fit GSM-7 once diacritics are stripped (đ → d)', () => {
    const text = 'Đà Nẵng: mã xác thực của bạn là 123456, hiệu lực 5 phút. Đừng chia sẻ mã.';
    const stripped = stripDiacritics(text);
    expect(stripped).toBe('Da Nang: ma xac thuc cua ban la 123456, hieu luc 5 phut. Dung chia se ma.');
    expect(smsLength(text).encoding).toBe('UCS-2');
    expect(smsLength(stripped)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
    expect(stripDiacritics('Ư ơ ậ ữ ỹ Ỵ')).toBe('U o a u y Y');
  });
});

describe('placeholders', () => {
  it('fills ((placeholders)) and refuses to render one without a value', () => {
    expect(fill('Mã ((code))', { code: 42 }, 't')).toBe('Mã 42');
    expect(() => fill('Mã ((code)), ((minutes)) phút', {}, 'test.x')).toThrow(TemplateError);
    expect(() => fill('Mã ((code))', {}, 'test.x')).toThrow('notify: template "test.x" needs ((code))');
  });

  it('never sends "((code))" through any channel', () => {
    for (const channel of ['sms', 'zalo', 'email', 'inapp'] as const) {
      expect(() =>
        renderChannel(template, template.vi, channel, { minutes: 5, domain: 'x', name: 'n' }, keep),
      ).toThrow(/needs \(\(code\)\)/);
    }
  });
});

describe('rendering per channel', () => {
  it('renders SMS with or without diacritics', () => {
    const withMarks = renderChannel(template, template.vi, 'sms', params, keep);
    expect(withMarks).toEqual({
      channel: 'sms',
      body: '123456 là mã xác thực Công dân số, hiệu lực 5 phút.\n@congdanso.vn #123456',
    });
    const plain = renderChannel(template, template.vi, 'sms', params, strip);
    expect(plain).toEqual({
      channel: 'sms',
      body: '123456 la ma xac thuc Cong dan so, hieu luc 5 phut.\n@congdanso.vn #123456',
    });
    expect(smsLength(plain?.channel === 'sms' ? plain.body : '').encoding).toBe('GSM-7');
  });

  it('renders a ZNS template id with its params, by name or from text', () => {
    expect(renderChannel(template, template.vi, 'zalo', params, keep)).toEqual({
      channel: 'zalo',
      templateId: '301234',
      templateData: { code: '123456', minutes: '5' },
    });
    expect(renderChannel(template, template.en, 'zalo', params, keep)).toEqual({
      channel: 'zalo',
      templateId: '301234',
      templateData: { otp: '123456', ttl: '5 min' },
    });
  });

  it('escapes params in e-mail HTML but not in its text part', () => {
    const vi = renderChannel(template, template.vi, 'email', params, keep);
    expect(vi).toMatchObject({
      subject: 'Chào Lê Thị <b>Hoa</b> & "Em"',
      text: expect.stringContaining('<b>Hoa</b>'),
    });
    const html = vi?.channel === 'email' ? vi.html : '';
    expect(html).toContain('Lê Thị &#60;b&#62;Hoa&#60;/b&#62; &#38; &#34;Em&#34;');
    expect(html).not.toContain('<b>Hoa');
    const en = renderChannel(template, template.en, 'email', params, keep);
    expect(en?.channel === 'email' && en.html).toBe(
      '<p>Hello <b>Lê Thị &#60;b&#62;Hoa&#60;/b&#62; &#38; &#34;Em&#34;</b></p>',
    );
    expect(escapeHtml(`'`)).toBe('&#39;');
  });

  it('renders an in-app inbox item', () => {
    expect(renderChannel(template, template.vi, 'inapp', params, keep)).toEqual({
      channel: 'inapp',
      title: 'Mã xác thực',
      body: 'Mã 123456',
    });
  });
});

describe('outbox addresses', () => {
  it('takes a mobile number in any written form as E.164, and lower-cases e-mail addresses', () => {
    expect(normaliseAddress(' 090.512.3456 ')).toBe('+84905123456');
    expect(normaliseAddress('02363822222')).toBeUndefined();
    expect(normaliseAddress(' Hoa@Example.VN ')).toBe('hoa@example.vn');
    expect(normaliseAddress('not an address')).toBeUndefined();
  });
});
