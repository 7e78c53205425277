import type { Sql } from '../../../platform/db/db.js';
import * as repo from './repo.js';

/*
 * What the other identity sub-rooms may read and write of accounts and sessions. `identity.accounts` and
 * `identity.sessions` belong to this sub-room: its repo.ts is private to it, and everyone else comes through
 * here. Every function takes the caller's handle, a Tx inside a transaction, so a lock taken here (`for
 * update`) holds until the caller's transaction ends.
 */

export type {
  AccountRow,
  ClaimSource,
} from './repo.js';

// Finding and registering accounts.
export {
  findAccount,
  findAccountByEmail,
  findAccountByPhone,
  insertAccount,
  markPhoneVerified,
} from './repo.js';

/** Name, kind, work e-mail and status of each account, looked up in one query for all ids. */
export interface AccountBrief {
  id: string;
  kind: 'citizen' | 'staff';
  fullName: string;
  email: string | null;
  status: 'active' | 'disabled';
}

export async function briefAccounts(q: Sql, ids: readonly string[]): Promise<Map<string, AccountBrief>> {
  const rows = await repo.briefAccounts(q, [...new Set(ids)]);
  return new Map(
    rows.map((r) => [
      r.id,
      { id: r.id, kind: r.kind, fullName: r.full_name, email: r.email, status: r.status },
    ]),
  );
}

// The citizen's e-mail address (the e-mail sub-room).
// Passwords, devices and staff administration (security, staff/admin).
export {
  disableAccount,
  enableAccount,
  liveSessions,
  lockAccount,
  otherHolderOfEmail,
  pageStaffAccounts,
  revokeOwnSession,
  revokeSessionsOf,
  setPasswordHash,
  setVerifiedEmail,
} from './repo.js';

/**
 * When each session ended or ends at the latest: the earliest of its revocation, absolute expiry and idle
 * expiry. Ids of purged sessions are missing from the map.
 */
export async function sessionEndsAt(q: Sql, ids: readonly string[]): Promise<Map<string, Date>> {
  const rows = await repo.sessionEnds(q, [...new Set(ids)]);
  return new Map(
    rows.map((s) => {
      const ends = [s.revoked_at, s.expires_at, s.idle_expires_at].filter((d): d is Date => d !== null);
      return [s.id, new Date(Math.min(...ends.map((d) => d.getTime())))];
    }),
  );
}

// Identity assurance (CCCD card read or checked, a federated e-ID) and the claims OpenID clients get.
export {
  findActiveCardFactsByPhone,
  findClaimSource,
  insertVouchedCitizen,
  lockByCccdIndex,
  lockByPhone,
  lockForCccdClaim,
  otherHolderOfCccd,
  raiseToLevel2,
  raiseVouchedLevel,
  writeCardProfile,
} from './repo.js';
