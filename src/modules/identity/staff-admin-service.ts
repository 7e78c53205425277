import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Audit } from '../../platform/audit/audit.js';
import {
  type Actor,
  actorRef,
  isCityAdmin,
  type RoleGrant,
  requireStaff,
} from '../../platform/auth/actor.js';
import type { Clock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/db.js';
import { DomainError, invalidField } from '../../platform/http/errors.js';
import { checkPassword, defaultPasswordPolicy, type PasswordPolicy } from './password-policy.js';
import { hashPassword } from './passwords.js';
import * as repo from './repo.js';
import * as secRepo from './security-repo.js';
import { hashToken } from './service.js';
import * as adminRepo from './staff-admin-repo.js';

export interface StaffAdminDeps {
  db: Db;
  clock: Clock;
  audit: Audit;
  grantsOf(accountId: string): Promise<RoleGrant[]>;
  passwordPolicy?: PasswordPolicy;
  /** How long a set-password link works. */
  invitationHours?: number;
}

export interface InviteStaffBody {
  email: string;
  fullName: string;
  agencyId: string;
}

/**
 * Agency admins invite, disable and reset the authenticator app of their own agency's staff; a city admin
 * of anyone's. Staff of another agency answer 404, as if they did not exist.
 */
export function createStaffAdminService(deps: StaffAdminDeps) {
  const { db, clock, audit } = deps;
  const invitationMs = (deps.invitationHours ?? 72) * 3_600_000;
  let policy: Promise<PasswordPolicy> | undefined;
  const passwordPolicy = () => {
    policy ??= deps.passwordPolicy ? Promise.resolve(deps.passwordPolicy) : defaultPasswordPolicy();
    return policy;
  };

  /** The staff account `id`, if the actor administers every agency it belongs to. */
  async function manageable(actor: Actor, id: string) {
    const admin = requireStaff(actor, ['agency_admin']);
    const target = await repo.findAccount(db, id);
    const notFound = new DomainError('not_found', 'identity.staff_not_found');
    if (target?.kind !== 'staff') throw notFound;
    if (isCityAdmin(actor)) return { admin, target };
    const administered = new Set(
      admin.grants.filter((g) => g.role === 'agency_admin').map((g) => g.agencyId),
    );
    const grants = await deps.grantsOf(target.id);
    // Until roles are granted, the account belongs to the agency that invited it.
    const agencies = grants.length
      ? grants.map((g) => g.agencyId)
      : await adminRepo.invitingAgencies(db, target.id);
    if (!agencies.length || !agencies.every((a) => administered.has(a))) throw notFound;
    return { admin, target };
  }

  return {
    async invite(actor: Actor, body: InviteStaffBody, requestId?: string) {
      requireStaff(actor, ['agency_admin'], { agencyId: body.agencyId });
      if (await repo.findAccountByEmail(db, body.email)) {
        throw invalidField('/body/email', 'identity.staff_email_taken');
      }
      const now = clock.now();
      const id = uuidv7();
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(now.getTime() + invitationMs);
      await db.tx(async (tx) => {
        await repo.insertAccount(
          tx,
          {
            id,
            kind: 'staff',
            full_name: body.fullName,
            phone: null,
            email: body.email,
            password_hash: null,
            assurance_level: 1,
          },
          now,
        );
        await adminRepo.insertInvitation(tx, {
          id: uuidv7(),
          account_id: id,
          agency_id: body.agencyId,
          token_hash: hashToken(token),
          invited_by: actorRef(actor),
          expires_at: expiresAt,
          used_at: null,
          created_at: now,
        });
        await audit.record(tx, {
          actor,
          action: 'identity.staff_invited',
          targetType: 'account',
          targetId: id,
          requestId,
          data: { agencyId: body.agencyId },
        });
      });
      return { id, token, expiresAt };
    },

    /** The invited person sets their first password from the link; the link then stops working. */
    async acceptInvitation(body: { token: string; password: string }, requestId?: string) {
      const now = clock.now();
      const invitation = await adminRepo.findInvitationByToken(db, hashToken(body.token));
      if (!invitation || invitation.used_at)
        throw new DomainError('not_found', 'identity.invitation_invalid');
      if (invitation.expires_at <= now) throw new DomainError('invalid_state', 'identity.invitation_expired');
      const account = await repo.findAccount(db, invitation.account_id);
      if (account?.status !== 'active') {
        throw new DomainError('not_found', 'identity.invitation_invalid');
      }
      const check = checkPassword(
        body.password,
        { fullName: account.full_name, email: account.email, phone: account.phone },
        await passwordPolicy(),
      );
      if (!check.ok) throw invalidField('/body/password', check.reason, check.params);
      const hash = await hashPassword(body.password);
      await db.tx(async (tx) => {
        if (!(await adminRepo.useInvitation(tx, invitation.id, now))) {
          throw new DomainError('not_found', 'identity.invitation_invalid');
        }
        await secRepo.setPasswordHash(tx, account.id, hash, now);
        await audit.record(tx, {
          actor: { kind: 'anonymous' },
          action: 'identity.staff_invitation_accepted',
          targetType: 'account',
          targetId: account.id,
          requestId,
        });
      });
    },

    /** Disables the account and ends its sessions at once. */
    async disable(actor: Actor, id: string, requestId?: string) {
      const { admin } = await manageable(actor, id);
      if (admin.accountId === id) throw new DomainError('conflict', 'identity.cannot_disable_self');
      const now = clock.now();
      await db.tx(async (tx) => {
        await adminRepo.disableAccount(tx, id, now);
        const sessions = await secRepo.revokeSessionsOf(tx, id, now);
        await audit.record(tx, {
          actor,
          action: 'identity.staff_disabled',
          targetType: 'account',
          targetId: id,
          requestId,
          data: { sessionsEnded: sessions },
        });
      });
    },

    /** A lost phone: removes the authenticator app and recovery codes; the person enrols again. */
    async resetTotp(actor: Actor, id: string, requestId?: string) {
      await manageable(actor, id);
      const now = clock.now();
      await db.tx(async (tx) => {
        await secRepo.deleteTotpFactor(tx, id);
        const sessions = await secRepo.revokeSessionsOf(tx, id, now);
        await audit.record(tx, {
          actor,
          action: 'identity.staff_totp_reset',
          targetType: 'account',
          targetId: id,
          requestId,
          data: { sessionsEnded: sessions },
        });
      });
    },
  };
}

export type StaffAdminService = ReturnType<typeof createStaffAdminService>;
