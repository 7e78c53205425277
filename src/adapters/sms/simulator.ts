import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { z } from 'zod';
import { normalisePhone, toProviderPhone } from '../../../shared/phone.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/db.js';
import type { App } from '../../platform/http/app.js';
import { recordOutbox } from '../../platform/notify/dev-outbox.js';
import type { HttpFetch } from '../../platform/notify/ports.js';
import { FailureScript, SimulatedCallbacks } from '../simulator-callbacks.js';
import { ESMS_SEND_PATH } from './esms.js';

const ESMS_SIMULATOR_PREFIX = '/dev/providers/esms';

export interface EsmsSimulatorOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  fetch: HttpFetch;
  /** The credentials and brandname the simulated account has. */
  apiKey: string;
  secretKey: string;
  brandname: string;
}

/** An HTTP status for the whole request, or an eSMS CodeResult. */
export type EsmsFailure = { httpStatus: number } | { codeResult: string };

export interface EsmsSimulator {
  /** The next `count` send requests fail this way. */
  failNext(count: number, failure: EsmsFailure): void;
  /** The delivery reports of the next `count` accepted messages carry this SendStatus (default 5, sent). */
  reportNext(count: number, sendStatus: '4' | '5'): void;
  /** Resolves when every delivery report sent so far has been answered. */
  idle(): Promise<void>;
}

/**
 * A local eSMS: the same JSON request and CodeResult answers, RequestId deduplication (124), and the
 * delivery report as a GET to the request's CallbackUrl. Mounted only outside production.
 */
export function registerEsmsSimulator(app: App, options: EsmsSimulatorOptions): EsmsSimulator {
  const callbacks = new SimulatedCallbacks(options.logger, 'esms-simulator');
  const failures = new FailureScript<EsmsFailure>();
  const reports = new FailureScript<string>();
  const answer = (code: string, extra: Record<string, unknown> = {}) => ({
    CodeResult: code,
    CountRegenerate: 0,
    ...extra,
  });

  app.post(
    `${ESMS_SIMULATOR_PREFIX}${ESMS_SEND_PATH}`,
    {
      schema: {
        tags: ['development'],
        summary: 'eSMS send simulator (never in production)',
        body: z.record(z.string(), z.unknown()),
      },
    },
    async (req, reply) => {
      const failure = failures.take();
      if (failure && 'httpStatus' in failure)
        return reply.code(failure.httpStatus).send({ Message: 'unavailable' });
      if (failure) return answer(failure.codeResult);
      const field = (name: string) => {
        const v = req.body[name];
        return v === undefined || v === null ? '' : String(v);
      };
      if (field('ApiKey') !== options.apiKey || field('SecretKey') !== options.secretKey)
        return answer('101');
      if (field('Brandname') !== options.brandname) return answer('104');
      const phone = normalisePhone(field('Phone'));
      if (!phone) return answer('108');
      const content = field('Content');
      if (!content) return answer('118', { ErrorMessage: 'Content is empty' });
      const smsId = randomUUID();
      const requestId = field('RequestId') || undefined;
      const fresh = await recordOutbox(options.db, options.clock, {
        channel: 'sms',
        to: phone,
        body: content,
        requestId,
        providerMessageId: smsId,
      });
      if (!fresh) return answer('124', { ErrorMessage: 'Duplicate RequestId' });
      const callbackUrl = field('CallbackUrl');
      if (callbackUrl) {
        const report = new URL(callbackUrl);
        const sendStatus = reports.take() ?? '5';
        const params: Record<string, string> = {
          SMSID: smsId,
          SendStatus: sendStatus,
          SendSuccess: sendStatus === '5' ? '1' : '0',
          SendFailed: sendStatus === '5' ? '0' : '1',
          TotalSent: '1',
          RequestId: requestId ?? '',
          TypeId: field('SmsType') || '2',
          telcoid: '1',
          phonenumber: toProviderPhone(phone),
        };
        for (const [k, v] of Object.entries(params)) report.searchParams.set(k, v);
        callbacks.schedule(() => options.fetch(report.toString(), { method: 'GET' }));
      }
      return answer('100', { SMSID: smsId });
    },
  );

  return {
    failNext: (count, failure) => failures.failNext(count, failure),
    reportNext: (count, sendStatus) => reports.failNext(count, sendStatus),
    idle: () => callbacks.idle(),
  };
}
