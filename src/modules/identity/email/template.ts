import type { TemplateDefinition } from '../../../platform/notify/notify.js';

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

/** The mail to the address an account no longer uses, by what happened to it. Params: `email`, `at`. */
export const PREVIOUS_EMAIL_TEMPLATES = {
  changed: 'identity.email-previous-changed',
  removed: 'identity.email-previous-removed',
} as const;
export type PreviousEmailEvent = keyof typeof PREVIOUS_EMAIL_TEMPLATES;

interface PreviousLines {
  subject: string;
  fact: string;
  notMe: string;
  wasMe: string;
}

const PREVIOUS_VI: Record<PreviousEmailEvent, Pick<PreviousLines, 'subject' | 'fact'>> = {
  changed: {
    subject: 'Công dân số: đã đổi địa chỉ thư điện tử của tài khoản',
    fact: 'Lúc ((at)) (giờ Việt Nam), địa chỉ thư điện tử ((email)) đã được thay bằng một địa chỉ khác trên tài khoản Công dân số của Ông/Bà. Từ nay, thư và mã đăng nhập của Công dân số không còn được gửi tới địa chỉ này.',
  },
  removed: {
    subject: 'Công dân số: đã xoá địa chỉ thư điện tử khỏi tài khoản',
    fact: 'Lúc ((at)) (giờ Việt Nam), địa chỉ thư điện tử ((email)) đã được xoá khỏi tài khoản Công dân số của Ông/Bà. Từ nay, thư và mã đăng nhập của Công dân số không còn được gửi tới địa chỉ này.',
  },
};
const PREVIOUS_VI_ADVICE = {
  notMe:
    'Nếu không phải Ông/Bà thực hiện, vui lòng đăng nhập Công dân số bằng số điện thoại, đăng xuất trên mọi thiết bị tại trang Bảo mật đăng nhập (/tai-khoan/bao-mat) và gọi Tổng đài 1022.',
  wasMe: 'Nếu chính Ông/Bà đã thực hiện, không cần làm gì thêm.',
};

const PREVIOUS_EN: Record<PreviousEmailEvent, Pick<PreviousLines, 'subject' | 'fact'>> = {
  changed: {
    subject: 'Công dân số: the e-mail address of your account was changed',
    fact: 'At ((at)) (Vietnam time) the e-mail address ((email)) was replaced with another address on your Công dân số account. Công dân số e-mails and sign-in codes no longer go to this address.',
  },
  removed: {
    subject: 'Công dân số: an e-mail address was removed from your account',
    fact: 'At ((at)) (Vietnam time) the e-mail address ((email)) was removed from your Công dân số account. Công dân số e-mails and sign-in codes no longer go to this address.',
  },
};
const PREVIOUS_EN_ADVICE = {
  notMe:
    'If this was not you, sign in to Công dân số with your phone number, sign out on all devices on the sign-in security page (/tai-khoan/bao-mat) and call the 1022 hotline.',
  wasMe: 'If it was you, there is nothing more to do.',
};

function previousMail(lang: 'vi' | 'en', lines: PreviousLines) {
  const paragraphs = [lines.fact, lines.notMe, lines.wasMe];
  return {
    subject: lines.subject,
    text: `${paragraphs.join('\n\n')}\n\nCông dân số`,
    html: `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"></head><body style="${HTML_STYLE}">
${paragraphs.map((p) => `<p>${p}</p>`).join('\n')}
<p>Công dân số</p>
</body></html>`,
  };
}

/**
 * Bank-style notice to the address an account just stopped using (changed to another, or removed), so a
 * takeover that swaps the address is seen by its owner. E-mail only, text and HTML. It says what happened,
 * when, and what to do if it was not them; it never names the new address, the phone number or any code,
 * and carries no link (an official security mail with links teaches people to follow links in mail).
 */
export function previousEmailTemplates(): TemplateDefinition[] {
  return (Object.keys(PREVIOUS_EMAIL_TEMPLATES) as PreviousEmailEvent[]).map((event) => ({
    id: PREVIOUS_EMAIL_TEMPLATES[event],
    vi: { email: previousMail('vi', { ...PREVIOUS_VI[event], ...PREVIOUS_VI_ADVICE }) },
    en: { email: previousMail('en', { ...PREVIOUS_EN[event], ...PREVIOUS_EN_ADVICE }) },
  }));
}
