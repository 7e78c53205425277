import { uuidv7 } from 'uuidv7';
import type { Audit } from '../../../platform/audit/audit.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Clock } from '../../../platform/clock.js';
import type { Config } from '../../../platform/config.js';
import type { Db, Sql, Tx } from '../../../platform/db/db.js';
import { DomainError } from '../../../platform/http/errors.js';
import type { Locale } from '../../../platform/i18n/i18n.js';
import type { Channel, Notify, Recipient } from '../../../platform/notify/notify.js';
import type { OtpRequestBody, OtpVerifyBody } from '../accounts/schema.js';
import { openSessionIn, type SessionPolicy } from '../accounts/service.js';
import * as accounts from '../accounts/store.js';
import { codeMatchesAny, deriveOtpKeys, hashIp, hashOtpCode, newOtpCode, tooSoon } from './code.js';
import * as otpRepo from './repo.js';
import { OTP_TEMPLATE, otpTemplate } from './template.js';

export type OtpPolicy = Config['otp'];

/** What the identity module needs to sign citizens in with one-time codes. */
export interface OtpDeps {
  notify: Notify;
  /** The current master key; the code and IP keys are derived from it. */
  masterKey: Buffer;
  policy: OtpPolicy;
  /** Its host goes into the SMS's domain-bound last line. */
  publicUrl: string;
}

const HOUR = 3_600_000;

export type OtpPurpose = otpRepo.OtpPurpose;
export type OtpChannel = otpRepo.OtpChannel;
export type OtpChallengeRow = otpRepo.OtpChallengeRow;

/** Challenges created before `before` are deleted (the nightly purge). */
export const purgeOtpChallenges = (q: Sql, before: Date) => otpRepo.purgeOtpChallenges(q, before);

/**
 * The other codes for the challenge's phone and purpose that still work (a resent code does not cancel an
 * earlier one); `check` compares the code with each of them.
 */
export const liveSiblingCodes = (
  q: Sql,
  challenge: Pick<OtpChallengeRow, 'id' | 'phone' | 'purpose'>,
  live: { maxAttempts: number; now: Date },
) => otpRepo.liveSiblings(q, challenge, live.maxAttempts, live.now);

/** What checking a code found; only `ok` consumed it. */
export type OtpCheck =
  | { kind: 'ok'; challenge: otpRepo.OtpChallengeRow }
  | { kind: 'unknown' | 'used' | 'locked' | 'expired' }
  | { kind: 'wrong'; attemptsLeft: number };

/** When the chosen channel fails, notify tries the next one. E-mail needs an address on the account. */
function channelsFor(chosen: OtpChannel, email: string | null | undefined): Channel[] {
  if (chosen === 'zalo') return ['zalo', 'sms'];
  if (chosen === 'email' && email) return ['email', 'sms'];
  return ['sms', 'zalo'];
}

