import { api } from './client.js';

// Shapes of src/modules/identity/security-routes.ts as they arrive over JSON.

export interface SecurityStatus {
  hasPassword: boolean;
  /** On once enrolment was confirmed with a first code. */
  totpEnabled: boolean;
  recoveryCodesLeft: number;
}

export interface TotpEnrolment {
  /** `otpauth://totp/…`: opens the authenticator app on the same phone. */
  uri: string;
  /** The same URI as an SVG QR code, made by the server. */
  qrSvg: string;
  /** Base32, for typing into the app by hand. */
  secret: string;
}

export interface Device {
  id: string;
  userAgent: string | null;
  /** ISO 8601. */
  createdAt: string;
  lastSeenAt: string;
  /** The session of this browser. */
  current: boolean;
}

export function getSecurityStatus(): Promise<SecurityStatus> {
  return api<SecurityStatus>('/api/v1/me/security');
}

/** Refused with a field error (/body/password or /body/currentPassword) that says why. */
export function setPassword(body: { password: string; currentPassword?: string }): Promise<void> {
  return api<void>('/api/v1/me/password', { method: 'POST', body });
}

export function startTotp(): Promise<TotpEnrolment> {
  return api<TotpEnrolment>('/api/v1/me/totp', { method: 'POST' });
}

/** The recovery codes come back once, here, and never again. */
export function confirmTotp(code: string): Promise<{ recoveryCodes: string[] }> {
  return api<{ recoveryCodes: string[] }>('/api/v1/me/totp/confirm', { method: 'POST', body: { code } });
}

export function disableTotp(body: { code: string } | { recoveryCode: string }): Promise<void> {
  return api<void>('/api/v1/me/totp', { method: 'DELETE', body });
}

export async function listDevices(): Promise<Device[]> {
  return (await api<{ items: Device[] }>('/api/v1/me/sessions')).items;
}

export function revokeDevice(id: string): Promise<void> {
  return api<void>(`/api/v1/me/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** Every session of the account ends, this one included. */
export function logoutEverywhere(): Promise<void> {
  return api<void>('/api/v1/auth/logout-all', { method: 'POST' });
}
