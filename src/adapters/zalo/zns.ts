import { toProviderPhone } from '../../../shared/phone.js';
import {
  type HttpFetch,
  networkReason,
  type SendOutcome,
  withTimeout,
  type ZaloMessage,
  type ZaloSender,
} from '../../platform/notify/ports.js';

export interface ZnsOptions {
  /** `https://business.openapi.zalo.me`, or the simulator at `<PUBLIC_URL>/dev/providers/zalo`. */
  baseUrl: string;
  /** The OA access token, read before each request. */
  accessToken: () => Promise<string>;
  /** Called when Zalo refuses the token; the send is retried later with the new one. */
  onInvalidToken?: () => Promise<boolean>;
  fetch: HttpFetch;
}

export const ZNS_SEND_PATH = '/message/template';

/** Only these are worth retrying on Zalo; every other refusal sends the message by the next channel. */
const TEMPORARY = new Set([-100]);
/** Invalid or expired access token [number unconfirmed in public docs]. */
const ZNS_INVALID_TOKEN = -124;

/** Zalo ZNS template messages by phone number; tracking_id = notification id. */
export function createZnsSender(options: ZnsOptions): ZaloSender {
  return {
    async send(message: ZaloMessage, signal: AbortSignal): Promise<SendOutcome> {
      let response: Response;
      try {
        response = await options.fetch(`${options.baseUrl}${ZNS_SEND_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', access_token: await options.accessToken() },
          body: JSON.stringify({
            phone: toProviderPhone(message.to),
            template_id: message.templateId,
            template_data: message.templateData,
            tracking_id: message.requestId,
          }),
          signal: withTimeout(signal),
        });
      } catch (err) {
        return { result: 'temporary-failure', reason: `zalo.${networkReason(err)}` };
      }
      if (!response.ok) return { result: 'temporary-failure', reason: `zalo.http_${response.status}` };
      const answer = (await response.json().catch(() => ({}))) as {
        error?: unknown;
        data?: { msg_id?: unknown };
      };
      const code = Number(answer.error);
      if (!Number.isFinite(code)) return { result: 'temporary-failure', reason: 'zalo.unreadable' };
      if (code === 0) {
        const msgId = answer.data?.msg_id;
        return { result: 'accepted', providerMessageId: msgId ? String(msgId) : undefined, delivered: false };
      }
      if (code === ZNS_INVALID_TOKEN && options.onInvalidToken && (await options.onInvalidToken())) {
        return { result: 'temporary-failure', reason: `zalo.${code}` };
      }
      if (TEMPORARY.has(code)) return { result: 'temporary-failure', reason: `zalo.${code}` };
      return { result: 'permanent-failure', reason: `zalo.${code}` };
    },
  };
}
