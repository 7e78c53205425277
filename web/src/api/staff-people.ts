import { client, unwrap } from './client.js';
import type { Body, Schema } from './types.js';

// src/modules/identity/staff-admin-routes.ts.

/**
 * A staff account as its agency's admin sees it: `invited` while the set-password link is unused (then
 * `invitationExpiresAt` says until when the latest link works), the roles held at the listed agency, and
 * whether the signed-in admin may disable, enable and reset it (`canManage`).
 */
export type StaffMember = Schema<'StaffMember'>;
export type StaffPage = Schema<'StaffPage'>;
/** `setPasswordPath` (`/can-bo/dat-mat-khau#token=…`) is shown once, to be handed to the person. */
export type StaffInvitation = Schema<'StaffInvitation'>;

const member = (id: string) => ({ params: { path: { id } } });

export function listStaff(
  agencyId: string,
  q: string,
  cursor?: string,
  signal?: AbortSignal,
): Promise<StaffPage> {
  return unwrap(
    client.GET('/api/v1/identity/staff', {
      params: { query: { agencyId, q, cursor, limit: 50 } },
      ...(signal ? { signal } : {}),
    }),
  );
}

/** Refused with field errors (/body/email, /body/fullName) that say why. */
export function inviteStaff(body: Body<'/api/v1/identity/staff', 'post'>): Promise<StaffInvitation> {
  return unwrap(client.POST('/api/v1/identity/staff', { body }));
}

export async function disableStaff(id: string): Promise<void> {
  await unwrap(client.POST('/api/v1/identity/staff/{id}/disable', member(id)));
}

export async function enableStaff(id: string): Promise<void> {
  await unwrap(client.POST('/api/v1/identity/staff/{id}/enable', member(id)));
}

/** A new one-time link for someone who has not set a password yet; earlier links stop working. */
export function renewStaffInvitation(id: string): Promise<StaffInvitation> {
  return unwrap(client.POST('/api/v1/identity/staff/{id}/invitation', member(id)));
}

export async function resetStaffTotp(id: string): Promise<void> {
  await unwrap(client.POST('/api/v1/identity/staff/{id}/reset-totp', member(id)));
}

/** The invited person's first password, from the link token; the server says why a password is refused. */
export async function setStaffPassword(token: string, password: string): Promise<void> {
  await unwrap(client.POST('/api/v1/auth/staff/set-password', { body: { token, password } }));
}
