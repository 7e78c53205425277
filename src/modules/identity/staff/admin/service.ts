import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Audit } from '../../../../platform/audit/audit.js';
import {
  type Actor,
  actorRef,
  isCityAdmin,
  type RoleGrant,
  requireStaff,
} from '../../../../platform/auth/actor.js';
import type { Clock } from '../../../../platform/clock.js';
import type { Db } from '../../../../platform/db/db.js';
import { decodeCursor, encodeCursor, isStringAndId } from '../../../../platform/http/cursor.js';
import { DomainError, invalidField } from '../../../../platform/http/errors.js';
import { hashToken } from '../../accounts/service.js';
import * as accounts from '../../accounts/store.js';
import type { SecurityNotices } from '../../security/notices.js';
import { checkPassword, defaultPasswordPolicy, type PasswordPolicy } from '../../security/password-policy.js';
import { hashPassword } from '../../security/passwords.js';
import { confirmedTotpAmong, removeTotpFactor } from '../../security/service.js';
import * as adminRepo from './repo.js';

/** What the staff list asks the directory module (late-bound in the composition root). */
export interface StaffDirectory {
  agencyExists(agencyId: string): Promise<boolean>;
  /** Active role grants held at the agency, with their holders. */
  rolesAt(agencyId: string): Promise<Array<RoleGrant & { accountId: string }>>;
  /** Active role grants of each account (every id a key). */
  rolesOfAll(accountIds: string[]): Promise<Map<string, RoleGrant[]>>;
}

export interface StaffAdminDeps {
  db: Db;
  clock: Clock;
  audit: Audit;
  grantsOf(accountId: string): Promise<RoleGrant[]>;
  /** Enables listing an agency's staff. */
  staffDirectory?: StaffDirectory | undefined;
  passwordPolicy?: PasswordPolicy;
  /** How long a set-password link works. */
  invitationHours?: number;
  /** Enables notices to the staff member's inbox when their account is disabled, enabled or reset. */
  notices?: SecurityNotices | undefined;
}

export interface InviteStaffBody {
  email: string;
  fullName: string;
  agencyId: string;
}

export interface StaffListQuery {
  agencyId: string;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

/** A staff account as its agency's admin sees it; `roles` are those held at the listed agency. */
export interface StaffMember {
  id: string;
  fullName: string;
  email: string | null;
  /** `invited`: the set-password link has not been used yet. */
  status: 'active' | 'disabled' | 'invited';
  totpEnrolled: boolean;
  lastSignInAt: string | null;
  invitationExpiresAt: string | null;
  roles: Array<{ role: RoleGrant['role']; wardCode: string | null }>;
  /** The caller may disable, enable and reset this account (it belongs only to agencies they administer). */
  canManage: boolean;
}

/**
 * Whether an admin holding agency_admin at `administered` may manage an account with these grants (or,
 * until it holds any, these inviting agencies). A city admin's account is managed only by city admins.
 */
function administers(
  actor: Actor,
  administered: ReadonlySet<string>,
  grants: RoleGrant[],
  invitedBy: string[],
): boolean {
  if (isCityAdmin(actor)) return true;
  if (grants.some((g) => g.role === 'city_admin')) return false;
  const agencies = grants.length ? grants.map((g) => g.agencyId) : invitedBy;
  return agencies.length > 0 && agencies.every((a) => administered.has(a));
}

const administeredBy = (grants: RoleGrant[]) =>
  new Set(grants.filter((g) => g.role === 'agency_admin').map((g) => g.agencyId));

/**
 * Agency admins invite, disable and reset the authenticator app of their own agency's staff; a city admin
 * of anyone's. Staff of another agency answer 404, as if they did not exist. Disabling, enabling and
 * resetting leave a notice in the staff member's inbox (in Vietnamese: their language is not known), in
 * the change's transaction.
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
    const target = await accounts.findAccount(db, id);
    const notFound = new DomainError('not_found', 'identity.staff_not_found');
    if (target?.kind !== 'staff') throw notFound;
    if (isCityAdmin(actor)) return { admin, target };
    const grants = await deps.grantsOf(target.id);
    // Until roles are granted, the account belongs to the agency that invited it.
    const invitedBy = grants.length ? [] : await adminRepo.invitingAgencies(db, target.id);
    if (!administers(actor, administeredBy(admin.grants), grants, invitedBy)) throw notFound;
    return { admin, target };
  }

  function newLink(now: Date) {
    return {
      token: randomBytes(32).toString('base64url'),
      expiresAt: new Date(now.getTime() + invitationMs),
    };
  }

  return {
    /** Listing is enabled (the directory is wired in). */
    canList: Boolean(deps.staffDirectory),

