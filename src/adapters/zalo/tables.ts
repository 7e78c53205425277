import { text, timestamp } from 'drizzle-orm/pg-core';
import { notifySchema } from '../../platform/notify/tables.js';

/**
 * The Zalo OA tokens after the first refresh: the refresh token is single-use, so each new pair is
 * stored (sealed) before it is used. One row per OA. The table stays in the `notify` schema, where
 * it was created, though only this adapter reads it.
 */
export const zaloTokens = notifySchema.table('zalo_tokens', {
  appId: text().primaryKey(),
  /** base64 envelope of `{ accessToken, refreshToken }`. */
  sealed: text().notNull(),
  expiresAt: timestamp({ withTimezone: true }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
});
