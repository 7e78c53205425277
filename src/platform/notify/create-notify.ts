import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import { normalisePhone } from '../../../shared/phone.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Envelope } from '../crypto/envelope.js';
import type { Db, Sql, Tx } from '../db/db.js';
import type { App } from '../http/app.js';
import type { Jobs } from '../jobs/jobs.js';
import { defineDeliverJob, enqueueDelivery } from './delivery.js';
import './i18n.js';
import { createInbox } from './inbox.js';
import { registerInboxRoutes } from './inbox-routes.js';
import type { Channel, Notify, Recipient, SendRequest, TemplateDefinition } from './notify.js';
import { registerOutboxRoutes } from './outbox-routes.js';
import type { NotifyProviders } from './ports.js';
import { type InboxItem, insertNotification, listInbox, type StatusView, statusOf } from './repo.js';
import { createDeliveryReports } from './reports.js';
import { type SealedContent, seal } from './sealed.js';
import { placeholdersOf, type Rendered, renderChannel, smsLength, TemplateError } from './template.js';

export interface NotifyDeps {
  db: Db;
  jobs: Jobs;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** Seals recipients and rendered messages in the database. */
  envelope: Envelope;
  /** The SMS, Zalo and e-mail adapters (built by the composition root from src/adapters). */
  providers: NotifyProviders;
}

export interface NotifyRuntime extends Notify {
  /**
   * The in-app inbox API (/api/v1/me/notifications) and the providers' routes (delivery reports;
   * outside production also the simulated providers and /dev/outbox).
   */
  register(app: App): void;
  status(sql: Sql, notificationId: string): Promise<StatusView | undefined>;
  inbox(sql: Sql, accountId: string, limit?: number): Promise<InboxItem[]>;
}

const ADDRESS_OF: Record<Channel, keyof Recipient> = {
  sms: 'phone',
  zalo: 'phone',
  email: 'email',
  inapp: 'accountId',
};

export function createNotify(deps: NotifyDeps): NotifyRuntime {
  const { db, jobs, config, clock, envelope } = deps;
  const settings = config.notify;
  const log = deps.logger.child({ component: 'notify' });

  const templates = new Map<string, TemplateDefinition>();
  const { senders } = deps.providers;
  jobs.define(defineDeliverJob({ db, jobs, clock, logger: deps.logger, envelope, senders }));

  function render(
    template: TemplateDefinition,
    request: SendRequest,
    to: Recipient,
  ): SealedContent['messages'] {
    const locale = request.locale ?? 'vi';
    const params = { domain: new URL(settings.publicUrl).host, ...request.params };
    const messages: SealedContent['messages'] = {};
    for (const channel of request.channels) {
      if (!to[ADDRESS_OF[channel]]) continue;
      const rendered: Rendered | undefined = renderChannel(template, template[locale], channel, params, {
        stripSmsDiacritics: settings.sms.stripDiacritics,
      });
      if (!rendered) throw new TemplateError(`notify: template "${template.id}" has no ${channel} content`);
      messages[channel] = rendered;
    }
    return messages;
  }

  return {
    defineTemplate(template) {
      if (templates.has(template.id))
        throw new TemplateError(`notify: template "${template.id}" is defined twice`);
      const vi = placeholdersOf(template.vi).sort().join(',');
      const en = placeholdersOf(template.en).sort().join(',');
      if (vi !== en)
        throw new TemplateError(`notify: template "${template.id}" uses different placeholders in vi and en`);
      templates.set(template.id, template);
    },

    async send(tx: Tx, request: SendRequest) {
      const template = templates.get(request.template);
      if (!template) throw new TemplateError(`notify: template "${request.template}" is not defined`);
      if (!request.channels.length) throw new TemplateError('notify: at least one channel is needed');
      const to = normaliseRecipient(request.to);
      const messages = render(template, request, to);
      const channels = request.channels.filter((c) => messages[c]);
      if (!channels.length)
        throw new TemplateError(`notify: no channel of "${template.id}" can reach the recipient`);
      const id = uuidv7();
      const { id: notificationId, created } = await insertNotification(tx, {
        id,
        template: template.id,
        reference: request.reference ?? null,
        channels,
        locale: request.locale ?? 'vi',
        accountId: to.accountId ?? null,
        sealed: seal(envelope, id, { to, messages }),
        now: clock.now(),
      });
      if (!created) return { notificationId };
      await tx.query(
        `insert into notify.notification_events (id, notification_id, channel, status, at)
         values ($1, $2, $3, 'created', $4)`,
        [uuidv7(), notificationId, channels[0], clock.now()],
      );
      await enqueueDelivery(jobs, tx, notificationId);
      const smsMessage = messages.sms;
      const sms = smsMessage?.channel === 'sms' ? smsLength(smsMessage.body) : undefined;
      tx.afterCommit(() =>
        log.info(
          {
            notificationId,
            template: template.id,
            channels,
            smsSegments: sms?.segments,
            smsEncoding: sms?.encoding,
          },
          'notification queued',
        ),
      );
      return { notificationId };
    },

    register(app) {
      registerInboxRoutes(app, createInbox({ db, clock }));
      deps.providers.register(app, createDeliveryReports({ db, jobs, clock, logger: deps.logger }));
      if (!config.isProduction) registerOutboxRoutes(app, db);
    },

    status: (sql, notificationId) => statusOf(sql, notificationId),
    inbox: (sql, accountId, limit) => listInbox(sql, accountId, limit),
  };
}

function normaliseRecipient(to: Recipient): Recipient {
  const out: Recipient = {};
  if (to.phone) {
    const phone = normalisePhone(to.phone);
    if (!phone) throw new TemplateError('notify: the recipient phone is not a Vietnamese mobile number');
    out.phone = phone;
  }
  if (to.email) out.email = to.email.trim().toLowerCase();
  if (to.accountId) out.accountId = to.accountId;
  return out;
}
