import type { TemplateDefinition } from '../../../platform/notify/notify.js';

export const OTP_TEMPLATE = 'identity.otp';

/**
 * The sign-in code message (UX.md §7): the code first, then the service name, then how long it is valid;
 * the last line `@<host> #<code>` lets browsers autofill the code only on our own origin (WebOTP).
 * Params: `code`, `minutes`.
 */
export function otpTemplate(opts: { publicUrl: string; znsTemplateId: string }): TemplateDefinition {
  const host = new URL(opts.publicUrl).hostname;
  const bound = `@${host} #((code))`;
  return {
    id: OTP_TEMPLATE,
    vi: {
      sms: `((code)) là mã đăng nhập Công dân số. Mã có hiệu lực trong ((minutes)) phút. Không đưa mã này cho bất kỳ ai.\n\n${bound}`,
      zalo: { templateId: opts.znsTemplateId, params: ['code', 'minutes'] },
      email: {
        subject: 'Mã đăng nhập Công dân số',
        text: `((code)) là mã đăng nhập Công dân số của Ông/Bà.\n\nMã có hiệu lực trong ((minutes)) phút. Không đưa mã này cho bất kỳ ai, kể cả người tự xưng là cán bộ.\n\nNếu Ông/Bà không yêu cầu mã này, vui lòng bỏ qua thư.`,
      },
    },
    en: {
      sms: `((code)) is your Công dân số sign-in code. It is valid for ((minutes)) minutes. Do not share it with anyone.\n\n${bound}`,
      zalo: { templateId: opts.znsTemplateId, params: ['code', 'minutes'] },
      email: {
        subject: 'Your Công dân số sign-in code',
        text: `((code)) is your Công dân số sign-in code.\n\nIt is valid for ((minutes)) minutes. Do not share it with anyone, even someone who says they are an official.\n\nIf you did not ask for this code, ignore this e-mail.`,
      },
    },
  };
}
