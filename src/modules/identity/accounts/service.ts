import { createHash, randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Audit } from '../../../platform/audit/audit.js';
import type { Actor, RoleGrant } from '../../../platform/auth/actor.js';
import type { Clock } from '../../../platform/clock.js';
import type { Db, Tx } from '../../../platform/db/db.js';
import { DomainError } from '../../../platform/http/errors.js';
import { assistedMeView, endAssistedForSignOut } from '../assisted/session.js';
import { verifyDecoy, verifyPassword } from '../security/passwords.js';
import * as repo from './repo.js';
import type { MeView, StaffLoginBody } from './schema.js';

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
  maxFailedLogins: number;
  lockMinutes: number;
}

export const defaultSessionPolicy: SessionPolicy = {
  idleMinutes: 30,
  absoluteHours: 12,
  maxFailedLogins: 5,
  lockMinutes: 15,
};

export interface IdentityDeps {
  db: Db;
  clock: Clock;
  audit: Audit;
  policy?: SessionPolicy;
  /** Active role grants of a staff account (from the directory module). */
  grantsOf(accountId: string): Promise<RoleGrant[]>;
}

export interface ResolvedSession {
  account: repo.AccountRow;
  session: repo.SessionRow;
}

/** Sessions are looked up by this hash of the cookie token. */
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export function toMeView(resolved: ResolvedSession, grants: RoleGrant[]): MeView {
  const { account, session } = resolved;
  return {
    id: account.id,
    kind: account.kind,
    fullName: account.full_name,
    email: account.email,
    phone: account.phone,
    assuranceLevel: account.assurance_level,
    grants,
    csrfToken: session.csrf_token,
  };
}
const minutes = (n: number) => n * 60_000;

export interface SignInMeta {
  userAgent: string | null;
  requestId?: string | undefined;
  /** How the person proved who they are: phone code, or password plus authenticator/recovery code. */
  method: 'otp' | 'password+totp' | 'password+recovery';
}

/**
 * Starts a session inside the caller's transaction (so an OTP sign-in consumes its code, creates the
 * account and opens the session atomically) and audits the sign-in.
 */
export async function openSessionIn(
  tx: Tx,
  deps: { clock: Clock; audit: Audit; policy: SessionPolicy },
  account: repo.AccountRow,
  meta: SignInMeta,
) {
  const now = deps.clock.now();
  const token = randomBytes(32).toString('base64url');
  const session = {
    id: uuidv7(),
    token_hash: hashToken(token),
    account_id: account.id,
    csrf_token: randomBytes(24).toString('base64url'),
    user_agent: meta.userAgent?.slice(0, 300) ?? null,
    created_at: now,
    last_seen_at: now,
    idle_expires_at: new Date(now.getTime() + minutes(deps.policy.idleMinutes)),
    expires_at: new Date(now.getTime() + deps.policy.absoluteHours * 3_600_000),
    revoked_at: null,
  };
  await repo.recordSignIn(tx, account.id, now);
  await repo.insertSession(tx, session);
  await deps.audit.record(tx, {
    actor: { kind: account.kind, accountId: account.id, sessionId: session.id } as Actor,
    action: 'identity.signed_in',
    targetType: 'session',
    targetId: session.id,
    requestId: meta.requestId,
    data: { method: meta.method },
  });
  return { token, session, expiresAt: session.expires_at };
}

