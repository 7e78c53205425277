import { randomUUID } from 'node:crypto';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/db.js';
import { recordOutbox } from '../../platform/notify/dev-outbox.js';
import type { EmailMessage, EmailSender, SendOutcome } from '../../platform/notify/ports.js';
import { FailureScript } from '../simulator-callbacks.js';

export type EmailFailure = { permanent: boolean; responseCode: number };

export interface EmailSimulator extends EmailSender {
  failNext(count: number, failure: EmailFailure): void;
}

/** Records each e-mail in the dev outbox (the text part), answering like an SMTP server that accepted it. */
export function createEmailSimulator(options: { db: Db; clock: Clock }): EmailSimulator {
  const failures = new FailureScript<EmailFailure>();
  return {
    failNext: (count, failure) => failures.failNext(count, failure),
    async send(message: EmailMessage): Promise<SendOutcome> {
      const failure = failures.take();
      if (failure) {
        const reason = `smtp.${failure.responseCode}`;
        return failure.permanent
          ? { result: 'permanent-failure', reason }
          : { result: 'temporary-failure', reason };
      }
      const providerMessageId = `<${randomUUID()}@simulator>`;
      await recordOutbox(options.db, options.clock, {
        channel: 'email',
        to: message.to.toLowerCase(),
        body: `${message.subject}\n\n${message.text}`,
        requestId: message.requestId,
        providerMessageId,
      });
      return { result: 'accepted', providerMessageId, delivered: true };
    },
  };
}
