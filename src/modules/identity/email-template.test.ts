import { describe, expect, it } from 'vitest';
import { placeholdersOf, renderChannel } from '../../platform/notify/template.js';
import { emailCodeTemplate } from './email-template.js';

const template = emailCodeTemplate();
const params = { code: '042917', minutes: 10, email: 'an<b>@gmail.com' };
const render = (locale: 'vi' | 'en') => {
  const out = renderChannel(template, template[locale], 'email', params, { stripSmsDiacritics: true });
  if (out?.channel !== 'email') throw new Error('no e-mail');
  return out;
};

describe('identity.email-code template', () => {
  it('is e-mail only, with the code, the validity and the address, in text and HTML', () => {
    for (const locale of ['vi', 'en'] as const) {
      const mail = render(locale);
      expect(mail.subject).toContain('042917');
      expect(mail.text).toContain('\n\n042917\n\n');
      expect(mail.text).toContain('10');
      expect(mail.html).toContain(`<html lang="${locale}">`);
      expect(mail.html).toContain('>042917</p>');
      // Values are escaped in the HTML part.
      expect(mail.html).toContain('an&#60;b&#62;@gmail.com');
      expect(mail.html).not.toContain('an<b>');
      for (const channel of ['sms', 'zalo', 'inapp'] as const) {
        expect(renderChannel(template, template[locale], channel, params, { stripSmsDiacritics: true })).toBe(
          undefined,
        );
      }
    }
    expect(render('vi').subject).toBe('Mã xác nhận thư điện tử Công dân số: 042917');
  });

  it('addresses the citizen as Ông/Bà and uses the same placeholders in both languages', () => {
    const vi = render('vi');
    expect(vi.text).toContain('Ông/Bà');
    expect(`${vi.text}${vi.html}`).not.toMatch(/\bbạn\b/i);
    expect(vi.text).toBe(vi.text.normalize('NFC'));
    expect(placeholdersOf(template.vi).sort()).toEqual(['code', 'email', 'minutes']);
    expect(placeholdersOf(template.en).sort()).toEqual(placeholdersOf(template.vi).sort());
  });
});
