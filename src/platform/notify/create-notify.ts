import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import { normalisePhone } from '../../../shared/phone.js';
import { createEmailSimulator, type EmailSimulator } from '../../adapters/email/simulator.js';
import { createSmtpSender } from '../../adapters/email/smtp.js';
import { createEsmsSender } from '../../adapters/sms/esms.js';
import { type EsmsSimulator, registerEsmsSimulator } from '../../adapters/sms/simulator.js';
import { createZaloTokenSource } from '../../adapters/zalo/oa-token.js';
import { registerZaloSimulator, type ZaloSimulator } from '../../adapters/zalo/simulator.js';
import { createZnsSender } from '../../adapters/zalo/zns.js';
import type { Clock } from '../clock.js';
import { type Config, ConfigError } from '../config.js';
import type { Envelope } from '../crypto/envelope.js';
import type { Db, Sql, Tx } from '../db/db.js';
import type { App } from '../http/app.js';
import type { Jobs } from '../jobs/jobs.js';
import { registerCallbackRoutes } from './callbacks.js';
import { defineDeliverJob, enqueueDelivery, type Senders } from './delivery.js';
import './i18n.js';
import { createInbox } from './inbox.js';
import { registerInboxRoutes } from './inbox-routes.js';
import type { Channel, Notify, Recipient, SendRequest, TemplateDefinition } from './notify.js';
import { registerOutboxRoutes } from './outbox-routes.js';
import { CALLBACK_PATHS, type HttpFetch } from './ports.js';
import { type InboxItem, insertNotification, listInbox, type StatusView, statusOf } from './repo.js';
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
  /** Outgoing HTTP to providers (tests pass one that routes to `app.inject`). */
  fetch?: HttpFetch;
}

export interface NotifySimulators {
  sms?: EsmsSimulator;
  zalo?: ZaloSimulator;
  email?: EmailSimulator;
  /** Resolves when every simulated delivery report sent so far has been handled. */
  idle(): Promise<void>;
}

export interface NotifyRuntime extends Notify {
  /**
   * The in-app inbox API (/api/v1/me/notifications) and provider callbacks; outside production also
   * /dev/outbox and the simulated providers.
   */
  register(app: App): void;
  status(sql: Sql, notificationId: string): Promise<StatusView | undefined>;
  inbox(sql: Sql, accountId: string, limit?: number): Promise<InboxItem[]>;
  readonly simulators: NotifySimulators;
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
  const fetch = deps.fetch ?? globalThis.fetch;
  const log = deps.logger.child({ component: 'notify' });
  refuseSimulatorsInProduction(config);

  const templates = new Map<string, TemplateDefinition>();
  const zaloTokens = createZaloTokenSource({
    db,
    clock,
    envelope,
    fetch,
    appId: settings.zalo.appId ?? '',
    appSecret: settings.zalo.appSecret,
    oauthUrl: settings.zalo.oauthUrl,
    accessToken: settings.zalo.accessToken,
    refreshToken: settings.zalo.refreshToken,
  });
  const emailSimulator =
    settings.email.provider === 'simulator' ? createEmailSimulator({ db, clock }) : undefined;
  const senders: Senders = {
    sms: createEsmsSender({
      baseUrl: settings.sms.esms.baseUrl,
      apiKey: settings.sms.esms.apiKey ?? '',
      secretKey: settings.sms.esms.secretKey ?? '',
      brandname: settings.sms.esms.brandname ?? '',
      smsType: settings.sms.esms.smsType,
      sandbox: settings.sms.esms.sandbox,
      callbackUrl: `${settings.publicUrl}${CALLBACK_PATHS.esms}?token=${encodeURIComponent(settings.sms.esms.callbackToken ?? '')}`,
      fetch,
    }),
    zalo: createZnsSender({
      baseUrl: settings.zalo.znsBaseUrl,
      accessToken: () => zaloTokens.current(),
      onInvalidToken: () => zaloTokens.refresh(),
      fetch,
    }),
    email:
      emailSimulator ?? createSmtpSender({ url: settings.email.smtpUrl ?? '', from: settings.email.from }),
  };
  jobs.define(defineDeliverJob({ db, jobs, clock, logger: deps.logger, envelope, senders }));

  const simulators: NotifySimulators = {
    ...(emailSimulator ? { email: emailSimulator } : {}),
    async idle() {
      await Promise.all([simulators.sms?.idle(), simulators.zalo?.idle()]);
    },
  };

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
    simulators,

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
      registerCallbackRoutes(app, { db, jobs, clock, logger: deps.logger, config: settings });
      if (config.isProduction) return;
      registerOutboxRoutes(app, db);
      const common = { db, clock, logger: deps.logger, fetch };
      simulators.sms = registerEsmsSimulator(app, {
        ...common,
        apiKey: settings.sms.esms.apiKey ?? '',
        secretKey: settings.sms.esms.secretKey ?? '',
        brandname: settings.sms.esms.brandname ?? '',
      });
      simulators.zalo = registerZaloSimulator(app, {
        ...common,
        accessToken: settings.zalo.accessToken ?? '',
        refreshToken: settings.zalo.refreshToken,
        appId: settings.zalo.appId ?? '',
        appSecret: settings.zalo.appSecret,
        oaSecret: settings.zalo.oaSecret ?? '',
        notOnZalo: settings.zalo.simulatorNotOnZalo,
        publicUrl: settings.publicUrl,
      });
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

function refuseSimulatorsInProduction(config: Config): void {
  if (!config.isProduction) return;
  const { sms, zalo, email } = config.notify;
  const refused = [
    sms.provider === 'simulator' && 'SMS_PROVIDER (set esms)',
    zalo.provider === 'simulator' && 'ZALO_PROVIDER (set zns)',
    email.provider === 'simulator' && 'EMAIL_PROVIDER (set smtp)',
  ].filter(Boolean);
  if (refused.length) {
    throw new ConfigError(
      `Invalid configuration: ${refused.join(', ')} — the provider simulators are refused in production`,
    );
  }
}
