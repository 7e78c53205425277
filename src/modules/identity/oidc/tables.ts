import { sql } from 'drizzle-orm';
import { index, jsonb, pgSchema, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from '../tables.js';

const identity = pgSchema('identity');

/**
 * Everything oidc-provider stores (sessions, interactions, codes, tokens, grants…), one row per
 * artifact. The provider's own model name is kept in `model`; lookups by grant, user code and uid
 * have their own indexes because revocation and interactions search by them.
 */
export const oidcPayloads = identity.table(
  'oidc_payloads',
  {
    id: text().notNull(),
    model: text().notNull(),
    payload: jsonb().notNull(),
    grantId: text(),
    userCode: text(),
    uid: text(),
    expiresAt: timestamp({ withTimezone: true }),
    consumedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.model, t.id] }),
    index('oidc_payloads_grant_idx').on(t.grantId).where(sql`${t.grantId} is not null`),
    index('oidc_payloads_user_code_idx').on(t.userCode).where(sql`${t.userCode} is not null`),
    index('oidc_payloads_uid_idx').on(t.uid).where(sql`${t.uid} is not null`),
    index('oidc_payloads_expires_idx').on(t.expiresAt),
  ],
);

/** Relying parties (agencies and businesses) allowed to use "Đăng nhập bằng Công dân số". */
export const apiClients = identity.table('api_clients', {
  clientId: text().primaryKey(),
  name: text().notNull(),
  /** The client secret sealed with the platform envelope (the provider compares it in clear). */
  secretEnvelope: text(),
  redirectUris: text().array().notNull(),
  postLogoutRedirectUris: text().array().notNull().default(sql`'{}'::text[]`),
  allowedScopes: text().array().notNull(),
  tokenEndpointAuthMethod: text({ enum: ['client_secret_basic', 'private_key_jwt', 'none'] }).notNull(),
  /** Public keys for `private_key_jwt`. */
  jwks: jsonb(),
  /** Why the client asks for the data, shown on the consent screen. */
  purpose: text().notNull(),
  ownerAgencyId: uuid(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
  updatedAt: timestamp({ withTimezone: true }).notNull(),
  disabledAt: timestamp({ withTimezone: true }),
});

/** A citizen's consent to share data items with a client (the vault turns it into a receipt). */
export const consents = identity.table(
  'consents',
  {
    id: uuid().primaryKey(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    clientId: text()
      .notNull()
      .references(() => apiClients.clientId),
    grantId: text().notNull(),
    scopes: text().array().notNull(),
    claims: text().array().notNull(),
    purpose: text().notNull(),
    grantedAt: timestamp({ withTimezone: true }).notNull(),
    withdrawnAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('consents_account_idx').on(t.accountId, t.clientId)],
);
