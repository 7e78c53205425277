import { api } from './client.js';

// Shapes of src/modules/identity/staff-admin-routes.ts as they arrive over JSON.

export type StaffStatus = 'active' | 'disabled' | 'invited';

export interface StaffMember {
  id: string;
  fullName: string;
  email: string | null;
  /** `invited`: the set-password link has not been used yet. */
  status: StaffStatus;
  totpEnrolled: boolean;
  /** ISO 8601, or null if never signed in. */
  lastSignInAt: string | null;
  /** For `invited`: until when the latest link works (may be past). */
  invitationExpiresAt: string | null;
  /** Roles held at the listed agency. */
  roles: Array<{ role: string; wardCode: string | null }>;
  /** The signed-in admin may disable, enable and reset this account. */
  canManage: boolean;
}

export interface StaffPage {
  items: StaffMember[];
  nextCursor: string | null;
}

export interface StaffInvitation {
  id: string;
  /** `/can-bo/dat-mat-khau#token=…`: shown once, handed to the person. */
  setPasswordPath: string;
  expiresAt: string;
}

const base = '/api/v1/identity/staff';
const member = (id: string, action: string) => `${base}/${encodeURIComponent(id)}/${action}`;

export function listStaff(agencyId: string, q: string, cursor?: string, signal?: AbortSignal) {
  return api<StaffPage>(base, { query: { agencyId, q, cursor, limit: 50 }, ...(signal ? { signal } : {}) });
}

/** Refused with field errors (/body/email, /body/fullName) that say why. */
export function inviteStaff(body: { email: string; fullName: string; agencyId: string }) {
  return api<StaffInvitation>(base, { method: 'POST', body });
}

export function disableStaff(id: string) {
  return api<void>(member(id, 'disable'), { method: 'POST' });
}

export function enableStaff(id: string) {
  return api<void>(member(id, 'enable'), { method: 'POST' });
}

/** A new one-time link for someone who has not set a password yet; earlier links stop working. */
export function renewStaffInvitation(id: string) {
  return api<StaffInvitation>(member(id, 'invitation'), { method: 'POST' });
}

export function resetStaffTotp(id: string) {
  return api<void>(member(id, 'reset-totp'), { method: 'POST' });
}

/** The invited person's first password, from the link token; the server says why a password is refused. */
export function setStaffPassword(token: string, password: string) {
  return api<void>('/api/v1/auth/staff/set-password', { method: 'POST', body: { token, password } });
}
