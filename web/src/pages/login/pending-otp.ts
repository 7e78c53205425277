import type { OtpChannel } from '../../api/session.js';

/**
 * The code request in progress, kept in sessionStorage (this tab only, gone when it closes) so the code
 * page survives a reload and the browser's Back button. Cleared as soon as the citizen is signed in.
 */
export interface PendingOtp {
  challengeId: string;
  /** E.164 when the number parsed (+84905123456), else as typed; needed to send the code again. */
  phone: string;
  channel: OtpChannel;
  /** ISO 8601, from the server. */
  expiresAt: string;
  /** Epoch ms when the latest code was sent; the resend cooldown counts from here. */
  sentAt: number;
  /** Seconds to wait before another code may be sent. */
  cooldownSeconds: number;
  sharedDevice: boolean;
}

const key = 'cds.otp';
/** The server's default resend cooldown (OTP_RESEND_COOLDOWN_SECONDS); a 429 tells the real wait. */
export const RESEND_COOLDOWN_SECONDS = 60;

export function savePendingOtp(pending: PendingOtp): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(pending));
  } catch {
    // Storage disabled: the flow still works until the page is reloaded.
  }
}

export function loadPendingOtp(): PendingOtp | null {
  try {
    const raw = sessionStorage.getItem(key);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<PendingOtp>;
    if (typeof value.challengeId !== 'string' || typeof value.phone !== 'string') return null;
    return {
      challengeId: value.challengeId,
      phone: value.phone,
      channel: value.channel === 'zalo' || value.channel === 'email' ? value.channel : 'sms',
      expiresAt: String(value.expiresAt ?? ''),
      sentAt: Number(value.sentAt ?? 0),
      cooldownSeconds: Number(value.cooldownSeconds ?? RESEND_COOLDOWN_SECONDS),
      sharedDevice: value.sharedDevice === true,
    };
  } catch {
    return null;
  }
}

export function clearPendingOtp(): void {
  try {
    sessionStorage.removeItem(key);
  } catch {
    // Nothing stored.
  }
}
