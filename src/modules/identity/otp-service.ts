import { uuidv7 } from 'uuidv7';
import type { Audit } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Config } from '../../platform/config.js';
import type { Db } from '../../platform/db/db.js';
import { DomainError } from '../../platform/http/errors.js';
import type { Locale } from '../../platform/i18n/i18n.js';
import type { Channel, Notify, Recipient } from '../../platform/notify/notify.js';
import { deriveOtpKeys, hashIp, hashOtpCode, newOtpCode, otpCodeMatches } from './otp-code.js';
import * as otpRepo from './otp-repo.js';
import { OTP_TEMPLATE, otpTemplate } from './otp-template.js';
import * as repo from './repo.js';
import type { OtpRequestBody, OtpVerifyBody } from './schema.js';
import { openSessionIn, type SessionPolicy } from './service.js';

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

/** When the chosen channel fails, notify tries the next one. E-mail needs an address on the account. */
function channelsFor(chosen: OtpRequestBody['channel'], email: string | null | undefined): Channel[] {
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

  const tooSoon = (code: 'identity.otp_too_soon' | 'identity.otp_too_many', until: number, now: Date) => {
    const seconds = Math.max(1, Math.ceil((until - now.getTime()) / 1000));
    return new DomainError('rate_limited', code, { seconds, minutes: Math.ceil(seconds / 60) }, [], seconds);
  };

  return {
    /**
     * Sends a sign-in code. The answer never depends on whether the number has an account: the account
     * is created at the first successful verification, not here.
     */
    async request(body: OtpRequestBody, meta: { ip: string; locale: Locale }) {
      const now = clock.now();
      const ipHash = hashIp(keys, meta.ip);
      return db.tx(async (tx) => {
        await otpRepo.lockPhone(tx, body.phone);
        await otpRepo.lockIp(tx, ipHash);
        const counts = await otpRepo.countOtpRequests(tx, body.phone, ipHash, new Date(now.getTime() - HOUR));
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
        const account = await repo.findAccountByPhone(tx, body.phone);
        const channels = channelsFor(body.channel, account?.email);
        const id = uuidv7();
        const code = newOtpCode();
        const expiresAt = new Date(now.getTime() + limits.ttlSeconds * 1000);
        await otpRepo.insertOtpChallenge(tx, {
          id,
          phone: body.phone,
          purpose: 'sign_in',
          code_hash: hashOtpCode(keys, id, code),
          channel: body.channel,
          ip_hash: ipHash,
          expires_at: expiresAt,
          created_at: now,
        });
        const to: Recipient = { phone: body.phone };
        if (channels[0] === 'email' && account?.email) to.email = account.email;
        await otp.notify.send(tx, {
          template: OTP_TEMPLATE,
          to,
          channels,
          params: { code, minutes: Math.round(limits.ttlSeconds / 60) },
          locale: meta.locale,
          reference: id,
        });
        return { challengeId: id, expiresAt: expiresAt.toISOString() };
      });
    },

    /**
     * Checks a code and signs the phone's holder in, registering a citizen account on first use. Consuming
     * the codes, creating the account and opening the session commit together or not at all.
     */
    async verify(body: OtpVerifyBody, meta: { userAgent: string | null; requestId?: string }) {
      const now = clock.now();
      const outcome = await db.tx(async (tx) => {
        const seen = await otpRepo.findOtpChallenge(tx, body.challengeId);
        if (!seen) return { kind: 'unknown' } as const;
        await otpRepo.lockPhone(tx, seen.phone);
        const challenge = (await otpRepo.findOtpChallenge(tx, body.challengeId))!;
        if (challenge.consumed_at) return { kind: 'used' } as const;
        if (challenge.attempts >= limits.maxAttempts) return { kind: 'locked' } as const;
        if (challenge.expires_at <= now) return { kind: 'expired' } as const;

        const candidates = [
          challenge,
          ...(await otpRepo.liveSiblings(tx, challenge, limits.maxAttempts, now)),
        ];
        // Every candidate is compared (no early exit), so timing does not tell how many codes are live.
        const matches = candidates.map((c) => otpCodeMatches(keys, c.id, body.code, c.code_hash));
        const ids = candidates.map((c) => c.id);
        if (!matches.includes(true)) {
          await otpRepo.recordWrongAttempt(tx, ids);
          const attemptsLeft = limits.maxAttempts - (challenge.attempts + 1);
          if (attemptsLeft <= 0) {
            await audit.record(tx, {
              actor: { kind: 'anonymous' },
              action: 'identity.otp_locked',
              targetType: 'otp_challenge',
              targetId: challenge.id,
              requestId: meta.requestId,
            });
          }
          return { kind: 'wrong', attemptsLeft: Math.max(0, attemptsLeft) } as const;
        }
        await otpRepo.consumeChallenges(tx, ids, now);

        let account = await repo.findAccountByPhone(tx, challenge.phone);
        if (!account) {
          const id = uuidv7();
          await repo.insertAccount(
            tx,
            {
              id,
              kind: 'citizen',
              full_name: '',
              phone: challenge.phone,
              email: null,
              password_hash: null,
              assurance_level: 1,
            },
            now,
          );
          await audit.record(tx, {
            actor: { kind: 'anonymous' },
            action: 'identity.account_registered',
            targetType: 'account',
            targetId: id,
            requestId: meta.requestId,
            data: { kind: 'citizen', method: 'otp', assuranceLevel: 1 },
          });
          account = (await repo.findAccount(tx, id))!;
        }
        // Staff sign in with password and TOTP only; a disabled account stays closed.
        if (account.kind !== 'citizen' || account.status !== 'active')
          return { kind: 'not_allowed' } as const;
        await repo.markPhoneVerified(tx, account.id, now);
        const opened = await openSessionIn(tx, deps, account, { ...meta, method: 'otp' });
        return { kind: 'signed_in', account: { ...account, phone_verified_at: now }, ...opened } as const;
      });

      switch (outcome.kind) {
        case 'signed_in':
          return outcome;
        case 'unknown':
          throw new DomainError('not_found', 'identity.otp_not_found');
        case 'used':
          throw new DomainError('unauthorized', 'identity.otp_used');
        case 'locked':
          throw new DomainError('unauthorized', 'identity.otp_locked');
        case 'expired':
          throw new DomainError('unauthorized', 'identity.otp_expired', {
            minutes: Math.round(limits.ttlSeconds / 60),
          });
        case 'wrong':
          throw new DomainError('unauthorized', 'identity.otp_wrong', { attemptsLeft: outcome.attemptsLeft });
        case 'not_allowed':
          throw new DomainError('forbidden', 'identity.otp_not_allowed');
      }
    },
  };
}

export type OtpService = ReturnType<typeof createOtpService>;
