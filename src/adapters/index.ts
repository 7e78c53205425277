import type { Logger } from 'pino';
import type { Clock } from '../platform/clock.js';
import { type Config, ConfigError } from '../platform/config.js';
import type { Envelope } from '../platform/crypto/envelope.js';
import type { Db } from '../platform/db/db.js';
import type { HttpFetch, NotifyProviders } from '../platform/notify/ports.js';
import { createEmailSimulator, type EmailSimulator } from './email/simulator.js';
import { createSmtpSender } from './email/smtp.js';
import { createEsmsSender } from './sms/esms.js';
import { ESMS_CALLBACK_PATH, registerEsmsCallback } from './sms/esms-callback.js';
import { type EsmsSimulator, registerEsmsSimulator } from './sms/simulator.js';
import { createZaloTokenSource } from './zalo/oa-token.js';
import { registerZaloSimulator, type ZaloSimulator } from './zalo/simulator.js';
import { registerZaloWebhook } from './zalo/webhook.js';
import { createZnsSender } from './zalo/zns.js';

export interface ProviderDeps {
  db: Db;
  config: Config;
  clock: Clock;
  logger: Logger;
  /** Seals the Zalo OA tokens in the database. */
  envelope: Envelope;
  /** Outgoing HTTP to providers (tests pass one that routes to `app.inject`). */
  fetch?: HttpFetch;
}

/** Handles on the simulated providers, for tests (set once `register` has mounted them). */
export interface ProviderSimulators {
  sms?: EsmsSimulator;
  zalo?: ZaloSimulator;
  email?: EmailSimulator;
  /** Resolves when every simulated delivery report sent so far has been handled. */
  idle(): Promise<void>;
}

export interface Providers extends NotifyProviders {
  readonly simulators: ProviderSimulators;
}

/**
 * The SMS (eSMS), Zalo ZNS and e-mail adapters for notify, as configured. Outside production the
 * simulated providers are mounted on the app and the adapters talk to them over HTTP as they would
 * to the real ones; in production the simulators are refused.
 */
export function createProviders(deps: ProviderDeps): Providers {
  const { db, config, clock, envelope } = deps;
  const settings = config.notify;
  const fetch = deps.fetch ?? globalThis.fetch;
  refuseSimulatorsInProduction(config);

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
  const simulators: ProviderSimulators = {
    ...(emailSimulator ? { email: emailSimulator } : {}),
    async idle() {
      await Promise.all([simulators.sms?.idle(), simulators.zalo?.idle()]);
    },
  };

  return {
    simulators,
    senders: {
      sms: createEsmsSender({
        baseUrl: settings.sms.esms.baseUrl,
        apiKey: settings.sms.esms.apiKey ?? '',
        secretKey: settings.sms.esms.secretKey ?? '',
        brandname: settings.sms.esms.brandname ?? '',
        smsType: settings.sms.esms.smsType,
        sandbox: settings.sms.esms.sandbox,
        callbackUrl: `${settings.publicUrl}${ESMS_CALLBACK_PATH}?token=${encodeURIComponent(settings.sms.esms.callbackToken ?? '')}`,
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
    },

    register(app, reports) {
      registerEsmsCallback(app, { reports, callbackToken: settings.sms.esms.callbackToken });
      registerZaloWebhook(app, { reports, appId: settings.zalo.appId, oaSecret: settings.zalo.oaSecret });
      if (config.isProduction) return;
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
  };
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
