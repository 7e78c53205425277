import { index, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const identity = pgSchema('identity');

/**
 * One federated sign-in in progress: the PKCE verifier, state and nonce stay on the server for a few
 * minutes. `state_hash` finds the row from the callback; `browser_hash` ties it to the browser that
 * started it (a cookie), so a callback URL pushed into another browser is refused.
 */
export const federatedAttempts = identity.table(
  'federated_attempts',
  {
    id: uuid().primaryKey(),
    provider: text().notNull(),
    stateHash: text().notNull().unique(),
    browserHash: text().notNull(),
    codeVerifier: text().notNull(),
    nonce: text().notNull(),
    /** Same-site path to return to after sign-in. */
    nextPath: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    consumedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('federated_attempts_expires_idx').on(t.expiresAt)],
);
