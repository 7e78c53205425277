import { sql } from 'drizzle-orm';
import { check, jsonb, pgSchema, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

export const cryptoSchema = pgSchema('crypto');

/**
 * Ed25519 signing keys. Exactly one is active (partial unique index); retired keys stay for
 * verification until not_after. The private key is an envelope (base64) bound to its kid.
 */
export const signingKeys = cryptoSchema.table(
  'signing_keys',
  {
    /** RFC 7638 JWK thumbprint of the public key. */
    kid: text().primaryKey(),
    alg: text().notNull().default('EdDSA'),
    publicJwk: jsonb().notNull(),
    privateKeyEnvelope: text().notNull(),
    status: text({ enum: ['active', 'retired'] }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    retiredAt: timestamp({ withTimezone: true }),
    /** Tokens signed by this key are no longer accepted after this instant (set on retirement). */
    notAfter: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('signing_keys_one_active').on(t.status).where(sql`status = 'active'`),
    check('signing_keys_status_valid', sql`${t.status} in ('active', 'retired')`),
    check('signing_keys_alg_valid', sql`${t.alg} = 'EdDSA'`),
    check(
      'signing_keys_retired_dates',
      sql`(${t.status} = 'active' and ${t.retiredAt} is null and ${t.notAfter} is null) or (${t.status} = 'retired' and ${t.retiredAt} is not null and ${t.notAfter} is not null)`,
    ),
  ],
);
