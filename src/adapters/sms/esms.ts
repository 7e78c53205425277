import {
  type HttpFetch,
  networkReason,
  type SendOutcome,
  type SmsMessage,
  type SmsSender,
  withTimeout,
} from '../../platform/notify/ports.js';
import { smsLength } from '../../platform/notify/sms-text.js';

export interface EsmsOptions {
  /** `https://rest.esms.vn`, or the simulator mounted at `<PUBLIC_URL>/dev/providers/esms`. */
  baseUrl: string;
  apiKey: string;
  secretKey: string;
  brandname: string;
  /** "2" customer care / OTP, "1" promotion, "8" fixed number. */
  smsType: string;
  sandbox: boolean;
  /** Where eSMS sends the delivery report (GET), with our secret token in it. */
  callbackUrl: string;
  fetch: HttpFetch;
}

export const ESMS_SEND_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';

/** eSMS answers that mean the number or the content can never go through this way. */
const PERMANENT = new Set(['99', '101', '104', '108', '140', '146', '177']);

/** eSMS.vn brandname SMS (SendMultipleMessage_V4_post_json); RequestId = notification id dedupes resends. */
export function createEsmsSender(options: EsmsOptions): SmsSender {
  return {
    async send(message: SmsMessage, signal: AbortSignal): Promise<SendOutcome> {
      const body = {
        ApiKey: options.apiKey,
        SecretKey: options.secretKey,
        Phone: nationalNumber(message.to),
        Content: message.body,
        Brandname: options.brandname,
        SmsType: options.smsType,
        IsUnicode: smsLength(message.body).encoding === 'UCS-2' ? '1' : '0',
        Sandbox: options.sandbox ? '1' : '0',
        RequestId: message.requestId,
        CallbackUrl: options.callbackUrl,
      };
      let response: Response;
      try {
        response = await options.fetch(`${options.baseUrl}${ESMS_SEND_PATH}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: withTimeout(signal),
        });
      } catch (err) {
        return { result: 'temporary-failure', reason: `esms.${networkReason(err)}` };
      }
      if (!response.ok) return { result: 'temporary-failure', reason: `esms.http_${response.status}` };
      const answer = (await response.json().catch(() => ({}))) as { CodeResult?: unknown; SMSID?: unknown };
      const code = String(answer.CodeResult ?? '');
      if (code === '100') {
        return { result: 'accepted', providerMessageId: stringOrUndefined(answer.SMSID), delivered: false };
      }
      // 124: this RequestId was already accepted (our earlier attempt went through before a crash).
      if (code === '124') return { result: 'accepted', delivered: false };
      if (PERMANENT.has(code)) return { result: 'permanent-failure', reason: `esms.${code}` };
      return { result: 'temporary-failure', reason: `esms.${code || 'unreadable'}` };
    },
  };
}

/** +84905123456 → 0905123456, the form eSMS documents. */
function nationalNumber(e164: string): string {
  return e164.replace(/^\+84/, '0');
}

function stringOrUndefined(value: unknown): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : String(value);
}