export function createOtpService(
  deps: { db: Db; clock: Clock; audit: Audit; policy: SessionPolicy },
  otp: OtpDeps,
) {
  const { db, clock, audit } = deps;
  const limits = otp.policy;
  const keys = deriveOtpKeys(otp.masterKey);
  otp.notify.defineTemplate(
    otpTemplate({ publicUrl: otp.publicUrl, znsTemplateId: otp.policy.znsTemplateId }),
  );

  /**
   * Issues a code inside the caller's transaction: the per-phone cooldown and hourly limits and the per-IP
   * limit (counted over every purpose, so one phone's budget is shared), the stored HMAC, and the message
   * queued with channel fallback. `message.params` gets `code` and `minutes` added.
   */
  async function issue(
    tx: Tx,
    input: {
      phone: string;
      purpose: OtpPurpose;
      channel: OtpChannel;
      ip: string;
      locale: Locale;
      message: { template: string; params: Record<string, string | number> };
    },
  ) {
    const now = clock.now();
    const ipHash = hashIp(keys, input.ip);
    await otpRepo.lockPhone(tx, input.phone);
    await otpRepo.lockIp(tx, ipHash);
    const counts = await otpRepo.countOtpRequests(tx, input.phone, ipHash, new Date(now.getTime() - HOUR));
    const cooldownMs = limits.resendCooldownSeconds * 1000;
    if (counts.phoneLatest && now.getTime() - counts.phoneLatest.getTime() < cooldownMs) {
      throw tooSoon('identity.otp_too_soon', counts.phoneLatest.getTime() + cooldownMs, now);
    }
    if (counts.phoneCount >= limits.maxPerPhonePerHour && counts.phoneOldest) {
      throw tooSoon('identity.otp_too_many', counts.phoneOldest.getTime() + HOUR, now);
    }
    if (counts.ipCount >= limits.maxPerIpPerHour && counts.ipOldest) {
      throw tooSoon('identity.otp_too_many', counts.ipOldest.getTime() + HOUR, now);
    }
    // Looked up for every request, whatever the channel, so all requests do the same work.
    const account = await accounts.findAccountByPhone(tx, input.phone);
    const channels = channelsFor(input.channel, account?.email);
    const id = uuidv7();
    const code = newOtpCode();
    const expiresAt = new Date(now.getTime() + limits.ttlSeconds * 1000);
    await otpRepo.insertOtpChallenge(tx, {
      id,
      phone: input.phone,
      purpose: input.purpose,
      code_hash: hashOtpCode(keys, id, code),
      channel: input.channel,
      ip_hash: ipHash,
      expires_at: expiresAt,
      created_at: now,
    });
    const to: Recipient = { phone: input.phone };
    if (channels[0] === 'email' && account?.email) to.email = account.email;
    await otp.notify.send(tx, {
      template: input.message.template,
      to,
      channels,
      params: { ...input.message.params, code, minutes: Math.round(limits.ttlSeconds / 60) },
      locale: input.locale,
      reference: id,
    });
    return { challengeId: id, expiresAt: expiresAt.toISOString() };
  }

  /**
   * Checks a code inside the caller's transaction and, when it matches, consumes it with every sibling it
   * was compared against. Return the outcome from the transaction and throw `otpRefusal(outcome)` after
   * it commits: a wrong guess must be counted even though the request fails. A challenge of another
   * purpose reads as unknown. `siblings` narrows which other live codes of the phone also count (default:
   * every live code of the same purpose).
   */
  async function check(
    tx: Tx,
    input: {
      challengeId: string;
      code: string;
      purpose: OtpPurpose;
      actor: Actor;
      requestId?: string | undefined;
      siblings?: (
        tx: Tx,
        challenge: otpRepo.OtpChallengeRow,
        live: { maxAttempts: number; now: Date },
      ) => Promise<otpRepo.OtpChallengeRow[]>;
    },
  ): Promise<OtpCheck> {
    const now = clock.now();
    const seen = await otpRepo.findOtpChallenge(tx, input.challengeId);
    if (!seen || seen.purpose !== input.purpose) return { kind: 'unknown' };
    await otpRepo.lockPhone(tx, seen.phone);
    const challenge = (await otpRepo.findOtpChallenge(tx, input.challengeId))!;
    if (challenge.consumed_at) return { kind: 'used' };
    if (challenge.attempts >= limits.maxAttempts) return { kind: 'locked' };
    if (challenge.expires_at <= now) return { kind: 'expired' };

    const live = { maxAttempts: limits.maxAttempts, now };
    const siblings = input.siblings
      ? await input.siblings(tx, challenge, live)
      : await liveSiblingCodes(tx, challenge, live);
    const candidates = [challenge, ...siblings];
    const ids = candidates.map((c) => c.id);
    if (!codeMatchesAny(keys, candidates, input.code)) {
      await otpRepo.recordWrongAttempt(tx, ids);
      const attemptsLeft = limits.maxAttempts - (challenge.attempts + 1);
      if (attemptsLeft <= 0) {
        await audit.record(tx, {
          actor: input.actor,
          action: 'identity.otp_locked',
          targetType: 'otp_challenge',
          targetId: challenge.id,
          requestId: input.requestId,
        });
      }
      return { kind: 'wrong', attemptsLeft: Math.max(0, attemptsLeft) };
    }
    await otpRepo.consumeChallenges(tx, ids, now);
    return { kind: 'ok', challenge };
  }

  /** The problem for a failed check (or a holder who may not use codes). */
  function otpRefusal(outcome: Exclude<OtpCheck, { kind: 'ok' }> | { kind: 'not_allowed' }): DomainError {
    switch (outcome.kind) {
      case 'unknown':
        return new DomainError('not_found', 'identity.otp_not_found');
      case 'used':
        return new DomainError('unauthorized', 'identity.otp_used');
      case 'locked':
        return new DomainError('unauthorized', 'identity.otp_locked');
      case 'expired':
        return new DomainError('unauthorized', 'identity.otp_expired', {
          minutes: Math.round(limits.ttlSeconds / 60),
        });
      case 'wrong':
        return new DomainError('unauthorized', 'identity.otp_wrong', { attemptsLeft: outcome.attemptsLeft });
      case 'not_allowed':
        return new DomainError('forbidden', 'identity.otp_not_allowed');
    }
  }

  /** The citizen account of a verified phone, registered (and audited by `actor`) when there is none yet. */
  async function citizenForPhone(
    tx: Tx,
    phone: string,
    registration: { actor: (accountId: string) => Actor; method: string; requestId?: string | undefined },
  ) {
    const existing = await accounts.findAccountByPhone(tx, phone);
    if (existing) return { account: existing, registered: false };
    const id = uuidv7();
    await accounts.insertAccount(
      tx,
      {
        id,
        kind: 'citizen',
        full_name: '',
        phone,
        email: null,
        password_hash: null,
        assurance_level: 1,
      },
      clock.now(),
    );
    await audit.record(tx, {
      actor: registration.actor(id),
      action: 'identity.account_registered',
      targetType: 'account',
      targetId: id,
      requestId: registration.requestId,
      data: { kind: 'citizen', method: registration.method, assuranceLevel: 1 },
    });
    return { account: (await accounts.findAccount(tx, id))!, registered: true };
  }

  return {
    issue,
    check,
    otpRefusal,
    citizenForPhone,

    /**
     * Sends a sign-in code. The answer never depends on whether the number has an account: the account
     * is created at the first successful verification, not here.
     */
    async request(body: OtpRequestBody, meta: { ip: string; locale: Locale }) {
      return db.tx((tx) =>
        issue(tx, {
          phone: body.phone,
          purpose: 'sign_in',
          channel: body.channel,
          ip: meta.ip,
          locale: meta.locale,
          message: { template: OTP_TEMPLATE, params: {} },
        }),
      );
    },

    /**
     * Checks a code and signs the phone's holder in, registering a citizen account on first use. Consuming
     * the codes, creating the account and opening the session commit together or not at all.
     */
    async verify(body: OtpVerifyBody, meta: { userAgent: string | null; requestId?: string }) {
      const now = clock.now();
      const outcome = await db.tx(async (tx) => {
        const checked = await check(tx, {
          challengeId: body.challengeId,
          code: body.code,
          purpose: 'sign_in',
          actor: { kind: 'anonymous' },
          requestId: meta.requestId,
        });
        if (checked.kind !== 'ok') return checked;
        const { account } = await citizenForPhone(tx, checked.challenge.phone, {
          actor: () => ({ kind: 'anonymous' }),
          method: 'otp',
          requestId: meta.requestId,
        });
        // Staff sign in with password and TOTP only; a disabled account stays closed.
        if (account.kind !== 'citizen' || account.status !== 'active')
          return { kind: 'not_allowed' } as const;
        await accounts.markPhoneVerified(tx, account.id, now);
        const opened = await openSessionIn(tx, deps, account, { ...meta, method: 'otp' });
        return { kind: 'signed_in', account: { ...account, phone_verified_at: now }, ...opened } as const;
      });
      if (outcome.kind === 'signed_in') return outcome;
      throw otpRefusal(outcome);
    },
  };
}

export type OtpService = ReturnType<typeof createOtpService>;
