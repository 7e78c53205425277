import { randomBytes } from 'node:crypto';
import type { Audit } from '../../../../platform/audit/audit.js';
import type { Clock } from '../../../../platform/clock.js';
import type { Db } from '../../../../platform/db/db.js';
import { DomainError } from '../../../../platform/http/errors.js';
import type { StaffLoginBody } from '../../accounts/schema.js';
import {
  defaultSessionPolicy,
  hashToken,
  type IdentityService,
  openSessionIn,
  type SessionPolicy,
} from '../../accounts/service.js';
import * as accounts from '../../accounts/store.js';
import { isTotpConfirmed, type SecondFactor, type SecurityService } from '../../security/service.js';
import * as pendingRepo from './repo.js';

export interface StaffLoginDeps {
  db: Db;
  clock: Clock;
  audit: Audit;
  policy?: SessionPolicy;
  identity: IdentityService;
  security: SecurityService;
}

/** Time between the password and the authenticator code. */
const PENDING_MINUTES = 5;

interface Meta {
  userAgent: string | null;
  requestId?: string | undefined;
}

/**
 * Staff sign in with password AND authenticator code, always. A staff member without a confirmed app
 * enrols one at this sign-in (scan, first code) before any session exists.
 */
export function createStaffLoginService(deps: StaffLoginDeps) {
  const { db, clock, audit, identity, security } = deps;
  const policy = deps.policy ?? defaultSessionPolicy;
  const anonymous = { kind: 'anonymous' } as const;

  return {
    /** Step 1: the password. Answers which second step follows, never a session. */
    async start(body: StaffLoginBody, meta: Meta) {
      const account = await identity.checkStaffPassword(body, meta);
      const now = clock.now();
      const pendingId = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + PENDING_MINUTES * 60_000);
      const enrolled = await security.hasConfirmedTotp(account.id);
      const enrolment = enrolled ? null : await security.startTotpFor(account, anonymous, meta.requestId);
      await db.tx((tx) =>
        pendingRepo.insertPending(tx, {
          tokenHash: hashToken(pendingId),
          accountId: account.id,
          expiresAt,
          now,
        }),
      );
      const base = { pendingId, expiresAt: expiresAt.toISOString() };
      return enrolment
        ? {
            ...base,
            step: 'enrol_totp' as const,
            enrolment: { uri: enrolment.uri, qrSvg: enrolment.qrSvg, secret: enrolment.secret },
          }
        : { ...base, step: 'totp' as const };
    },

    /**
     * Step 2: a code from the app (or a recovery code) opens the session, and uses up the pending
     * sign-in, in one transaction. A wrong code counts towards the account lockout.
     */
    async finish(input: { pendingId: string } & SecondFactor, meta: Meta) {
      const tokenHash = hashToken(input.pendingId);
      const expired = () => new DomainError('unauthorized', 'identity.staff_login_expired');
      const pending = await pendingRepo.findPendingForUpdate(db, tokenHash, clock.now());
      if (!pending) throw expired();
      const account = await accounts.findAccount(db, pending.account_id);
      if (account?.status !== 'active') throw expired();
      identity.refuseIfLocked(account);
      try {
        return await db.tx(async (tx) => {
          if (!(await pendingRepo.findPendingForUpdate(tx, tokenHash, clock.now()))) throw expired();
          let recoveryCodes: string[] | null = null;
          let method: 'password+totp' | 'password+recovery' = 'password+totp';
          if (await isTotpConfirmed(tx, account.id)) {
            const used = await security.spendSecondFactor(tx, account.id, input);
            if (used === 'recovery') method = 'password+recovery';
          } else {
            if (!('code' in input)) throw new DomainError('conflict', 'identity.totp_not_enabled');
            recoveryCodes = await security.confirmTotpIn(tx, account.id, input.code);
            await audit.record(tx, {
              actor: anonymous,
              action: 'identity.totp_enabled',
              targetType: 'account',
              targetId: account.id,
              requestId: meta.requestId,
              data: { at: 'staff_sign_in' },
            });
          }
          await pendingRepo.deletePending(tx, tokenHash);
          const opened = await openSessionIn(tx, { clock, audit, policy }, account, { ...meta, method });
          return { account, recoveryCodes, ...opened };
        });
      } catch (err) {
        if (err instanceof DomainError && err.kind === 'validation') {
          await identity.recordFailure(account, meta.requestId);
        }
        throw err;
      }
    },
  };
}

export type StaffLoginService = ReturnType<typeof createStaffLoginService>;
