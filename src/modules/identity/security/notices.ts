import type { Clock } from '../../../platform/clock.js';
import type { Tx } from '../../../platform/db/db.js';
import type { Locale } from '../../../platform/i18n/i18n.js';
import { formatVietnamTime } from '../../../platform/i18n/vietnam-time.js';
import type { Notify, TemplateDefinition } from '../../../platform/notify/notify.js';

/**
 * Bank-style notices to the account's own in-app inbox ("Thông báo") about changes to how it signs in
 * and who may act for it or read its data. Each says what happened, when (Vietnam time) and what to do
 * if it was not the holder. They never carry a code, a password or a card number. Sent with
 * `notify.send` in the transaction of the change, so a change that commits always has its notice and a
 * refused one has none.
 */
export interface NoticeParams {
  password_set: Record<string, never>;
  password_changed: Record<string, never>;
  totp_enabled: Record<string, never>;
  totp_disabled: Record<string, never>;
  signed_out_everywhere: Record<string, never>;
  /** `client`: the application's registered name. */
  consent_granted: { client: string };
  consent_withdrawn: { client: string };
  /** `helper`: the volunteer's name and agency; `minutes`: the longest the session lasts. */
  assisted_started: { helper: string; minutes: number };
  /** `email`: the address now on the account (the owner's own; shown in full). */
  email_added: { email: string };
  /** `previous`: the address it replaced. */
  email_changed: { email: string; previous: string };
  email_removed: { email: string };
  /** To a staff member, after their agency's admin acted on their account (the admin is not named). */
  staff_totp_reset: Record<string, never>;
  staff_disabled: Record<string, never>;
  staff_enabled: Record<string, never>;
}
export type SecurityNotice = keyof NoticeParams;

export interface SecurityNotices {
  send<K extends SecurityNotice>(
    tx: Tx,
    to: { accountId: string; locale?: Locale | undefined },
    notice: K,
    params: NoticeParams[K],
  ): Promise<void>;
}

const templateId = (notice: SecurityNotice) => `identity.notice-${notice.replace(/_/g, '-')}`;

const NOT_ME_VI =
  'Nếu không phải Ông/Bà thực hiện, vui lòng đăng xuất trên mọi thiết bị tại /tai-khoan/bao-mat và gọi Tổng đài 1022.';
const NOT_ME_EN =
  'If this was not you, sign out on all devices at /tai-khoan/bao-mat and call the 1022 hotline.';

const UNEXPECTED_VI =
  'Nếu việc này nằm ngoài dự kiến, vui lòng liên hệ ngay quản trị cơ quan hoặc gọi Tổng đài 1022.';
const UNEXPECTED_EN =
  'If you did not expect this, contact your agency administrator at once or call the 1022 hotline.';

