import type { Audit } from '../../../platform/audit/audit.js';
import { type Actor, requireSignedIn } from '../../../platform/auth/actor.js';
import type { Clock } from '../../../platform/clock.js';
import type { Envelope } from '../../../platform/crypto/envelope.js';
import type { Db, Sql, Tx } from '../../../platform/db/db.js';
import { DomainError, invalidField } from '../../../platform/http/errors.js';
import type { Locale } from '../../../platform/i18n/i18n.js';
import { formatPhone } from '../accounts/phone.js';
import * as accounts from '../accounts/store.js';
import { endCitizensAssistedSessions } from '../assisted/session.js';
import type { SecurityNotices } from './notices.js';
import { checkPassword, defaultPasswordPolicy, type PasswordPolicy } from './password-policy.js';
import { hashPassword, verifyPassword } from './passwords.js';
import * as secRepo from './repo.js';
import { createTotpEnrolment, generateRecoveryCodes, hashRecoveryCode, verifyTotp } from './totp.js';

export interface SecurityDeps {
  db: Db;
  clock: Clock;
  audit: Audit;
  envelope: Envelope;
  passwordPolicy?: PasswordPolicy;
  /** Notices to the account's inbox about each change, in the change's transaction. */
  notices?: SecurityNotices | undefined;
}

/** Secrets at rest (TOTP): sealed with the platform envelope, bound to the account by the AAD. */
export const sealSecret = (envelope: Envelope, accountId: string, secret: string) =>
  envelope.encrypt(secret, accountId).toString('base64');

/** Whether the account has a confirmed authenticator app (read with the caller's handle). */
export async function isTotpConfirmed(q: Sql, accountId: string): Promise<boolean> {
  return Boolean((await secRepo.findTotpFactor(q, accountId))?.confirmed_at);
}

/** Which of these accounts have a confirmed authenticator app, in one query. */
export async function confirmedTotpAmong(q: Sql, accountIds: readonly string[]): Promise<Set<string>> {
  return new Set(await secRepo.confirmedTotpAmong(q, [...new Set(accountIds)]));
}

/** Takes the authenticator app and the recovery codes off the account (an admin's reset of a lost phone). */
export const removeTotpFactor = (q: Sql, accountId: string) => secRepo.deleteTotpFactor(q, accountId);

/** A factor ready for sign-in at once: demo accounts only (real ones confirm with a first code). */
export const insertConfirmedTotp = (q: Sql, accountId: string, sealed: string, now: Date) =>
  secRepo.insertConfirmedTotp(q, accountId, sealed, now);

type SignedIn = Extract<Actor, { kind: 'citizen' | 'staff' }>;

/** Either a code from the authenticator app or one of the recovery codes. */
export type SecondFactor = { code: string } | { recoveryCode: string };

function requireAccountHolder(actor: Actor): SignedIn {
  requireSignedIn(actor);
  if (actor.kind !== 'citizen' && actor.kind !== 'staff')
    throw new DomainError('forbidden', 'http.forbidden');
  return actor;
}

/**
 * What people manage about their own sign-in: password, authenticator app (TOTP) with recovery codes,
 * and the list of signed-in devices. Secrets are sealed with the platform envelope, AAD = account id.
 */
