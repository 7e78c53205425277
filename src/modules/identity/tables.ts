import { sql } from 'drizzle-orm';
import { index, integer, pgSchema, smallint, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const identity = pgSchema('identity');

export const accounts = identity.table(
  'accounts',
  {
    id: uuid().primaryKey(),
    kind: text({ enum: ['citizen', 'staff'] }).notNull(),
    fullName: text().notNull(),
    /** E.164 (+84…) mobile number. */
    phone: text(),
    /** Lower-cased. */
    email: text(),
    passwordHash: text(),
    status: text({ enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    assuranceLevel: smallint().notNull().default(1),
    /** When the citizen last proved they hold `phone` (OTP sign-in). */
    phoneVerifiedAt: timestamp({ withTimezone: true }),
    failedLogins: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('accounts_phone_key').on(t.phone).where(sql`${t.phone} is not null`),
    uniqueIndex('accounts_email_key').on(t.email).where(sql`${t.email} is not null`),
  ],
);

export const sessions = identity.table(
  'sessions',
  {
    id: uuid().primaryKey(),
    /** SHA-256 of the cookie token: a leaked table does not leak sessions. */
    tokenHash: text().notNull().unique(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    csrfToken: text().notNull(),
    userAgent: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    lastSeenAt: timestamp({ withTimezone: true }).notNull(),
    idleExpiresAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);

/**
 * One-time sign-in codes. The code itself is never stored: only an HMAC under a server secret, so a
 * leaked table cannot be brute-forced offline. Rate limits count rows of this table (no memory state).
 */
export const otpChallenges = identity.table(
  'otp_challenges',
  {
    id: uuid().primaryKey(),
    /** E.164 (+84…). */
    phone: text().notNull(),
    purpose: text({ enum: ['sign_in'] }).notNull(),
    codeHash: text().notNull(),
    channel: text({ enum: ['sms', 'zalo', 'email'] }).notNull(),
    /** HMAC of the requesting IP address, for the per-IP limit without keeping the address. */
    ipHash: text().notNull(),
    attempts: smallint().notNull().default(0),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    consumedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('otp_challenges_phone_idx').on(t.phone, t.createdAt),
    index('otp_challenges_ip_idx').on(t.ipHash, t.createdAt),
  ],
);
