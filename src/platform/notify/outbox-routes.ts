import { z } from 'zod';
import type { Db } from '../db/db.js';
import type { App } from '../http/app.js';
import { invalidField } from '../http/errors.js';
import { listOutbox, normaliseAddress, type OutboxMessage } from './dev-outbox.js';
import { escapeHtml } from './template.js';

const OutboxMessageSchema = z.object({
  channel: z.enum(['sms', 'zalo', 'email', 'inapp']),
  to: z.string(),
  body: z.string(),
  createdAt: z.string(),
});

/** Development only: what the simulated providers sent, for people trying the app and for tests. */
export function registerOutboxRoutes(app: App, db: Db): void {
  const query = z.strictObject({ to: z.string().max(320).optional() });

  async function messagesFor(to: string | undefined): Promise<OutboxMessage[]> {
    if (to === undefined || to.trim() === '') return listOutbox(db, undefined);
    const address = normaliseAddress(to);
    if (!address) throw invalidField('/querystring/to', 'notify.bad_address');
    return listOutbox(db, address);
  }

  app.get(
    '/dev/outbox.json',
    {
      schema: {
        tags: ['development'],
        summary:
          'Messages the provider simulators delivered to a phone or e-mail, newest first (never in production)',
        querystring: query,
        response: { 200: z.array(OutboxMessageSchema) },
      },
    },
    async (req) => messagesFor(req.query.to),
  );

  app.get(
    '/dev/outbox',
    {
      schema: {
        tags: ['development'],
        summary: 'The simulators outbox as an HTML page (never in production)',
        querystring: query,
      },
    },
    async (req, reply) => {
      const messages = await messagesFor(req.query.to);
      const rows = messages
        .map(
          (m) =>
            `<tr><td>${escapeHtml(m.createdAt)}</td><td>${escapeHtml(m.channel)}</td><td>${escapeHtml(m.to)}</td><td><pre>${escapeHtml(m.body)}</pre></td></tr>`,
        )
        .join('\n');
      const filter = escapeHtml(req.query.to ?? '');
      return reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Hộp thư thử nghiệm — Công dân số</title>
<style>body{font-family:system-ui,sans-serif;margin:1rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}pre{white-space:pre-wrap;margin:0}</style>
</head><body><main>
<h1>Hộp thư thử nghiệm</h1>
<p>Tin nhắn mà các nhà cung cấp mô phỏng (SMS, Zalo, thư điện tử) đã gửi. Chỉ có ở môi trường phát triển.</p>
<form method="get"><label for="to">Số điện thoại hoặc thư điện tử</label> <input id="to" name="to" value="${filter}"> <button type="submit">Lọc</button></form>
<table><caption>${messages.length} tin, mới nhất trước</caption>
<thead><tr><th scope="col">Thời gian</th><th scope="col">Kênh</th><th scope="col">Người nhận</th><th scope="col">Nội dung</th></tr></thead>
<tbody>
${rows}
</tbody></table></main></body></html>`);
    },
  );
}
