import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { normalisePhone } from '../../../shared/phone.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/db.js';
import type { App } from '../../platform/http/app.js';
import { recordOutbox } from '../../platform/notify/dev-outbox.js';
import type { HttpFetch } from '../../platform/notify/ports.js';
import { zaloPreview } from '../../platform/notify/template.js';
import { FailureScript, SimulatedCallbacks } from '../simulator-callbacks.js';
import { zaloSignatureHeader } from './signature.js';
import { ZALO_WEBHOOK_PATH } from './webhook.js';
import { ZNS_SEND_PATH } from './zns.js';

const ZALO_SIMULATOR_PREFIX = '/dev/providers/zalo';

export interface ZaloSimulatorOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  fetch: HttpFetch;
  accessToken: string;
  refreshToken: string | undefined;
  appId: string;
  appSecret: string | undefined;
  oaSecret: string;
  /** E.164 numbers the simulator treats as having no Zalo account (-118). */
  notOnZalo: readonly string[];
  /** Our public base URL: the simulated OA webhook points at its Zalo callback route. */
  publicUrl: string;
}

export type ZaloFailure = { httpStatus: number } | { error: number; message: string };

export interface ZaloSimulator {
  failNext(count: number, failure: ZaloFailure): void;
  /** Every access token issued so far stops working (as after 25 hours); the refresh token still works. */
  expireAccessTokens(): void;
  idle(): Promise<void>;
}

/**
 * A local ZNS: `POST /message/template` with the `access_token` header, ZNS error codes (-118 for the
 * configured "not on Zalo" numbers), and a signed `user_received_message` webhook after each message.
 */
export function registerZaloSimulator(app: App, options: ZaloSimulatorOptions): ZaloSimulator {
  const callbacks = new SimulatedCallbacks(options.logger, 'zalo-simulator');
  const failures = new FailureScript<ZaloFailure>();
  const notOnZalo = new Set(options.notOnZalo.map((p) => normalisePhone(p) ?? p));
  const refuse = (error: number, message: string) => ({ error, message });
  const validAccessTokens = new Set([options.accessToken]);
  let validRefreshToken = options.refreshToken;

  // The OA token endpoint: form-encoded, App Secret in the `secret_key` header, refresh tokens single-use.
  app.register(async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.post(
      `${ZALO_SIMULATOR_PREFIX}/oauth/access_token`,
      {
        schema: {
          tags: ['development'],
          summary: 'Zalo OAuth token endpoint simulator (never in production)',
        },
      },
      async (req, reply) => {
        const form = (req.body ?? {}) as Record<string, string>;
        if (
          !options.appSecret ||
          req.headers.secret_key !== options.appSecret ||
          form.app_id !== options.appId
        ) {
          return reply
            .code(400)
            .send({ error: -14002, error_name: 'Invalid app', error_description: 'app_id or secret_key' });
        }
        if (
          form.grant_type !== 'refresh_token' ||
          !validRefreshToken ||
          form.refresh_token !== validRefreshToken
        ) {
          return reply.code(400).send({
            error: -14014,
            error_name: 'Invalid refresh token',
            error_description: 'used or unknown',
          });
        }
        const accessToken = `sim-access-${randomUUID()}`;
        validRefreshToken = `sim-refresh-${randomUUID()}`;
        validAccessTokens.add(accessToken);
        return { access_token: accessToken, refresh_token: validRefreshToken, expires_in: '90000' };
      },
    );
  });

  app.post(
    `${ZALO_SIMULATOR_PREFIX}${ZNS_SEND_PATH}`,
    {
      schema: {
        tags: ['development'],
        summary: 'Zalo ZNS send simulator (never in production)',
        body: z.record(z.string(), z.unknown()),
      },
    },
    async (req, reply) => {
      const failure = failures.take();
      if (failure && 'httpStatus' in failure) return reply.code(failure.httpStatus).send({ error: -100 });
      if (failure) return refuse(failure.error, failure.message);
      const token = req.headers.access_token;
      if (typeof token !== 'string' || !validAccessTokens.has(token))
        return refuse(-124, 'Access token is invalid');
      const phone = normalisePhone(String(req.body.phone ?? ''));
      if (!phone) return refuse(-108, 'Phone number is invalid');
      if (notOnZalo.has(phone)) return refuse(-118, 'Zalo account not existed');
      const templateId = String(req.body.template_id ?? '');
      if (!/^\d+$/.test(templateId)) return refuse(-109, 'Template id is invalid');
      const data = req.body.template_data;
      if (!data || typeof data !== 'object' || !Object.keys(data).length)
        return refuse(-111, 'Template data is empty');
      const templateData = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, String(v)]));
      const trackingId = req.body.tracking_id ? String(req.body.tracking_id) : undefined;
      const msgId = randomUUID().replace(/-/g, '');
      const fresh = await recordOutbox(options.db, options.clock, {
        channel: 'zalo',
        to: phone,
        body: zaloPreview(templateId, templateData),
        requestId: trackingId,
        providerMessageId: msgId,
      });
      if (!fresh) return refuse(-141, 'Duplicate tracking_id');
      const sentTime = options.clock.now().getTime();
      scheduleReceived(msgId, phone, trackingId, sentTime);
      return {
        error: 0,
        message: 'Success',
        data: {
          msg_id: msgId,
          sent_time: String(sentTime),
          sending_mode: '1',
          quota: { dailyQuota: '500', remainingQuota: '499' },
        },
      };
    },
  );

  function scheduleReceived(msgId: string, phone: string, trackingId: string | undefined, sentTime: number) {
    const timestamp = String(sentTime + 1000);
    const body = JSON.stringify({
      app_id: options.appId,
      event_name: 'user_received_message',
      sender: { id: '579745863508352884' },
      recipient: { id: zaloUserId(phone) },
      message: {
        msg_id: msgId,
        delivery_time: timestamp,
        ...(trackingId ? { tracking_id: trackingId } : {}),
      },
      timestamp,
      user_id_by_app: zaloUserId(`${options.appId}:${phone}`),
    });
    const signature = zaloSignatureHeader(options.appId, body, timestamp, options.oaSecret);
    callbacks.schedule(() =>
      options.fetch(`${options.publicUrl}${ZALO_WEBHOOK_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-zevent-signature': signature },
        body,
      }),
    );
  }

  return {
    failNext: (count, failure) => failures.failNext(count, failure),
    expireAccessTokens: () => validAccessTokens.clear(),
    idle: () => callbacks.idle(),
  };
}

/** Zalo ids are large decimal numbers, stable per person; derived here so no phone number is sent. */
function zaloUserId(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex').slice(0, 15);
  return BigInt(`0x${hex}`).toString();
}