export function createSecurityService(deps: SecurityDeps) {
  const { db, clock, audit, envelope } = deps;
  const notify = (
    tx: Tx,
    accountId: string,
    notice: 'password_set' | 'password_changed' | 'totp_enabled' | 'totp_disabled' | 'signed_out_everywhere',
    locale: Locale | undefined,
  ) => deps.notices?.send(tx, { accountId, locale }, notice, {});
  let policy: Promise<PasswordPolicy> | undefined;
  const passwordPolicy = () => {
    policy ??= deps.passwordPolicy ? Promise.resolve(deps.passwordPolicy) : defaultPasswordPolicy();
    return policy;
  };
  const seal = (accountId: string, secret: string) => sealSecret(envelope, accountId, secret);
  const unseal = (accountId: string, sealed: string) =>
    envelope.decrypt(Buffer.from(sealed, 'base64'), accountId).toString('utf8');

  async function accountOf(actor: SignedIn) {
    const account = await accounts.findAccount(db, actor.accountId);
    if (!account) throw new DomainError('unauthorized', 'http.unauthorized');
    return account;
  }

  /**
   * Checks a second factor inside `tx` and uses it up (the TOTP step is recorded, the recovery code
   * deleted), so neither works twice. Throws a field error naming the wrong input.
   */
  async function spendSecondFactor(
    tx: Tx,
    accountId: string,
    input: SecondFactor,
  ): Promise<'totp' | 'recovery'> {
    const factor = await secRepo.findTotpFactor(tx, accountId);
    if (!factor?.confirmed_at) throw new DomainError('conflict', 'identity.totp_not_enabled');
    if ('recoveryCode' in input) {
      const hash = hashRecoveryCode(input.recoveryCode);
      if (!hash || !(await secRepo.deleteRecoveryCode(tx, accountId, hash))) {
        throw invalidField('/body/recoveryCode', 'identity.recovery_code_wrong');
      }
      return 'recovery';
    }
    const checked = verifyTotp(unseal(accountId, factor.secret_sealed), input.code, {
      now: clock.now(),
      lastUsedStep: factor.last_used_step,
    });
    if (!checked.ok) throw invalidField('/body/code', checked.reason);
    if (!(await secRepo.recordTotpStep(tx, accountId, checked.step, null))) {
      throw invalidField('/body/code', 'identity.totp_replayed');
    }
    return 'totp';
  }

  /** Starts enrolment for `account` (by itself, or a staff member at first sign-in, `actor` anonymous). */
  async function startTotpFor(account: accounts.AccountRow, actor: Actor, requestId?: string) {
    const label = account.email ?? (account.phone ? formatPhone(account.phone) : account.full_name);
    const enrolment = await createTotpEnrolment(label);
    await db.tx(async (tx) => {
      if (!(await secRepo.savePendingTotp(tx, account.id, seal(account.id, enrolment.secret), clock.now()))) {
        throw new DomainError('conflict', 'identity.totp_already_enabled');
      }
      await audit.record(tx, {
        actor,
        action: 'identity.totp_enrolment_started',
        targetType: 'account',
        targetId: account.id,
        requestId,
      });
    });
    return enrolment;
  }

  /** Confirms a pending factor with its first code inside `tx`; returns the new recovery codes. */
  async function confirmTotpIn(tx: Tx, accountId: string, code: string): Promise<string[]> {
    const factor = await secRepo.findTotpFactor(tx, accountId);
    if (!factor) throw new DomainError('conflict', 'identity.totp_not_started');
    if (factor.confirmed_at) throw new DomainError('conflict', 'identity.totp_already_enabled');
    const checked = verifyTotp(unseal(accountId, factor.secret_sealed), code, {
      now: clock.now(),
      lastUsedStep: null,
    });
    if (!checked.ok) throw invalidField('/body/code', checked.reason);
    const recovery = generateRecoveryCodes();
    const now = clock.now();
    if (!(await secRepo.recordTotpStep(tx, accountId, checked.step, now))) {
      throw new DomainError('conflict', 'identity.totp_already_enabled');
    }
    await secRepo.replaceRecoveryCodes(tx, accountId, recovery.hashes, now);
    return recovery.codes;
  }

  /** Signing out everywhere (or a new password) also ends every live session of someone helping the citizen. */
  const endAssistedSessions = (tx: Tx, me: SignedIn, requestId?: string) =>
    endCitizensAssistedSessions(tx, { audit, clock }, me, requestId);

  return {
    spendSecondFactor,

    async hasConfirmedTotp(accountId: string): Promise<boolean> {
      return isTotpConfirmed(db, accountId);
    },

    /** What the security page needs to offer "set" or "change", "turn on" or "turn off". */
    async status(actor: Actor) {
      const me = requireAccountHolder(actor);
      const account = await accountOf(me);
      const totpEnabled = Boolean((await secRepo.findTotpFactor(db, account.id))?.confirmed_at);
      return {
        hasPassword: Boolean(account.password_hash),
        totpEnabled,
        recoveryCodesLeft: totpEnabled ? (await secRepo.recoveryHashes(db, account.id)).length : 0,
      };
    },

    /** Sets or changes the password; changing it signs out every other device. */
    async setPassword(
      actor: Actor,
      body: { password: string; currentPassword?: string | undefined },
      requestId?: string,
      locale?: Locale,
    ) {
      const me = requireAccountHolder(actor);
      const account = await accountOf(me);
      if (account.password_hash) {
        if (!body.currentPassword)
          throw invalidField('/body/currentPassword', 'identity.current_password_required');
        if (!(await verifyPassword(account.password_hash, body.currentPassword))) {
          throw invalidField('/body/currentPassword', 'identity.current_password_wrong');
        }
      }
      const check = checkPassword(
        body.password,
        { phone: account.phone, fullName: account.full_name, email: account.email },
        await passwordPolicy(),
      );
      if (!check.ok) throw invalidField('/body/password', check.reason, check.params);
      const hash = await hashPassword(body.password);
      const now = clock.now();
      await db.tx(async (tx) => {
        await accounts.setPasswordHash(tx, account.id, hash, now);
        const signedOut = await accounts.revokeSessionsOf(tx, account.id, now, me.sessionId);
        await endAssistedSessions(tx, me, requestId);
        await audit.record(tx, {
          actor: me,
          action: account.password_hash ? 'identity.password_changed' : 'identity.password_set',
          targetType: 'account',
          targetId: account.id,
          requestId,
          data: { otherSessionsSignedOut: signedOut },
        });
        await notify(tx, account.id, account.password_hash ? 'password_changed' : 'password_set', locale);
      });
    },

    /** A new secret to scan; it is not used for sign-in until confirmed with a first code. */
    async startTotp(actor: Actor, requestId?: string) {
      const me = requireAccountHolder(actor);
      return startTotpFor(await accountOf(me), me, requestId);
    },

    startTotpFor,
    confirmTotpIn,

    /** The first code proves the app holds the secret; the recovery codes are returned once, never again. */
    async confirmTotp(actor: Actor, code: string, requestId?: string, locale?: Locale) {
      const me = requireAccountHolder(actor);
      const recoveryCodes = await db.tx(async (tx) => {
        const codes = await confirmTotpIn(tx, me.accountId, code);
        await audit.record(tx, {
          actor: me,
          action: 'identity.totp_enabled',
          targetType: 'account',
          targetId: me.accountId,
          requestId,
        });
        await notify(tx, me.accountId, 'totp_enabled', locale);
        return codes;
      });
      return { recoveryCodes };
    },

    /** Turning the app off needs a current code or a recovery code (a lost phone). */
    async disableTotp(actor: Actor, input: SecondFactor, requestId?: string, locale?: Locale) {
      const me = requireAccountHolder(actor);
      await db.tx(async (tx) => {
        const used = await spendSecondFactor(tx, me.accountId, input);
        await secRepo.deleteTotpFactor(tx, me.accountId);
        await audit.record(tx, {
          actor: me,
          action: 'identity.totp_disabled',
          targetType: 'account',
          targetId: me.accountId,
          requestId,
          data: { with: used },
        });
        await notify(tx, me.accountId, 'totp_disabled', locale);
      });
    },

    /** "My devices": the account's live sessions, the one asking marked current. */
    async devices(actor: Actor) {
      const me = requireAccountHolder(actor);
      const rows = await accounts.liveSessions(db, me.accountId, clock.now());
      return rows.map((r) => ({
        id: r.id,
        userAgent: r.user_agent,
        createdAt: r.created_at.toISOString(),
        lastSeenAt: r.last_seen_at.toISOString(),
        current: r.id === me.sessionId,
      }));
    },

    /** Someone else's session id answers exactly like an unknown one. */
    async revokeDevice(actor: Actor, sessionId: string, requestId?: string) {
      const me = requireAccountHolder(actor);
      await db.tx(async (tx) => {
        if (!(await accounts.revokeOwnSession(tx, me.accountId, sessionId, clock.now()))) {
          throw new DomainError('not_found', 'identity.session_not_found');
        }
        await audit.record(tx, {
          actor: me,
          action: 'identity.session_revoked',
          targetType: 'session',
          targetId: sessionId,
          requestId,
        });
      });
    },

    async logoutEverywhere(actor: Actor, requestId?: string, locale?: Locale) {
      const me = requireAccountHolder(actor);
      await db.tx(async (tx) => {
        const count = await accounts.revokeSessionsOf(tx, me.accountId, clock.now());
        await endAssistedSessions(tx, me, requestId);
        await audit.record(tx, {
          actor: me,
          action: 'identity.signed_out_everywhere',
          targetType: 'account',
          targetId: me.accountId,
          requestId,
          data: { sessions: count },
        });
        await notify(tx, me.accountId, 'signed_out_everywhere', locale);
      });
    },
  };
}

export type SecurityService = ReturnType<typeof createSecurityService>;
