import { uuidv7 } from 'uuidv7';
import type { Audit } from '../../../platform/audit/audit.js';
import { type Actor, requireSignedIn } from '../../../platform/auth/actor.js';
import type { Clock } from '../../../platform/clock.js';
import type { Db, Sql, Tx } from '../../../platform/db/db.js';
import { DomainError, invalidField } from '../../../platform/http/errors.js';
import type { Locale } from '../../../platform/i18n/i18n.js';
import { formatVietnamTime } from '../../../platform/i18n/vietnam-time.js';
import type { Notify } from '../../../platform/notify/notify.js';
import * as accounts from '../accounts/store.js';
import { codeMatchesAny, deriveOtpKeys, hashOtpCode, newOtpCode, tooSoon } from '../otp/code.js';
import type { OtpPolicy } from '../otp/service.js';
import type { SecurityNotices } from '../security/notices.js';
import * as emailRepo from './repo.js';
import {
  EMAIL_CODE_TEMPLATE,
  emailCodeTemplate,
  PREVIOUS_EMAIL_TEMPLATES,
  type PreviousEmailEvent,
  previousEmailTemplates,
} from './template.js';

/**
 * Ten minutes, not the phone code's five: mail often arrives a few minutes late (greylisting, spam
 * checks), and the code proves only that the citizen reads the mailbox; it does not sign anyone in.
 */
const EMAIL_CODE_MINUTES = 10;
const HOUR = 3_600_000;

/** Challenges created before `before` are deleted (the nightly purge). */
export const purgeEmailChallenges = (q: Sql, before: Date) => emailRepo.purgeEmailChallenges(q, before);

export interface EmailDeps {
  db: Db;
  clock: Clock;
  audit: Audit;
  notify: Notify;
  /** The current master key; the code key is derived from it (the same derivation as phone codes). */
  masterKey: Buffer;
  /** The phone codes' rules reused: tries per code, resend cooldown, codes per hour (here per account). */
  policy: OtpPolicy;
  notices?: SecurityNotices | undefined;
}

type CitizenActor = Extract<Actor, { kind: 'citizen' }>;

/** Only citizens manage their own address; a staff member's work e-mail is set by their agency's admin. */
function requireCitizen(actor: Actor): CitizenActor {
  requireSignedIn(actor);
  if (actor.kind === 'staff') throw new DomainError('forbidden', 'identity.email_staff_managed');
  if (actor.kind !== 'citizen') throw new DomainError('forbidden', 'http.forbidden');
  return actor;
}

type Check =
  | { kind: 'ok'; account: accounts.AccountRow }
  | { kind: 'unknown' | 'used' | 'locked' | 'expired' | 'taken' }
  | { kind: 'wrong'; attemptsLeft: number };

/**
 * A citizen's e-mail address: added only once a code sent to it comes back, then usable for sign-in codes
 * (channel `email` of POST /api/v1/auth/otp), removed at will. Every change is audited (without the
 * address) and leaves a notice in the citizen's inbox; a change or removal also mails the address
 * left behind (never naming the new one). Both are queued in the change's transaction.
 */
