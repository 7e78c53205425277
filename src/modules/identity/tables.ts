import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

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
    /** When a citizen proved with a code that they read `email` (staff work e-mails are set by admins). */
    emailVerifiedAt: timestamp({ withTimezone: true }),
    passwordHash: text(),
    status: text({ enum: ['active', 'disabled'] })
      .notNull()
      .default('active'),
    assuranceLevel: smallint().notNull().default(1),
    /** When the citizen last proved they hold `phone` (OTP sign-in). */
    phoneVerifiedAt: timestamp({ withTimezone: true }),
    failedLogins: integer().notNull().default(0),
    lockedUntil: timestamp({ withTimezone: true }),
    /** When a session last opened (any method); kept after sessions are purged, for staff administration. */
    lastSignInAt: timestamp({ withTimezone: true }),
    /** Filled from the CCCD QR (or a federated e-ID); sources per field in profile_sources. */
    familyName: text(),
    middleName: text(),
    givenName: text(),
    dateOfBirth: date({ mode: 'string' }),
    sex: text({ enum: ['male', 'female'] }),
    /** Permanent residence as printed on the card (may name pre-2025 units). */
    address: text(),
    /** Today's commune of that address, when it maps automatically or the citizen chose it. */
    addressUnitCode: text(),
    /** The số định danh, encrypted with the platform envelope (AAD = account id). */
    cccdSealed: text(),
    /** HMAC of the số định danh: finds and links accounts by it without storing it in clear. */
    cccdIndex: text(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('accounts_cccd_index_key').on(t.cccdIndex).where(sql`${t.cccdIndex} is not null`),
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
    purpose: text({ enum: ['sign_in', 'assisted'] }).notNull(),
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

/**
 * Codes that prove a citizen reads the e-mail address they are adding (POST /api/v1/me/email). Stored as an
 * HMAC like the phone codes; the address is kept with its code so that only a verified one reaches the
 * account. Rate limits count rows of this table; the purge job deletes them after a day.
 */
export const emailChallenges = identity.table(
  'email_challenges',
  {
    id: uuid().primaryKey(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    /** Trimmed, NFC, lower-cased. */
    email: text().notNull(),
    codeHash: text().notNull(),
    attempts: smallint().notNull().default(0),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    consumedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [
    index('email_challenges_account_idx').on(t.accountId, t.createdAt),
    index('email_challenges_email_idx').on(t.email, t.createdAt),
  ],
);

/** How an account reached an assurance level: method, who vouched, when. Never the full CCCD number. */
export const assuranceEvidence = identity.table(
  'assurance_evidence',
  {
    id: uuid().primaryKey(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    level: smallint().notNull(),
    method: text({
      enum: ['cccd_qr_self', 'cccd_qr_assisted', 'counter_staff', 'community_team', 'vneid'],
    }).notNull(),
    /** actorRef of the staff member or volunteer; null when the citizen scanned the card alone. */
    verifiedBy: text(),
    agencyId: uuid(),
    details: jsonb().notNull().default({}),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('assurance_evidence_account_idx').on(t.accountId)],
);

/** Which profile fields are verified, and from what (the vault builds on this). */
export const profileSources = identity.table(
  'profile_sources',
  {
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    field: text().notNull(),
    source: text({ enum: ['cccd_qr', 'staff', 'vneid', 'self'] }).notNull(),
    evidenceId: uuid().references(() => assuranceEvidence.id),
    verifiedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.field] })],
);

/** An authenticator-app factor. Usable for sign-in once confirmed with a first code. */
export const totpFactors = identity.table('totp_factors', {
  accountId: uuid()
    .primaryKey()
    .references(() => accounts.id),
  /** Base32 secret sealed with the platform envelope (AAD = account id). */
  secretSealed: text().notNull(),
  confirmedAt: timestamp({ withTimezone: true }),
  /** The last accepted RFC 6238 step: a code of that step or earlier is a replay. */
  lastUsedStep: integer(),
  createdAt: timestamp({ withTimezone: true }).notNull(),
});

/** Single-use recovery codes as SHA-256; a spent code is deleted. */
export const recoveryCodes = identity.table(
  'recovery_codes',
  {
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    codeHash: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.codeHash] })],
);

/** A one-time link an agency admin gives a new staff member to set their first password. */
export const staffInvitations = identity.table(
  'staff_invitations',
  {
    id: uuid().primaryKey(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    /** The agency that invited: its admins manage the account until it holds roles. */
    agencyId: uuid().notNull(),
    /** SHA-256 of the link token. */
    tokenHash: text().notNull().unique(),
    invitedBy: text().notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('staff_invitations_account_idx').on(t.accountId)],
);

/**
 * A staff sign-in between the password and the authenticator code: the browser holds the token (5 minutes,
 * single use); wrong codes count towards the account lockout.
 */
export const staffLoginPending = identity.table(
  'staff_login_pending',
  {
    /** SHA-256 of the token given to the browser. */
    tokenHash: text().primaryKey(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('staff_login_pending_account_idx').on(t.accountId)],
);

/**
 * A community volunteer (or one-stop receptionist) asked to help the holder of a phone: which code was
 * sent for whom. Deleted with its code by the purge job; the session it leads to keeps the facts.
 */
export const assistedRequests = identity.table(
  'assisted_requests',
  {
    challengeId: uuid()
      .primaryKey()
      .references(() => otpChallenges.id, { onDelete: 'cascade' }),
    assistantId: uuid()
      .notNull()
      .references(() => accounts.id),
    createdAt: timestamp({ withTimezone: true }).notNull(),
  },
  (t) => [index('assisted_requests_assistant_idx').on(t.assistantId)],
);

/**
 * A session in which a volunteer acts for a citizen who approved it with a code sent to their own phone.
 * It only works next to the volunteer's own session in the same browser (`staff_session_id`), ends at
 * `expires_at` at the latest, and is listed to the citizen with what was done in it (audit rows whose
 * actor is `assistant:<assistant_id>>citizen:<citizen_id>@<id>`).
 */
export const assistedSessions = identity.table(
  'assisted_sessions',
  {
    id: uuid().primaryKey(),
    /** SHA-256 of the token in the volunteer's `cds_assisted` cookie. */
    tokenHash: text().notNull().unique(),
    assistantId: uuid()
      .notNull()
      .references(() => accounts.id),
    citizenId: uuid()
      .notNull()
      .references(() => accounts.id),
    /** Null once the purge job has deleted that ended session. */
    staffSessionId: uuid().references(() => sessions.id, { onDelete: 'set null' }),
    /** The grant the volunteer acted under, as it was at the start. */
    role: text({ enum: ['community_member', 'reception'] }).notNull(),
    agencyId: uuid().notNull(),
    wardCode: text(),
    /** The citizen's account was created by this session's approval (assisted registration). */
    registered: boolean().notNull().default(false),
    startedAt: timestamp({ withTimezone: true }).notNull(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    endedAt: timestamp({ withTimezone: true }),
    endReason: text({ enum: ['assistant', 'citizen', 'signed_out', 'replaced'] }),
  },
  (t) => [
    index('assisted_sessions_citizen_idx').on(t.citizenId, t.startedAt),
    index('assisted_sessions_live_assistant_idx').on(t.assistantId).where(sql`${t.endedAt} is null`),
  ],
);
