export const SECURITY_PATH = '/tai-khoan/bao-mat';
export const PASSWORD_PATH = '/tai-khoan/bao-mat/mat-khau';
export const TOTP_PATH = '/tai-khoan/bao-mat/ung-dung-xac-thuc';

/** What the security page confirms after coming back from a sub-page (passed in the history state). */
export type SecurityNotice = 'passwordSet' | 'passwordChanged' | 'totpEnabled' | 'totpDisabled';
