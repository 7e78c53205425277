import { sql } from 'drizzle-orm';
import { check, index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const notifySchema = pgSchema('notify');

export const channels = ['sms', 'zalo', 'email', 'inapp'] as const;
export const deliveryStatuses = [
  'created',
  'sending',
  'delivered',
  'permanent-failure',
  'temporary-failure',
] as const;

const channelCheck = (col: string) => sql.raw(`${col} in ('sms', 'zalo', 'email', 'inapp')`);
const statusCheck = (col: string) =>
  sql.raw(`${col} in ('created', 'sending', 'delivered', 'permanent-failure', 'temporary-failure')`);

/**
 * One message to one person. The recipient and the rendered content (which may hold a one-time code)
 * are sealed with the platform envelope key, bound to the row id; nothing personal is in clear text.
 */
export const notifications = notifySchema.table(
  'notifications',
  {
    id: uuid().primaryKey(),
    template: text().notNull(),
    /** The caller's idempotency key: the same reference is the same notification. */
    reference: text(),
    /** Channels still to try, in order; `channel` is the one in use. */
    channels: text().array().notNull(),
    channel: text({ enum: channels }).notNull(),
    status: text({ enum: deliveryStatuses }).notNull(),
    locale: text().notNull(),
    /** For the in-app inbox; an account id is not contact data. */
    accountId: uuid(),
    /** base64 envelope of `{ to, messages }`. */
    sealed: text().notNull(),
    attempts: integer().notNull().default(0),
    providerMessageId: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
    completedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('notifications_reference_key').on(t.reference),
    index('notifications_provider_message_idx').on(t.channel, t.providerMessageId),
    check('notifications_channel_valid', channelCheck('channel')),
    check('notifications_status_valid', statusCheck('status')),
  ],
);

/** Every status a notification passed through, per channel, with the provider's reason code. */
export const notificationEvents = notifySchema.table(
  'notification_events',
  {
    id: uuid().primaryKey(),
    notificationId: uuid()
      .notNull()
      .references(() => notifications.id),
    channel: text({ enum: channels }).notNull(),
    status: text({ enum: deliveryStatuses }).notNull(),
    /** A provider code such as `esms.108` or `zalo.-118`; never a message or an address. */
    reason: text(),
    at: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('notification_events_notification_idx').on(t.notificationId, t.at),
    check('notification_events_channel_valid', channelCheck('channel')),
    check('notification_events_status_valid', statusCheck('status')),
  ],
);

/** The in-app inbox. */
export const inboxItems = notifySchema.table(
  'inbox_items',
  {
    id: uuid().primaryKey(),
    accountId: uuid().notNull(),
    notificationId: uuid()
      .notNull()
      .references(() => notifications.id),
    title: text().notNull(),
    body: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('inbox_items_notification_key').on(t.notificationId),
    index('inbox_items_account_idx').on(t.accountId, t.createdAt),
  ],
);

/**
 * What the simulated providers "sent", for /dev/outbox and tests. Only simulators write here, and they
 * are refused in production.
 */
export const devOutbox = notifySchema.table(
  'dev_outbox',
  {
    id: uuid().primaryKey(),
    channel: text({ enum: channels }).notNull(),
    /** E.164 phone or lower-case e-mail address. */
    to: text().notNull(),
    body: text().notNull(),
    /** The provider's request id (our notification id) and the message id it answered with. */
    requestId: text(),
    providerMessageId: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('dev_outbox_to_idx').on(t.to, t.createdAt),
    uniqueIndex('dev_outbox_request_key').on(t.channel, t.requestId),
  ],
);
