import { uuidv7 } from 'uuidv7';
import type { Sql, Tx } from '../db/db.js';
import type { Channel, DeliveryStatus } from './notify.js';

export interface NotificationRow {
  id: string;
  template: string;
  channels: Channel[];
  channel: Channel;
  status: DeliveryStatus;
  locale: string;
  accountId: string | null;
  sealed: string;
  attempts: number;
  providerMessageId: string | null;
}

const COLUMNS = `id, template, channels, channel, status, locale, account_id as "accountId", sealed, attempts,
  provider_message_id as "providerMessageId"`;

export interface NewNotification {
  id: string;
  template: string;
  reference: string | null;
  channels: Channel[];
  locale: string;
  accountId: string | null;
  sealed: string;
  now: Date;
}

/** Inserts unless the reference exists; returns the id of the notification holding the reference. */
export async function insertNotification(
  tx: Tx,
  n: NewNotification,
): Promise<{ id: string; created: boolean }> {
  const { rows } = await tx.query<{ id: string }>(
    `insert into notify.notifications
       (id, template, reference, channels, channel, status, locale, account_id, sealed, created_at, updated_at)
     values ($1, $2, $3, $4::text[], $5, 'created', $6, $7, $8, $9, $9)
     on conflict (reference) do nothing
     returning id`,
    [n.id, n.template, n.reference, n.channels, n.channels[0], n.locale, n.accountId, n.sealed, n.now],
  );
  if (rows[0]) return { id: rows[0].id, created: true };
  const existing = await tx.query<{ id: string }>(
    'select id from notify.notifications where reference = $1',
    [n.reference],
  );
  return { id: existing.rows[0]!.id, created: false };
}

export async function lockNotification(tx: Tx, id: string): Promise<NotificationRow | undefined> {
  const { rows } = await tx.query<NotificationRow>(
    `select ${COLUMNS} from notify.notifications where id = $1 for update`,
    [id],
  );
  return rows[0];
}

export async function findByProviderMessage(
  tx: Tx,
  channel: Channel,
  providerMessageId: string,
): Promise<NotificationRow | undefined> {
  const { rows } = await tx.query<NotificationRow>(
    `select ${COLUMNS} from notify.notifications where channel = $1 and provider_message_id = $2 for update`,
    [channel, providerMessageId],
  );
  return rows[0];
}

export interface StatusChange {
  status: DeliveryStatus;
  channel: Channel;
  reason?: string | undefined;
  providerMessageId?: string | null | undefined;
  countAttempt?: boolean;
}

export async function changeStatus(tx: Tx, id: string, change: StatusChange, now: Date): Promise<void> {
  const final = change.status === 'delivered' || change.status === 'permanent-failure';
  await tx.query(
    `update notify.notifications
        set status = $2, channel = $3, updated_at = $4::timestamptz,
            attempts = attempts + $5::int,
            provider_message_id = case when $6::boolean then $7::text else provider_message_id end,
            completed_at = case when $8::boolean then $4::timestamptz else null end
      where id = $1`,
    [
      id,
      change.status,
      change.channel,
      now,
      change.countAttempt ? 1 : 0,
      change.providerMessageId !== undefined,
      change.providerMessageId ?? null,
      final,
    ],
  );
  await tx.query(
    `insert into notify.notification_events (id, notification_id, channel, status, reason, at)
     values ($1, $2, $3, $4, $5, $6)`,
    [uuidv7(), id, change.channel, change.status, change.reason ?? null, now],
  );
}

/**
 * Puts a delivered message in the inbox at the time it was sent, not the time a job got to it: the
 * inbox reads newest first in the order things happened, even when several wait for one worker run.
 */
export async function insertInboxItem(
  tx: Tx,
  item: { accountId: string; notificationId: string; title: string; body: string },
): Promise<void> {
  await tx.query(
    `insert into notify.inbox_items (id, account_id, notification_id, title, body, created_at)
     select $1::uuid, $2::uuid, n.id, $4::text, $5::text, n.created_at
       from notify.notifications n where n.id = $3
     on conflict (notification_id) do nothing`,
    [uuidv7(), item.accountId, item.notificationId, item.title, item.body],
  );
}

export interface StatusView {
  status: DeliveryStatus;
  channel: Channel;
  attempts: number;
  providerMessageId: string | null;
  events: Array<{ channel: Channel; status: DeliveryStatus; reason: string | null }>;
}

export async function statusOf(sql: Sql, id: string): Promise<StatusView | undefined> {
  const { rows } = await sql.query<Omit<StatusView, 'events'>>(
    `select status, channel, attempts, provider_message_id as "providerMessageId"
       from notify.notifications where id = $1`,
    [id],
  );
  if (!rows[0]) return undefined;
  const events = await sql.query<StatusView['events'][number]>(
    `select channel, status, reason from notify.notification_events where notification_id = $1 order by at, id`,
    [id],
  );
  return { ...rows[0], events: events.rows };
}

export interface InboxItem {
  id: string;
  notificationId: string;
  title: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
}

export async function listInbox(sql: Sql, accountId: string, limit = 50): Promise<InboxItem[]> {
  const { rows } = await sql.query<InboxItem>(
    `select id, notification_id as "notificationId", title, body, created_at as "createdAt", read_at as "readAt"
       from notify.inbox_items where account_id = $1 order by created_at desc, id desc limit $2`,
    [accountId, limit],
  );
  return rows;
}

/** Where a page of the inbox ends: the last item's time and id (newest first). */
export interface InboxPosition {
  at: Date;
  id: string;
}

/** One page of an account's inbox, newest first, after `after` (keyset). */
export async function listInboxPage(
  sql: Sql,
  accountId: string,
  after: InboxPosition | null,
  limit: number,
): Promise<InboxItem[]> {
  const { rows } = await sql.query<InboxItem>(
    `select id, notification_id as "notificationId", title, body, created_at as "createdAt", read_at as "readAt"
       from notify.inbox_items
      where account_id = $1
        and ($2::timestamptz is null or (created_at, id) < ($2::timestamptz, $3::uuid))
      order by created_at desc, id desc
      limit $4`,
    [accountId, after?.at ?? null, after?.id ?? null, limit],
  );
  return rows;
}

export async function countUnread(sql: Sql, accountId: string): Promise<number> {
  const { rows } = await sql.query<{ n: number }>(
    'select count(*)::int as n from notify.inbox_items where account_id = $1 and read_at is null',
    [accountId],
  );
  return rows[0]?.n ?? 0;
}

/** Marks one of the account's items read (the first time only); false when the account has no such item. */
export async function markInboxItemRead(
  sql: Sql,
  accountId: string,
  id: string,
  now: Date,
): Promise<boolean> {
  const { rows } = await sql.query<{ id: string }>(
    `update notify.inbox_items set read_at = coalesce(read_at, $3::timestamptz)
      where id = $1 and account_id = $2
      returning id`,
    [id, accountId, now],
  );
  return rows.length > 0;
}

export async function markAllInboxRead(sql: Sql, accountId: string, now: Date): Promise<number> {
  const { rowCount } = await sql.query(
    'update notify.inbox_items set read_at = $2 where account_id = $1 and read_at is null',
    [accountId, now],
  );
  return rowCount;
}
