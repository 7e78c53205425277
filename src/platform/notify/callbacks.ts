import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { verifyZaloSignature } from '../../adapters/zalo/signature.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db, Tx } from '../db/db.js';
import type { App } from '../http/app.js';
import { DomainError } from '../http/errors.js';
import type { Jobs } from '../jobs/jobs.js';
import { enqueueDelivery, failChannel } from './delivery.js';
import { CALLBACK_PATHS } from './ports.js';
import { changeStatus, findByProviderMessage, lockNotification, type NotificationRow } from './repo.js';

export interface CallbackDeps {
  db: Db;
  jobs: Jobs;
  clock: Clock;
  logger: Logger;
  config: Config['notify'];
}

const UUID = z.uuid();
const badSignature = () => new DomainError('unauthorized', 'notify.bad_signature');

function sameSecret(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Delivery reports from the SMS gateway and Zalo: authenticated, idempotent, never logging contents. */
export function registerCallbackRoutes(app: App, deps: CallbackDeps): void {
  const { db, clock } = deps;
  const log = deps.logger.child({ component: 'notify' });

  /** Applies a final report to the channel it is about; reports for another channel or a finished one change nothing. */
  async function report(
    tx: Tx,
    row: NotificationRow | undefined,
    channel: 'sms' | 'zalo',
    delivered: boolean,
    reason: string,
  ) {
    if (!row || row.channel !== channel || !['sending', 'temporary-failure'].includes(row.status))
      return false;
    if (delivered) {
      await changeStatus(tx, row.id, { status: 'delivered', channel, reason }, clock.now());
    } else {
      const next = await failChannel(tx, row, reason, clock.now());
      if (next) await enqueueDelivery(deps.jobs, tx, row.id);
    }
    log.info({ notificationId: row.id, channel, delivered, reason }, 'delivery report applied');
    return true;
  }

  app.get(
    CALLBACK_PATHS.esms,
    {
      schema: {
        tags: ['notify'],
        summary: 'eSMS delivery report (GET, secret token in the callback URL)',
        querystring: z.looseObject({
          token: z.string().optional(),
          RequestId: z.string().optional(),
          SMSID: z.string().optional(),
          SendStatus: z.string().optional(),
        }),
      },
    },
    async (req) => {
      if (!sameSecret(req.query.token, deps.config.sms.esms.callbackToken)) throw badSignature();
      const { RequestId: requestId, SendStatus: status } = req.query;
      // 5 sent OK, 4 rejected; 1, 2 and 7 are on the way and change nothing.
      if (!requestId || !UUID.safeParse(requestId).success || (status !== '5' && status !== '4')) {
        return { received: true };
      }
      await db.tx(async (tx) =>
        report(tx, await lockNotification(tx, requestId), 'sms', status === '5', `esms.status_${status}`),
      );
      return { received: true };
    },
  );

  app.register(async (scope) => {
    // The signature covers the body exactly as sent, so keep it as text.
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    scope.post(
      CALLBACK_PATHS.zalo,
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
        const { appId, oaSecret } = deps.config.zalo;
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
        await db.tx(async (tx) => {
          let row = await findByProviderMessage(tx, 'zalo', msgId);
          // The report can overtake our recording of the send answer; the tracking id is our notification id.
          const trackingId = event.message?.tracking_id;
          if (!row && trackingId && UUID.safeParse(trackingId).success)
            row = await lockNotification(tx, trackingId);
          await report(tx, row, 'zalo', true, 'zalo.user_received_message');
        });
        return { received: true };
      },
    );
  });
}

const ZaloEvent = z.looseObject({
  app_id: z.string(),
  event_name: z.string(),
  timestamp: z.union([z.string(), z.number()]).transform(String),
  message: z.looseObject({ msg_id: z.string().optional(), tracking_id: z.string().optional() }).optional(),
});
type ZaloEvent = z.infer<typeof ZaloEvent>;
