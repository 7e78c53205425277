import { describe, expect, it } from 'vitest';
import { placeholdersOf, renderChannel } from '../../../platform/notify/template.js';
import { emailCodeTemplate, PREVIOUS_EMAIL_TEMPLATES, previousEmailTemplates } from './template.js';

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

describe('identity.email-previous-* templates (to the address an account stopped using)', () => {
  const previousParams = { email: 'an<b>@gmail.com', at: '14:30, 01/07/2025' };
  const mails = previousEmailTemplates().flatMap((t) =>
    (['vi', 'en'] as const).map((locale) => {
      const out = renderChannel(t, t[locale], 'email', previousParams, { stripSmsDiacritics: true });
      if (out?.channel !== 'email') throw new Error(`no e-mail from ${t.id}`);
      return { id: t.id, locale, template: t, ...out };
    }),
  );

  it('is e-mail only, text and HTML, with the time and what to do, for a change and a removal', () => {
    expect(previousEmailTemplates().map((t) => t.id)).toEqual([
      PREVIOUS_EMAIL_TEMPLATES.changed,
      PREVIOUS_EMAIL_TEMPLATES.removed,
    ]);
    expect(mails).toHaveLength(4);
    for (const mail of mails) {
      expect(mail.text).toContain('14:30, 01/07/2025');
      expect(mail.text).toContain('/tai-khoan/bao-mat');
      expect(mail.text).toContain('1022');
      expect(mail.html).toContain(`<html lang="${mail.locale}">`);
      expect(mail.html).toContain('14:30, 01/07/2025');
      expect(mail.html).toContain('an&#60;b&#62;@gmail.com');
      expect(mail.html).not.toContain('an<b>');
      expect(mail.html).not.toMatch(/<a\b|https?:/);
      expect(placeholdersOf(mail.template[mail.locale]).sort()).toEqual(['at', 'email']);
      for (const channel of ['sms', 'zalo', 'inapp'] as const) {
        expect(
          renderChannel(mail.template, mail.template[mail.locale], channel, previousParams, {
            stripSmsDiacritics: true,
          }),
        ).toBe(undefined);
      }
    }
    const vi = mails.filter((m) => m.locale === 'vi');
    expect(vi.map((m) => m.subject)).toEqual([
      'Công dân số: đã đổi địa chỉ thư điện tử của tài khoản',
      'Công dân số: đã xoá địa chỉ thư điện tử khỏi tài khoản',
    ]);
    for (const mail of vi) {
      expect(mail.text).toContain('Ông/Bà');
      expect(mail.text).toContain('giờ Việt Nam');
      expect(`${mail.text}${mail.html}`).not.toMatch(/\bbạn\b/i);
      expect(mail.text).toBe(mail.text.normalize('NFC'));
    }
  });
});
