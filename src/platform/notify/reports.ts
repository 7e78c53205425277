import type { Logger } from 'pino';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Db } from '../db/db.js';
import type { Jobs } from '../jobs/jobs.js';
import { enqueueDelivery, failChannel } from './delivery.js';
import type { DeliveryReports } from './ports.js';
import { changeStatus, findByProviderMessage, lockNotification } from './repo.js';

export interface ReportDeps {
  db: Db;
  jobs: Jobs;
  clock: Clock;
  logger: Logger;
}

const UUID = z.uuid();

/** Delivery reports the provider adapters received: idempotent, never logging contents. */
export function createDeliveryReports(deps: ReportDeps): DeliveryReports {
  const { db, clock } = deps;
  const log = deps.logger.child({ component: 'notify' });

  return {
    apply: (report) =>
      db.tx(async (tx) => {
        const { channel, delivered, reason } = report;
        let row = report.providerMessageId
          ? await findByProviderMessage(tx, channel, report.providerMessageId)
          : undefined;
        // The report can overtake our recording of the send answer; the request id is our notification id.
        if (!row && report.notificationId && UUID.safeParse(report.notificationId).success)
          row = await lockNotification(tx, report.notificationId);
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
      }),
  };
}
