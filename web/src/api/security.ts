import { client, unwrap } from './client.js';
import type { Body, Schema } from './types.js';

// src/modules/identity/security-routes.ts.

/** `totpEnabled` is on once enrolment was confirmed with a first code. */
export type SecurityStatus = Schema<'SecurityStatus'>;
/** `uri` opens the authenticator app on the same phone, `qrSvg` is the same as a QR, `secret` is for typing. */
export type TotpEnrolment = Schema<'TotpEnrolment'>;
/** One signed-in session of the account; `current` is this browser's. */
export type Device = Schema<'Device'>;

export function getSecurityStatus(): Promise<SecurityStatus> {
  return unwrap(client.GET('/api/v1/me/security'));
}

/** Refused with a field error (/body/password or /body/currentPassword) that says why. */
export async function setPassword(body: Body<'/api/v1/me/password', 'post'>): Promise<void> {
  await unwrap(client.POST('/api/v1/me/password', { body }));
}

export function startTotp(): Promise<TotpEnrolment> {
  return unwrap(client.POST('/api/v1/me/totp'));
}

/** The recovery codes come back once, here, and never again. */
export function confirmTotp(code: string): Promise<Schema<'RecoveryCodes'>> {
  return unwrap(client.POST('/api/v1/me/totp/confirm', { body: { code } }));
}

export async function disableTotp(body: Body<'/api/v1/me/totp', 'delete'>): Promise<void> {
  await unwrap(client.DELETE('/api/v1/me/totp', { body }));
}

export async function listDevices(): Promise<Device[]> {
  return (await unwrap(client.GET('/api/v1/me/sessions'))).items;
}

export async function revokeDevice(id: string): Promise<void> {
  await unwrap(client.DELETE('/api/v1/me/sessions/{id}', { params: { path: { id } } }));
}

/** Every session of the account ends, this one included. */
export async function logoutEverywhere(): Promise<void> {
  await unwrap(client.POST('/api/v1/auth/logout-all'));
}