    /**
     * The staff of an agency: holders of an active role there, and accounts it invited that hold no role
     * yet (one that got roles elsewhere only has moved to that agency). Not citizen data: not audited.
     */
    async list(
      actor: Actor,
      query: StaffListQuery,
    ): Promise<{ items: StaffMember[]; nextCursor: string | null }> {
      const directory = deps.staffDirectory;
      if (!directory) throw new Error('staff listing needs the directory (staffDirectory)');
      requireStaff(actor, ['agency_admin'], { agencyId: query.agencyId });
      // Every agency the caller administers, not only this one: a person may belong to several.
      const admin = requireStaff(actor, ['agency_admin']);
      const after = decodeCursor(query.cursor, isStringAndId, 'identity.bad_cursor');
      if (!(await directory.agencyExists(query.agencyId))) {
        throw new DomainError('not_found', 'identity.agency_not_found');
      }
      const here = await directory.rolesAt(query.agencyId);
      const invited = await adminRepo.invitationsOf(db, { agencyId: query.agencyId });
      const candidates = [...new Set([...here.map((g) => g.accountId), ...invited.map((i) => i.account_id)])];
      const grants = await directory.rolesOfAll(candidates);
      const holders = new Set(here.map((g) => g.accountId));
      const members = candidates.filter((id) => holders.has(id) || !grants.get(id)?.length);
      const text = query.q?.normalize('NFC').trim();
      const rows = await accounts.pageStaffAccounts(db, {
        ids: members,
        q: text ? text : null,
        after,
        limit: query.limit + 1,
      });
      const page = rows.slice(0, query.limit);
      const pageIds = page.map((r) => r.id);
      const totpEnrolled = await confirmedTotpAmong(db, pageIds);
      const invitationExpiry = await adminRepo.openInvitationExpiries(db, pageIds);
      const withoutRoles = page.filter((r) => !grants.get(r.id)?.length).map((r) => r.id);
      const invitedBy = new Map<string, string[]>();
      for (const i of await adminRepo.invitationsOf(db, { accountIds: withoutRoles })) {
        invitedBy.set(i.account_id, [...(invitedBy.get(i.account_id) ?? []), i.agency_id]);
      }
      const administered = administeredBy(admin.grants);
      const last = page.at(-1);
      return {
        items: page.map((r) => ({
          id: r.id,
          fullName: r.full_name,
          email: r.email,
          status: r.status === 'disabled' ? 'disabled' : r.has_password ? 'active' : 'invited',
          totpEnrolled: totpEnrolled.has(r.id),
          lastSignInAt: r.last_sign_in_at?.toISOString() ?? null,
          invitationExpiresAt: r.has_password ? null : (invitationExpiry.get(r.id)?.toISOString() ?? null),
          roles: here
            .filter((g) => g.accountId === r.id)
            .map((g) => ({ role: g.role, wardCode: g.wardCode })),
          canManage: administers(actor, administered, grants.get(r.id) ?? [], invitedBy.get(r.id) ?? []),
        })),
        nextCursor: rows.length > query.limit && last ? encodeCursor([last.sort_key, last.id]) : null,
      };
    },

    async invite(actor: Actor, body: InviteStaffBody, requestId?: string) {
      requireStaff(actor, ['agency_admin'], { agencyId: body.agencyId });
      if (await accounts.findAccountByEmail(db, body.email)) {
        throw invalidField('/body/email', 'identity.staff_email_taken');
      }
      const now = clock.now();
      const id = uuidv7();
      const { token, expiresAt } = newLink(now);
      await db.tx(async (tx) => {
        await accounts.insertAccount(
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
      const account = await accounts.findAccount(db, invitation.account_id);
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
        await accounts.setPasswordHash(tx, account.id, hash, now);
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
        await accounts.disableAccount(tx, id, now);
        const sessions = await accounts.revokeSessionsOf(tx, id, now);
        await audit.record(tx, {
          actor,
          action: 'identity.staff_disabled',
          targetType: 'account',
          targetId: id,
          requestId,
          data: { sessionsEnded: sessions },
        });
        await deps.notices?.send(tx, { accountId: id }, 'staff_disabled', {});
      });
    },

    /**
     * A new set-password link for someone who has not set a password yet (the link was lost or ran out);
     * earlier links stop working.
     */
    async renewInvitation(actor: Actor, id: string, requestId?: string) {
      const { target } = await manageable(actor, id);
      if (target.password_hash) throw new DomainError('conflict', 'identity.staff_password_set');
      if (target.status !== 'active') throw new DomainError('conflict', 'identity.staff_disabled');
      const grants = await deps.grantsOf(id);
      const agencyId = (await adminRepo.invitingAgencies(db, id))[0] ?? grants[0]?.agencyId;
      if (!agencyId) throw new DomainError('not_found', 'identity.staff_not_found');
      const now = clock.now();
      const { token, expiresAt } = newLink(now);
      await db.tx(async (tx) => {
        await adminRepo.retireInvitations(tx, id, now);
        await adminRepo.insertInvitation(tx, {
          id: uuidv7(),
          account_id: id,
          agency_id: agencyId,
          token_hash: hashToken(token),
          invited_by: actorRef(actor),
          expires_at: expiresAt,
          used_at: null,
          created_at: now,
        });
        await audit.record(tx, {
          actor,
          action: 'identity.staff_invitation_renewed',
          targetType: 'account',
          targetId: id,
          requestId,
          data: { agencyId },
        });
      });
      return { id, token, expiresAt };
    },

    /** Undoes a disable: the person signs in again with the same password and app. */
    async enable(actor: Actor, id: string, requestId?: string) {
      await manageable(actor, id);
      const now = clock.now();
      await db.tx(async (tx) => {
        // Enabling an active account changes nothing and records nothing.
        if (!(await accounts.enableAccount(tx, id, now))) return;
        await audit.record(tx, {
          actor,
          action: 'identity.staff_enabled',
          targetType: 'account',
          targetId: id,
          requestId,
        });
        await deps.notices?.send(tx, { accountId: id }, 'staff_enabled', {});
      });
    },

    /** A lost phone: removes the authenticator app and recovery codes; the person enrols again. */
    async resetTotp(actor: Actor, id: string, requestId?: string) {
      await manageable(actor, id);
      const now = clock.now();
      await db.tx(async (tx) => {
        await removeTotpFactor(tx, id);
        const sessions = await accounts.revokeSessionsOf(tx, id, now);
        await audit.record(tx, {
          actor,
          action: 'identity.staff_totp_reset',
          targetType: 'account',
          targetId: id,
          requestId,
          data: { sessionsEnded: sessions },
        });
        await deps.notices?.send(tx, { accountId: id }, 'staff_totp_reset', {});
      });
    },
  };
}

export type StaffAdminService = ReturnType<typeof createStaffAdminService>;