export function createIdentityService(deps: IdentityDeps) {
  const { db, clock, audit } = deps;
  const policy = deps.policy ?? defaultSessionPolicy;

  /** Counts a failed sign-in step (password or authenticator code); enough of them lock the account. */
  async function recordFailure(account: repo.AccountRow, requestId?: string) {
    const now = clock.now();
    const failures = account.failed_logins + 1;
    const lockUntil =
      failures >= policy.maxFailedLogins ? new Date(now.getTime() + minutes(policy.lockMinutes)) : null;
    await db.tx(async (tx) => {
      await repo.recordFailedLogin(tx, account.id, lockUntil, now);
      await audit.record(tx, {
        actor: { kind: 'anonymous' },
        action: lockUntil ? 'identity.account_locked' : 'identity.sign_in_failed',
        targetType: 'account',
        targetId: account.id,
        requestId,
      });
    });
  }

  function refuseIfLocked(account: repo.AccountRow) {
    const now = clock.now();
    if (account.locked_until && account.locked_until > now) {
      throw new DomainError('unauthorized', 'identity.account_locked', {
        minutes: Math.ceil((account.locked_until.getTime() - now.getTime()) / 60_000),
      });
    }
  }

  return {
    recordFailure,
    refuseIfLocked,

    /**
     * The first step of a staff sign-in: the active staff account whose password this is. Unknown e-mails
     * cost the same time as known ones and every refusal reads the same.
     */
    async checkStaffPassword(body: StaffLoginBody, meta: { requestId?: string }) {
      const account = await repo.findAccountByEmail(db, body.email);
      if (account?.kind !== 'staff' || !account.password_hash) {
        await verifyDecoy(body.password);
        throw new DomainError('unauthorized', 'identity.invalid_credentials');
      }
      refuseIfLocked(account);
      const ok = await verifyPassword(account.password_hash, body.password);
      if (!ok || account.status !== 'active') {
        await recordFailure(account, meta.requestId);
        throw new DomainError('unauthorized', 'identity.invalid_credentials');
      }
      return account;
    },

    /** The live session behind a cookie token, sliding its idle timeout (written at most once a minute). */
    async resolveSession(token: string | undefined): Promise<ResolvedSession | null> {
      if (!token || token.length > 100) return null;
      const now = clock.now();
      const live = await repo.findLiveSession(db, hashToken(token), now);
      if (live?.account.status !== 'active') return null;
      const { session, account } = live;
      if (now.getTime() - session.last_seen_at.getTime() > 60_000) {
        const idle = new Date(
          Math.min(now.getTime() + minutes(policy.idleMinutes), session.expires_at.getTime()),
        );
        await repo.touchSession(db, session.id, now, idle);
      }
      return { account, session };
    },

    async actorFor(resolved: ResolvedSession | null): Promise<Actor> {
      if (!resolved) return { kind: 'anonymous' };
      const { account, session } = resolved;
      if (account.kind === 'staff') {
        return {
          kind: 'staff',
          accountId: account.id,
          sessionId: session.id,
          grants: await deps.grantsOf(account.id),
        };
      }
      const assurance = account.assurance_level >= 2 ? 2 : 1;
      return { kind: 'citizen', accountId: account.id, sessionId: session.id, assurance };
    },

    async logout(actor: Actor, requestId?: string): Promise<void> {
      if (actor.kind !== 'staff' && actor.kind !== 'citizen' && actor.kind !== 'assistant') return;
      await db.tx(async (tx) => {
        // In an assisted session the volunteer signs out of it and of their own session behind it.
        const own =
          actor.kind === 'assistant'
            ? await endAssistedForSignOut(tx, { audit, clock }, actor, requestId)
            : actor;
        await repo.revokeSession(tx, own.sessionId, clock.now());
        await audit.record(tx, {
          actor: own,
          action: 'identity.signed_out',
          targetType: 'session',
          targetId: own.sessionId,
          requestId,
        });
      });
    },

    /** In an assisted session: the citizen's view (an audited read), with who is helping. */
    async me(actor: Actor, resolved: ResolvedSession | null, requestId?: string): Promise<MeView> {
      if (actor.kind === 'assistant' && resolved) {
        return assistedMeView({ db, audit }, actor, resolved.session.csrf_token, requestId);
      }
      if (!resolved || (actor.kind !== 'staff' && actor.kind !== 'citizen')) {
        throw new DomainError('unauthorized', 'http.unauthorized');
      }
      return toMeView(resolved, actor.kind === 'staff' ? actor.grants : []);
    },

    async isStaff(accountId: string): Promise<boolean> {
      return (await repo.findAccount(db, accountId))?.kind === 'staff';
    },

    async findStaffIdByEmail(email: string): Promise<string | null> {
      const account = await repo.findAccountByEmail(db, email.trim().toLowerCase());
      return account?.kind === 'staff' ? account.id : null;
    },

    /** Names and work e-mails for staff lists; citizens' contact data is never included. */
    async describe(accountIds: string[]): Promise<Map<string, { fullName: string; email: string | null }>> {
      const rows = await repo.briefAccounts(db, accountIds);
      return new Map(
        rows.map((r) => [r.id, { fullName: r.full_name, email: r.kind === 'staff' ? r.email : null }]),
      );
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
