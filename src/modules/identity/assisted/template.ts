import type { TemplateDefinition } from '../../../platform/notify/notify.js';

export const ASSISTED_TEMPLATE = 'identity.assisted-consent';

/**
 * The code a citizen reads out to approve an assisted session: the code first, then who is asking to help
 * and for how long, and the warning to give it only to the person beside them. No `@host #code` line: the
 * code is typed on the volunteer's device, never on the citizen's. Params: `code`, `minutes`, `helper`
 * (name and agency), `sessionMinutes`.
 */
export function assistedTemplate(opts: { znsTemplateId: string }): TemplateDefinition {
  const zalo = { templateId: opts.znsTemplateId, params: ['code', 'helper', 'sessionMinutes', 'minutes'] };
  return {
    id: ASSISTED_TEMPLATE,
    vi: {
      sms: '((code)) là mã để ông/bà đồng ý cho ((helper)) hỗ trợ ông/bà dùng Công dân số trong tối đa ((sessionMinutes)) phút. Chỉ đọc mã cho người đang trực tiếp hỗ trợ ông/bà. Mã có hiệu lực ((minutes)) phút.',
      zalo,
    },
    en: {
      sms: '((code)) is the code to let ((helper)) help you use Công dân số for up to ((sessionMinutes)) minutes. Read it out only to the person helping you in person. It is valid for ((minutes)) minutes.',
      zalo,
    },
  };
}
