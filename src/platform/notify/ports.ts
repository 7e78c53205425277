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

export type HttpFetch = typeof globalThis.fetch;

/** A provider call that takes longer than this counts as a temporary failure. */
export const PROVIDER_TIMEOUT_MS = 15_000;

export function withTimeout(signal: AbortSignal): AbortSignal {
  return AbortSignal.any([signal, AbortSignal.timeout(PROVIDER_TIMEOUT_MS)]);
}

/** A short reason for the status history: an error class, never a message that may echo data. */
export function networkReason(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return 'timeout';
  return 'network';
}

/** Where providers report delivery (public routes). */
export const CALLBACK_PATHS = {
  esms: '/api/v1/notify/callbacks/esms',
  zalo: '/api/v1/notify/callbacks/zalo',
} as const;
