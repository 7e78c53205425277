import nodemailer from 'nodemailer';
import type { EmailMessage, EmailSender, SendOutcome } from '../../platform/notify/ports.js';

export interface SmtpOptions {
  /** smtp://user:pass@host:587 or smtps://…:465 */
  url: string;
  from: string;
}

/**
 * SMTP through nodemailer. The Message-ID is derived from the notification id, so a retried send is
 * recognisable as the same message downstream. 5xx answers are permanent, the rest temporary.
 */
export function createSmtpSender(options: SmtpOptions): EmailSender & { close(): void } {
  const transport = nodemailer.createTransport(options.url);
  const domain = /@([^>\s]+)>?\s*$/.exec(options.from)?.[1] ?? 'localhost';
  return {
    async send(message: EmailMessage): Promise<SendOutcome> {
      try {
        const info = await transport.sendMail({
          from: options.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          html: message.html,
          messageId: `<${message.requestId}@${domain}>`,
        });
        return { result: 'accepted', providerMessageId: info.messageId, delivered: true };
      } catch (err) {
        const e = err as { responseCode?: number; code?: string };
        if (e.responseCode && e.responseCode >= 500) {
          return { result: 'permanent-failure', reason: `smtp.${e.responseCode}` };
        }
        return { result: 'temporary-failure', reason: `smtp.${e.responseCode ?? e.code ?? 'error'}` };
      }
    },
    close: () => transport.close(),
  };
}
