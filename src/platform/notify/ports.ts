import type { App } from '../http/app.js';

/** What a provider answered to one send request. */
export type SendOutcome =
  | {
      result: 'accepted';
      providerMessageId?: string | undefined;
      /** True when no delivery report will follow (SMTP accepted, in-app stored). */
      delivered: boolean;
    }
  /** The recipient cannot be reached this way (not on Zalo, invalid number…): try the next channel. */
  | { result: 'permanent-failure'; reason: string }
  /** Worth retrying later (provider down, timeout, balance). */
  | { result: 'temporary-failure'; reason: string };

export interface SmsMessage {
  /** Our notification id: providers deduplicate on it. */
  requestId: string;
  /** E.164. */
  to: string;
  body: string;
}

export interface ZaloMessage {
  requestId: string;
  to: string;
  templateId: string;
  templateData: Record<string, string>;
}

export interface EmailMessage {
  requestId: string;
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmsSender {
  send(message: SmsMessage, signal: AbortSignal): Promise<SendOutcome>;
}
export interface ZaloSender {
  send(message: ZaloMessage, signal: AbortSignal): Promise<SendOutcome>;
}
export interface EmailSender {
  send(message: EmailMessage, signal: AbortSignal): Promise<SendOutcome>;
}

export interface Senders {
  sms: SmsSender;
  zalo: ZaloSender;
  email: EmailSender;
}

/** A provider's final delivery report, read from its wire format by the adapter. */
export interface DeliveryReport {
  channel: 'sms' | 'zalo';
  /** The provider's message id, as it answered the send request. */
  providerMessageId?: string | undefined;
  /** Our notification id, when the provider echoes it (it is the request id of every send). */
  notificationId?: string | undefined;
  delivered: boolean;
  /** A provider code such as `esms.status_4`; never a message or an address. */
  reason: string;
}

export interface DeliveryReports {
  /**
   * Applies a report to the channel it is about, in one transaction; a report for another channel,
   * a finished notification or an unknown one changes nothing (false).
   */
  apply(report: DeliveryReport): Promise<boolean>;
}

/** The providers notify sends through, chosen and built by the composition root (src/adapters). */
export interface NotifyProviders {
  senders: Senders;
  /**
   * Mounts the routes the providers call (delivery reports, authenticated as each provider signs
   * them) and, outside production, the simulated providers.
   */
  register(app: App, reports: DeliveryReports): void;
}

export type HttpFetch = typeof globalThis.fetch;

/** A provider call that takes longer than this counts as a temporary failure. */
const PROVIDER_TIMEOUT_MS = 15_000;

export function withTimeout(signal: AbortSignal): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(PROVIDER_TIMEOUT_MS)]);
}

/** A short reason for the status history: an error class, never a message that may echo data. */
export function networkReason(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timeout';
  return 'network';
}
