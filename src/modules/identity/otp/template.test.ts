import { describe, expect, it } from 'vitest';
import { placeholdersOf, renderChannel, smsLength } from '../../../platform/notify/template.js';
import { otpTemplate } from './template.js';

const template = otpTemplate({ publicUrl: 'https://congdanso.danang.gov.vn:8443/', znsTemplateId: '298765' });
const params = { code: '042917', minutes: 5 };

describe('identity.otp template', () => {
  it('puts the code first and the domain-bound line last in the SMS', () => {
    for (const locale of ['vi', 'en'] as const) {
      const sms = renderChannel(template, template[locale], 'sms', params, { stripSmsDiacritics: false });
      expect(sms?.channel).toBe('sms');
      const body = sms?.channel === 'sms' ? sms.body : '';
      expect(body.startsWith('042917 ')).toBe(true);
      expect(body).toContain('Công dân số');
      expect(body).toContain('5');
      expect(body.split('\n').at(-1)).toBe('@congdanso.danang.gov.vn #042917');
    }
  });

  it('fits two GSM segments once diacritics are stripped for SMS', () => {
    const sms = renderChannel(template, template.vi, 'sms', params, { stripSmsDiacritics: true });
    const body = sms?.channel === 'sms' ? sms.body : '';
    expect(body).toContain('Cong dan so');
    expect(smsLength(body)).toMatchObject({ encoding: 'GSM-7' });
    expect(smsLength(body).segments).toBeLessThanOrEqual(2);
  });

  it('passes the code and validity to the approved ZNS template, and fills the e-mail', () => {
    expect(renderChannel(template, template.vi, 'zalo', params, { stripSmsDiacritics: true })).toEqual({
      channel: 'zalo',
      templateId: '298765',
      templateData: { code: '042917', minutes: '5' },
    });
    const email = renderChannel(template, template.en, 'email', params, { stripSmsDiacritics: true });
    expect(email).toMatchObject({ channel: 'email', subject: 'Your Công dân số sign-in code' });
    expect(email?.channel === 'email' && email.text).toContain('042917');
  });

  it('uses the same placeholders in both languages (notify refuses otherwise)', () => {
    expect(placeholdersOf(template.vi).sort()).toEqual(placeholdersOf(template.en).sort());
  });
});
