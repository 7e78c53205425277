import type { Tx } from '../db/db.js';
import type { Locale } from '../i18n/i18n.js';

/** Delivery channels, in the citizen's order of preference; the next one is tried when one fails. */
export type Channel = 'sms' | 'zalo' | 'email' | 'inapp';

export interface Recipient {
  /** E.164, e.g. +84905123456. */
  phone?: string;
  email?: string;
  /** For the in-app inbox. */
  accountId?: string;
}

/** GOV.UK Notify vocabulary. */
export type DeliveryStatus = 'created' | 'sending' | 'delivered' | 'permanent-failure' | 'temporary-failure';

export interface SendRequest {
  /** A template id defined by a module, `<module>.<name>` (e.g. `identity.otp`). */
  template: string;
  to: Recipient;
  /** Preference order; at least one. */
  channels: Channel[];
  /** Placeholder values. Never logged. */
  params: Record<string, string | number>;
  locale?: Locale;
  /** Caller's id for idempotency (same reference → same notification). */
  reference?: string;
}

export interface ChannelContent {
  sms?: string;
  /**
   * Zalo ZNS: an approved template id and its parameters, either the names of request params passed
   * as they are, or ZNS param name → text with `((placeholder))` fields.
   */
  zalo?: { templateId: string; params: string[] | Record<string, string> };
  email?: { subject: string; text: string; html?: string };
  inapp?: { title: string; body: string };
}

export interface TemplateDefinition {
  id: string;
  /** Per locale: text with `((placeholder))` fields, as GOV.UK Notify writes them. */
  vi: ChannelContent;
  en: ChannelContent;
}

/** Notifications are queued in the caller's transaction (outbox) and sent by jobs with retries. */
export interface Notify {
  defineTemplate(template: TemplateDefinition): void;
  send(tx: Tx, request: SendRequest): Promise<{ notificationId: string }>;
}
