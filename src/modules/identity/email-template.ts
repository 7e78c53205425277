import type { TemplateDefinition } from '../../platform/notify/notify.js';

export const EMAIL_CODE_TEMPLATE = 'identity.email-code';

const HTML_STYLE =
  'font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;max-width:36rem';
const CODE_STYLE =
  'font-size:28px;font-weight:700;letter-spacing:4px;font-family:Consolas,Menlo,monospace;margin:16px 0';

function html(
  lang: 'vi' | 'en',
  lines: { intro: string; validity: string; warning: string; ignore: string },
) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="${HTML_STYLE}">
<p>${lines.intro}</p>
<p style="${CODE_STYLE}">((code))</p>
<p>${lines.validity}</p>
<p>${lines.warning}</p>
<p>${lines.ignore}</p>
<p>Công dân số</p>
</body></html>`;
}

const VI = {
  intro: 'Mã xác nhận thư điện tử cho tài khoản Công dân số của Ông/Bà là:',
  validity:
    'Nhập mã này trên trang Bảo mật đăng nhập để thêm địa chỉ ((email)) vào tài khoản. Mã có hiệu lực trong ((minutes)) phút.',
  warning: 'Không đưa mã này cho bất kỳ ai, kể cả người tự xưng là cán bộ.',
  ignore: 'Nếu Ông/Bà không yêu cầu thêm địa chỉ này, vui lòng bỏ qua thư; địa chỉ sẽ không được thêm.',
};

const EN = {
  intro: 'Your e-mail confirmation code for your Công dân số account is:',
  validity:
    'Enter it on the sign-in security page to add ((email)) to your account. It is valid for ((minutes)) minutes.',
  warning: 'Do not share this code with anyone, even someone who says they are an official.',
  ignore: 'If you did not ask to add this address, ignore this e-mail; it will not be added.',
};

/**
 * The code that proves a citizen reads the address they are adding (POST /api/v1/me/email). E-mail only,
 * text and HTML. It names the address, never the account's phone number or name: whoever reads this
 * mailbox learns nothing about the account. Params: `code`, `minutes`, `email`.
 */
export function emailCodeTemplate(): TemplateDefinition {
  return {
    id: EMAIL_CODE_TEMPLATE,
    vi: {
      email: {
        subject: 'Mã xác nhận thư điện tử Công dân số: ((code))',
        text: `${VI.intro}\n\n((code))\n\n${VI.validity}\n\n${VI.warning}\n\n${VI.ignore}\n\nCông dân số`,
        html: html('vi', VI),
      },
    },
    en: {
      email: {
        subject: 'Your Công dân số e-mail confirmation code: ((code))',
        text: `${EN.intro}\n\n((code))\n\n${EN.validity}\n\n${EN.warning}\n\n${EN.ignore}\n\nCông dân số`,
        html: html('en', EN),
      },
    },
  };
}
