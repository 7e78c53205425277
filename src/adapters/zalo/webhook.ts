import { z } from 'zod';
import type { App } from '../../platform/http/app.js';
import { DomainError } from '../../platform/http/errors.js';
import type { DeliveryReports } from '../../platform/notify/ports.js';
import { verifyZaloSignature } from './signature.js';

/** Where the Zalo OA webhook points (a public route; every event is signed). */
export const ZALO_WEBHOOK_PATH = '/api/v1/notify/callbacks/zalo';

const ZaloEvent = z.looseObject({
  app_id: z.string(),
  event_name: z.string(),
  timestamp: z.union([z.string(), z.number()]).transform(String),
  message: z.looseObject({ msg_id: z.string().optional(), tracking_id: z.string().optional() }).optional(),
});
type ZaloEvent = z.infer<typeof ZaloEvent>;

/** Zalo OA webhook events with `X-ZEvent-Signature`; `user_received_message` is a delivery report. */
export function registerZaloWebhook(
  app: App,
  options: { reports: DeliveryReports; appId: string | undefined; oaSecret: string | undefined },
): void {
  const badSignature = () => new DomainError('unauthorized', 'notify.bad_signature');
  app.register(async (scope) => {
    // The signature covers the body exactly as sent, so keep it as text.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(
      ZALO_WEBHOOK_PATH,
      { schema: { tags: ['notify'], summary: 'Zalo OA webhook (X-ZEvent-Signature verified)' } },
      async (req) => {
        const raw = typeof req.body === 'string' ? req.body : '';
        let event: ZaloEvent;
        try {
          event = ZaloEvent.parse(JSON.parse(raw));
        } catch {
          throw badSignature();
        }
        const header = req.headers['x-zevent-signature'];
        const { appId, oaSecret } = options;
        if (
          !appId ||
          !oaSecret ||
          event.app_id !== appId ||
          !verifyZaloSignature(
            typeof header === 'string' ? header : undefined,
            appId,
            raw,
            event.timestamp,
            oaSecret,
          )
        ) {
          throw badSignature();
        }
        const msgId = event.message?.msg_id;
        if (event.event_name !== 'user_received_message' || !msgId) return { received: true };
        await options.reports.apply({
          channel: 'zalo',
          providerMessageId: msgId,
          notificationId: event.message?.tracking_id,
          delivered: true,
          reason: 'zalo.user_received_message',
        });
        return { received: true };
      },
    );
  });
}
