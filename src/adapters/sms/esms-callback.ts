import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { App } from '../../platform/http/app.js';
import { DomainError } from '../../platform/http/errors.js';
import type { DeliveryReports } from '../../platform/notify/ports.js';

/** Where eSMS reports delivery (a public route; the secret token is part of the callback URL). */
export const ESMS_CALLBACK_PATH = '/api/v1/notify/callbacks/esms';

function sameSecret(given: string | undefined, expected: string | undefined): boolean {
  if (!given || !expected) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** eSMS delivery reports: a GET with our RequestId (the notification id) and its SendStatus. */
export function registerEsmsCallback(
  app: App,
  options: { reports: DeliveryReports; callbackToken: string | undefined },
): void {
  app.get(
    ESMS_CALLBACK_PATH,
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
      if (!sameSecret(req.query.token, options.callbackToken))
        throw new DomainError('unauthorized', 'notify.bad_signature');
      const { RequestId: requestId, SendStatus: status } = req.query;
      // 5 sent OK, 4 rejected; 1, 2 and 7 are on the way and change nothing.
      if (!requestId || (status !== '5' && status !== '4')) return { received: true };
      await options.reports.apply({
        channel: 'sms',
        notificationId: requestId,
        delivered: status === '5',
        reason: `esms.status_${status}`,
      });
      return { received: true };
    },
  );
}
