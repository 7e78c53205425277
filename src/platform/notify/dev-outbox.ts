import { uuidv7 } from 'uuidv7';
import { normalisePhone } from '../../../shared/phone.js';
import type { Clock } from '../clock.js';
import type { Sql } from '../db/db.js';
import type { Channel } from './notify.js';

export interface OutboxMessage {
  channel: Channel;
  to: string;
  body: string;
  createdAt: string;
}

export interface OutboxEntry {
  channel: Channel;
  /** E.164 phone or lower-case e-mail address. */
  to: string;
  body: string;
  requestId?: string | undefined;
  providerMessageId: string;
}

/** A phone number (E.164) or an e-mail address (lower case), as the outbox stores it; undefined when it is neither. */
export function normaliseAddress(input: string): string | undefined {
  const trimmed = input.trim();
  if (trimmed.includes('@')) return /^[^\s@]+@[^\s@]+$/.test(trimmed) ? trimmed.toLowerCase() : undefined;
  return normalisePhone(trimmed);
}

/** Records what a simulated provider "sent". False when this request id was already recorded. */
export async function recordOutbox(sql: Sql, clock: Clock, entry: OutboxEntry): Promise<boolean> {
  const { rowCount } = await sql.query(
    `insert into notify.dev_outbox (id, channel, "to", body, request_id, provider_message_id, created_at)
     values ($1, $2, $3, $4, $5, $6, $7)
     on conflict (channel, request_id) do nothing`,
    [
      uuidv7(),
      entry.channel,
      entry.to,
      entry.body,
      entry.requestId ?? null,
      entry.providerMessageId,
      clock.now(),
    ],
  );
  return rowCount > 0;
}

/** Newest first; ids are UUIDv7, so they break ties between messages recorded in the same instant. */
export async function listOutbox(sql: Sql, to: string | undefined, limit = 100): Promise<OutboxMessage[]> {
  const { rows } = await sql.query<{ channel: Channel; to: string; body: string; created_at: Date }>(
    `select channel, "to", body, created_at from notify.dev_outbox
      where $1::text is null or "to" = $1
      order by created_at desc, id desc
      limit $2`,
    [to ?? null, limit],
  );
  return rows.map((r) => ({
    channel: r.channel,
    to: r.to,
    body: r.body,
    createdAt: new Date(r.created_at).toISOString(),
  }));
}