export function createEmailService(deps: EmailDeps) {
  const { db, clock, audit, policy } = deps;
  const keys = deriveOtpKeys(deps.masterKey);
  deps.notify.defineTemplate(emailCodeTemplate());
  for (const template of previousEmailTemplates()) deps.notify.defineTemplate(template);

  /** Tells the address the account stopped using, in the change's transaction (see previousEmailTemplates). */
  const mailPrevious = (tx: Tx, email: string, event: PreviousEmailEvent, at: Date, locale?: Locale) =>
    deps.notify.send(tx, {
      template: PREVIOUS_EMAIL_TEMPLATES[event],
      to: { email },
      channels: ['email'],
      params: { email, at: formatVietnamTime(at) },
      locale: locale ?? 'vi',
    });

  function refusal(outcome: Exclude<Check, { kind: 'ok' }>): DomainError {
    switch (outcome.kind) {
      case 'unknown':
        return new DomainError('not_found', 'identity.email_challenge_not_found');
      case 'used':
        return invalidField('/body/code', 'identity.email_code_used');
      case 'locked':
        return invalidField('/body/code', 'identity.email_code_locked');
      case 'expired':
        return invalidField('/body/code', 'identity.email_code_expired', { minutes: EMAIL_CODE_MINUTES });
      case 'wrong':
        return invalidField('/body/code', 'identity.email_code_wrong', {
          attemptsLeft: outcome.attemptsLeft,
        });
      case 'taken':
        return new DomainError('conflict', 'identity.email_taken');
    }
  }

  return {
    /**
     * Sends a code to `email` (already trimmed, NFC and lower-cased by the schema). The answer is the same
     * whether or not another account holds the address; see `verify` for why.
     */
    async request(actor: Actor, email: string, meta: { locale: Locale }) {
      const me = requireCitizen(actor);
      return db.tx(async (tx) => {
        await accounts.lockAccount(tx, me.accountId);
        const account = await accounts.findAccount(tx, me.accountId);
        if (!account) throw new DomainError('unauthorized', 'http.unauthorized');
        if (account.email === email) throw invalidField('/body/email', 'identity.email_same');
        const now = clock.now();
        const counts = await emailRepo.countEmailRequests(
          tx,
          account.id,
          email,
          new Date(now.getTime() - HOUR),
        );
        const cooldownMs = policy.resendCooldownSeconds * 1000;
        if (counts.accountLatest && now.getTime() - counts.accountLatest.getTime() < cooldownMs) {
          throw tooSoon('identity.otp_too_soon', counts.accountLatest.getTime() + cooldownMs, now);
        }
        if (counts.accountCount >= policy.maxPerPhonePerHour && counts.accountOldest) {
          throw tooSoon('identity.otp_too_many', counts.accountOldest.getTime() + HOUR, now);
        }
        if (counts.addressCount >= policy.maxPerPhonePerHour && counts.addressOldest) {
          throw tooSoon('identity.otp_too_many', counts.addressOldest.getTime() + HOUR, now);
        }
        const id = uuidv7();
        const code = newOtpCode();
        const expiresAt = new Date(now.getTime() + EMAIL_CODE_MINUTES * 60_000);
        await emailRepo.insertEmailChallenge(tx, {
          id,
          account_id: account.id,
          email,
          code_hash: hashOtpCode(keys, id, code),
          expires_at: expiresAt,
          created_at: now,
        });
        await deps.notify.send(tx, {
          template: EMAIL_CODE_TEMPLATE,
          to: { email },
          channels: ['email'],
          params: { code, minutes: EMAIL_CODE_MINUTES, email },
          locale: meta.locale,
          reference: id,
        });
        return { challengeId: id, expiresAt: expiresAt.toISOString() };
      });
    },

    /**
     * Checks the code and puts the address on the account, replacing an earlier one. A wrong guess is
     * counted (it commits) although the request fails; a right code is used up with the account's other
     * live codes for the same address.
     *
     * An address another account already holds (a citizen's, or a staff member's work e-mail) is refused
     * only here, after a right code: asking for a code answers the same either way, so nobody can probe
     * which addresses have accounts by typing them. Only someone who reads that mailbox reaches this
     * refusal, and they could sign in to the other account anyway. Refusing at the first step would tell
     * anyone; sending no code would leave the real owner with no way to understand what happened.
     */
    async verify(
      actor: Actor,
      body: { challengeId: string; code: string },
      meta: { requestId?: string; locale?: Locale },
    ): Promise<accounts.AccountRow> {
      const me = requireCitizen(actor);
      const outcome = await db.tx(async (tx): Promise<Check> => {
        await accounts.lockAccount(tx, me.accountId);
        const now = clock.now();
        const challenge = await emailRepo.findEmailChallenge(tx, body.challengeId);
        // Another account's challenge reads exactly like an unknown one.
        if (challenge?.account_id !== me.accountId) return { kind: 'unknown' };
        if (challenge.consumed_at) return { kind: 'used' };
        if (challenge.attempts >= policy.maxAttempts) return { kind: 'locked' };
        if (challenge.expires_at <= now) return { kind: 'expired' };

        const candidates = [
          challenge,
          ...(await emailRepo.liveEmailSiblings(tx, challenge, policy.maxAttempts, now)),
        ];
        const ids = candidates.map((c) => c.id);
        if (!codeMatchesAny(keys, candidates, body.code)) {
          await emailRepo.recordWrongEmailAttempt(tx, ids);
          const attemptsLeft = Math.max(0, policy.maxAttempts - (challenge.attempts + 1));
          if (attemptsLeft === 0) {
            await audit.record(tx, {
              actor: me,
              action: 'identity.email_code_locked',
              targetType: 'email_challenge',
              targetId: challenge.id,
              requestId: meta.requestId,
            });
          }
          return { kind: 'wrong', attemptsLeft };
        }
        await emailRepo.consumeEmailChallenges(tx, ids, now);
        await emailRepo.lockAddress(tx, challenge.email);
        if (await accounts.otherHolderOfEmail(tx, challenge.email, me.accountId)) return { kind: 'taken' };

        const account = (await accounts.findAccount(tx, me.accountId))!;
        await accounts.setVerifiedEmail(tx, account.id, challenge.email, now);
        const previous = account.email && account.email !== challenge.email ? account.email : null;
        await audit.record(tx, {
          actor: me,
          action: previous ? 'identity.email_changed' : 'identity.email_added',
          targetType: 'account',
          targetId: account.id,
          requestId: meta.requestId,
        });
        const to = { accountId: account.id, locale: meta.locale };
        if (previous) {
          await deps.notices?.send(tx, to, 'email_changed', { email: challenge.email, previous });
          await mailPrevious(tx, previous, 'changed', now, meta.locale);
        } else {
          await deps.notices?.send(tx, to, 'email_added', { email: challenge.email });
        }
        return { kind: 'ok', account: { ...account, email: challenge.email, email_verified_at: now } };
      });
      if (outcome.kind === 'ok') return outcome.account;
      throw refusal(outcome);
    },

    /** Takes the address off the account; sign-in codes then go by SMS or Zalo. */
    async remove(actor: Actor, meta: { requestId?: string; locale?: Locale }) {
      const me = requireCitizen(actor);
      await db.tx(async (tx) => {
        await accounts.lockAccount(tx, me.accountId);
        const account = await accounts.findAccount(tx, me.accountId);
        if (!account?.email) throw new DomainError('not_found', 'identity.email_not_set');
        const now = clock.now();
        await accounts.setVerifiedEmail(tx, account.id, null, now);
        await audit.record(tx, {
          actor: me,
          action: 'identity.email_removed',
          targetType: 'account',
          targetId: account.id,
          requestId: meta.requestId,
        });
        await deps.notices?.send(tx, { accountId: account.id, locale: meta.locale }, 'email_removed', {
          email: account.email,
        });
        await mailPrevious(tx, account.email, 'removed', now, meta.locale);
      });
    },
  };
}

export type EmailService = ReturnType<typeof createEmailService>;
