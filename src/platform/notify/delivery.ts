import type { Logger } from 'pino';
import { z } from 'zod';
import type { Clock } from '../clock.js';
import type { Envelope } from '../crypto/envelope.js';
import type { Db, Tx } from '../db/db.js';
import type { JobContext, JobDefinition, Jobs } from '../jobs/jobs.js';
import type { Channel } from './notify.js';
import type { Senders, SendOutcome } from './ports.js';
import { changeStatus, insertInboxItem, lockNotification, type NotificationRow } from './repo.js';
import { unseal } from './sealed.js';

const DELIVER_JOB = 'notify.deliver';
const DELIVER_RETRY_LIMIT = 5;

const DeliverPayload = z.object({ notificationId: z.uuid() });

export interface DeliveryDeps {
  db: Db;
  jobs: Jobs;
  clock: Clock;
  logger: Logger;
  envelope: Envelope;
  senders: Senders;
}

const FINAL = new Set(['delivered', 'permanent-failure']);

/** The next channel in the caller's order of preference, if any. */
function nextChannel(row: Pick<NotificationRow, 'channels' | 'channel'>): Channel | undefined {
  return row.channels[row.channels.indexOf(row.channel) + 1];
}

/**
 * The channel in use cannot deliver: record it, then move to the next channel (returned) or end as a
 * permanent failure. A caller outside the job enqueues the job again for the next channel.
 */
export async function failChannel(
  tx: Tx,
  row: NotificationRow,
  reason: string,
  now: Date,
): Promise<Channel | undefined> {
  const next = nextChannel(row);
  await changeStatus(tx, row.id, { status: 'permanent-failure', channel: row.channel, reason }, now);
  if (next)
    await changeStatus(tx, row.id, { status: 'created', channel: next, providerMessageId: null }, now);
  return next;
}

export function defineDeliverJob(deps: DeliveryDeps): JobDefinition<typeof DeliverPayload> {
  const { db, clock, envelope, senders } = deps;
  const log = deps.logger.child({ component: 'notify' });

  /** Marks the notification as sending, unless it is finished or a provider already accepted it. */
  async function claim(id: string): Promise<NotificationRow | undefined> {
    return db.tx(async (tx) => {
      const row = await lockNotification(tx, id);
      if (!row || FINAL.has(row.status)) return undefined;
      if (row.status === 'sending' && row.providerMessageId) return undefined;
      await changeStatus(
        tx,
        id,
        { status: 'sending', channel: row.channel, countAttempt: true },
        clock.now(),
      );
      return { ...row, status: 'sending' };
    });
  }

  async function attempt(row: NotificationRow, signal: AbortSignal): Promise<SendOutcome> {
    const { to, messages } = unseal(envelope, row.id, row.sealed);
    const message = messages[row.channel];
    if (!message) return { result: 'permanent-failure', reason: 'notify.no_content' };
    const requestId = row.id;
    switch (message.channel) {
      case 'sms':
        return senders.sms.send({ requestId, to: to.phone!, body: message.body }, signal);
      case 'zalo':
        return senders.zalo.send(
          { requestId, to: to.phone!, templateId: message.templateId, templateData: message.templateData },
          signal,
        );
      case 'email':
        return senders.email.send(
          { requestId, to: to.email!, subject: message.subject, text: message.text, html: message.html },
          signal,
        );
      case 'inapp':
        await db.tx((tx) =>
          insertInboxItem(tx, {
            accountId: to.accountId!,
            notificationId: row.id,
            title: message.title,
            body: message.body,
          }),
        );
        return { result: 'accepted', delivered: true };
    }
  }

  return {
    name: DELIVER_JOB,
    payload: DeliverPayload,
    retryLimit: DELIVER_RETRY_LIMIT,
    retryDelay: 10,
    expireInSeconds: 120,
    async run({ notificationId }, ctx: JobContext) {
      for (;;) {
        const row = await claim(notificationId);
        if (!row) return;
        const outcome = await attempt(row, ctx.signal);
        const meta = { notificationId, template: row.template, channel: row.channel, attempt: ctx.attempt };
        if (outcome.result === 'accepted') {
          await db.tx(async (tx) => {
            const current = await lockNotification(tx, notificationId);
            // A delivery report may have arrived before this answer was recorded.
            if (current?.status !== 'sending' || current.channel !== row.channel) return;
            await changeStatus(
              tx,
              notificationId,
              {
                status: outcome.delivered ? 'delivered' : 'sending',
                channel: row.channel,
                providerMessageId: outcome.providerMessageId ?? null,
                reason: outcome.delivered ? undefined : 'accepted',
              },
              clock.now(),
            );
          });
          log.info({ ...meta, delivered: outcome.delivered }, 'notification accepted by provider');
          return;
        }
        const lastAttempt = ctx.attempt > DELIVER_RETRY_LIMIT;
        if (outcome.result === 'temporary-failure' && !(lastAttempt && nextChannel(row))) {
          await db.tx((tx) =>
            changeStatus(
              tx,
              notificationId,
              { status: 'temporary-failure', channel: row.channel, reason: outcome.reason },
              clock.now(),
            ),
          );
          log.warn({ ...meta, reason: outcome.reason }, 'notification temporarily failed');
          throw new Error(`notify: ${row.channel} temporarily failed (${outcome.reason})`);
        }
        const next = await db.tx((tx) => failChannel(tx, row, outcome.reason, clock.now()));
        log.warn({ ...meta, reason: outcome.reason, next: next ?? null }, 'notification channel failed');
        if (!next) return;
      }
    },
  };
}

/** Enqueues delivery in the caller's transaction. */
export function enqueueDelivery(jobs: Jobs, tx: Tx, notificationId: string): Promise<string> {
  return jobs.enqueue(tx, DELIVER_JOB, { notificationId });
}