/** Title and body per notice; `((at))` is the time of the change, "14:30, 01/07/2025". */
const TEXTS: Record<SecurityNotice, { vi: [string, string]; en: [string, string] }> = {
  password_set: {
    vi: [
      'Đã đặt mật khẩu đăng nhập',
      `Mật khẩu đăng nhập Công dân số của Ông/Bà đã được đặt lúc ((at)). ${NOT_ME_VI}`,
    ],
    en: [
      'Sign-in password set',
      `A Công dân số sign-in password was set for your account at ((at)). ${NOT_ME_EN}`,
    ],
  },
  password_changed: {
    vi: [
      'Đã đổi mật khẩu đăng nhập',
      `Mật khẩu đăng nhập Công dân số của Ông/Bà đã được đổi lúc ((at)); các thiết bị khác đã được đăng xuất. ${NOT_ME_VI}`,
    ],
    en: [
      'Sign-in password changed',
      `Your Công dân số sign-in password was changed at ((at)); your other devices were signed out. ${NOT_ME_EN}`,
    ],
  },
  totp_enabled: {
    vi: [
      'Đã bật ứng dụng xác thực',
      `Ứng dụng xác thực đã được bật cho tài khoản của Ông/Bà lúc ((at)). ${NOT_ME_VI}`,
    ],
    en: [
      'Authenticator app turned on',
      `An authenticator app was turned on for your account at ((at)). ${NOT_ME_EN}`,
    ],
  },
  totp_disabled: {
    vi: [
      'Đã tắt ứng dụng xác thực',
      `Ứng dụng xác thực của tài khoản Ông/Bà đã được tắt lúc ((at)). ${NOT_ME_VI}`,
    ],
    en: [
      'Authenticator app turned off',
      `The authenticator app of your account was turned off at ((at)). ${NOT_ME_EN}`,
    ],
  },
  signed_out_everywhere: {
    vi: [
      'Đã đăng xuất trên mọi thiết bị',
      'Tài khoản của Ông/Bà đã được đăng xuất trên mọi thiết bị lúc ((at)). Nếu không phải Ông/Bà thực hiện, vui lòng đăng nhập lại, đổi mật khẩu tại /tai-khoan/bao-mat và gọi Tổng đài 1022.',
    ],
    en: [
      'Signed out on all devices',
      'Your account was signed out on all devices at ((at)). If this was not you, sign in again, change your password at /tai-khoan/bao-mat and call the 1022 hotline.',
    ],
  },
  consent_granted: {
    vi: [
      'Đã cho phép ((client)) nhận thông tin',
      'Lúc ((at)), Ông/Bà đã đồng ý cho ((client)) nhận thông tin qua “Đăng nhập bằng Công dân số”. Có thể rút lại sự đồng ý bất cứ lúc nào tại /tai-khoan/chia-se-du-lieu. Nếu không phải Ông/Bà thực hiện, vui lòng rút lại sự đồng ý, đăng xuất trên mọi thiết bị tại /tai-khoan/bao-mat và gọi Tổng đài 1022.',
    ],
    en: [
      '((client)) may now receive your information',
      'At ((at)) you allowed ((client)) to receive your information through “Sign in with Công dân số”. You can withdraw this at any time at /tai-khoan/chia-se-du-lieu. If this was not you, withdraw it, sign out on all devices at /tai-khoan/bao-mat and call the 1022 hotline.',
    ],
  },
  consent_withdrawn: {
    vi: [
      'Đã rút lại quyền nhận thông tin của ((client))',
      `Lúc ((at)), Ông/Bà đã rút lại sự đồng ý cho ((client)) nhận thông tin; ứng dụng này không còn truy cập được thông tin của Ông/Bà. ${NOT_ME_VI}`,
    ],
    en: [
      '((client)) may no longer receive your information',
      `At ((at)) you withdrew your consent for ((client)) to receive your information; it can no longer reach it. ${NOT_ME_EN}`,
    ],
  },
  email_added: {
    vi: [
      'Đã thêm thư điện tử ((email))',
      `Lúc ((at)), địa chỉ thư điện tử ((email)) đã được thêm vào tài khoản Công dân số của Ông/Bà; từ nay Ông/Bà có thể chọn nhận mã đăng nhập qua thư điện tử. ${NOT_ME_VI}`,
    ],
    en: [
      'E-mail address ((email)) added',
      `At ((at)) the e-mail address ((email)) was added to your Công dân số account; you can now choose to get sign-in codes by e-mail. ${NOT_ME_EN}`,
    ],
  },
  email_changed: {
    vi: [
      'Đã đổi thư điện tử thành ((email))',
      `Lúc ((at)), thư điện tử của tài khoản Công dân số của Ông/Bà đã được đổi từ ((previous)) thành ((email)); mã đăng nhập qua thư điện tử từ nay được gửi tới địa chỉ mới. ${NOT_ME_VI}`,
    ],
    en: [
      'E-mail address changed to ((email))',
      `At ((at)) the e-mail address of your Công dân số account was changed from ((previous)) to ((email)); sign-in codes by e-mail now go to the new address. ${NOT_ME_EN}`,
    ],
  },
  email_removed: {
    vi: [
      'Đã xoá thư điện tử ((email))',
      `Lúc ((at)), địa chỉ thư điện tử ((email)) đã được xoá khỏi tài khoản Công dân số của Ông/Bà; mã đăng nhập sẽ được gửi qua SMS hoặc Zalo. ${NOT_ME_VI}`,
    ],
    en: [
      'E-mail address ((email)) removed',
      `At ((at)) the e-mail address ((email)) was removed from your Công dân số account; sign-in codes will be sent by SMS or Zalo. ${NOT_ME_EN}`,
    ],
  },
  staff_totp_reset: {
    vi: [
      'Ứng dụng xác thực đã được đặt lại',
      `Lúc ((at)), quản trị cơ quan đã đặt lại ứng dụng xác thực của tài khoản cán bộ của Ông/Bà và đăng xuất tài khoản trên mọi thiết bị; ở lần đăng nhập tới, Ông/Bà cài đặt lại ứng dụng xác thực. ${UNEXPECTED_VI}`,
    ],
    en: [
      'Authenticator app reset',
      `At ((at)) your agency administrator reset the authenticator app of your staff account and signed it out on all devices; you will set up an authenticator app again at your next sign-in. ${UNEXPECTED_EN}`,
    ],
  },
  staff_disabled: {
    vi: [
      'Tài khoản cán bộ đã bị khoá',
      `Lúc ((at)), quản trị cơ quan đã khoá tài khoản cán bộ của Ông/Bà và đăng xuất tài khoản trên mọi thiết bị; tài khoản không đăng nhập được cho đến khi được mở khoá. ${UNEXPECTED_VI}`,
    ],
    en: [
      'Staff account disabled',
      `At ((at)) your agency administrator disabled your staff account and signed it out on all devices; it cannot sign in until it is enabled again. ${UNEXPECTED_EN}`,
    ],
  },
  staff_enabled: {
    vi: [
      'Tài khoản cán bộ đã được mở khoá',
      `Lúc ((at)), quản trị cơ quan đã mở khoá tài khoản cán bộ của Ông/Bà; Ông/Bà đăng nhập bằng mật khẩu và ứng dụng xác thực như trước. ${UNEXPECTED_VI}`,
    ],
    en: [
      'Staff account enabled',
      `At ((at)) your agency administrator enabled your staff account again; you sign in with your password and authenticator app as before. ${UNEXPECTED_EN}`,
    ],
  },
  assisted_started: {
    vi: [
      'Phiên hỗ trợ đã bắt đầu',
      'Lúc ((at)), ((helper)) bắt đầu hỗ trợ Ông/Bà dùng Công dân số (tối đa ((minutes)) phút) sau khi Ông/Bà đọc mã xác nhận. Ông/Bà xem được những việc đã làm và kết thúc phiên tại /tai-khoan. Nếu Ông/Bà không đồng ý cho người này hỗ trợ, vui lòng kết thúc phiên tại /tai-khoan và gọi Tổng đài 1022.',
    ],
    en: [
      'Assisted session started',
      'At ((at)) ((helper)) started helping you use Công dân số (for up to ((minutes)) minutes) after you read out the approval code. You can see what was done and end the session at /tai-khoan. If you did not agree to this, end the session at /tai-khoan and call the 1022 hotline.',
    ],
  },
};

function securityNoticeTemplates(): TemplateDefinition[] {
  return (Object.keys(TEXTS) as SecurityNotice[]).map((notice) => {
    const { vi, en } = TEXTS[notice];
    return {
      id: templateId(notice),
      vi: { inapp: { title: vi[0], body: vi[1] } },
      en: { inapp: { title: en[0], body: en[1] } },
    };
  });
}

/** Templates are defined once per notifier (the identity and OIDC modules share one). */
const defined = new WeakSet<Notify>();

export function createSecurityNotices(deps: { notify: Notify; clock: Clock }): SecurityNotices {
  const { notify, clock } = deps;
  if (!defined.has(notify)) {
    for (const template of securityNoticeTemplates()) notify.defineTemplate(template);
    defined.add(notify);
  }
  return {
    async send(tx, to, notice, params) {
      await notify.send(tx, {
        template: templateId(notice),
        to: { accountId: to.accountId },
        channels: ['inapp'],
        params: { ...params, at: formatVietnamTime(clock.now()) },
        locale: to.locale ?? 'vi',
      });
    },
  };
}
