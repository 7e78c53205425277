import { useSyncExternalStore } from 'react';
import { rememberSharedDevice } from '../app/shared-device.js';
import { formatPhone } from '../format/phone.js';
import { ApiProblem, api, setCsrfToken } from './client.js';
import type { TotpEnrolment } from './security.js';

/** What GET /api/v1/me tells the UI about the signed-in person (extra fields are ignored). */
export interface RoleGrant {
  role: string;
  agencyId: string;
  wardCode: string | null;
}

export interface Me {
  id: string;
  kind: 'citizen' | 'staff';
  /** Empty for a citizen who has only verified a phone so far. */
  fullName: string;
  email: string | null;
  /** E.164, e.g. +84905123456. */
  phone: string | null;
  /** 1 = phone verified, 2 = citizen identity card verified. */
  assuranceLevel: number;
  grants: RoleGrant[];
  csrfToken: string;
}

export type SessionState =
  | { status: 'unknown' }
  | { status: 'anonymous' }
  | { status: 'signed-in'; me: Me }
  | { status: 'error'; problem: ApiProblem };

let state: SessionState = { status: 'unknown' };
const listeners = new Set<() => void>();

function setState(next: SessionState) {
  state = next;
  setCsrfToken(next.status === 'signed-in' ? next.me.csrfToken : undefined);
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, () => state);
}

export function isStaff(session: SessionState): boolean {
  return session.status === 'signed-in' && session.me.kind === 'staff';
}

/** How the signed-in person is named on screen: the name, or for a new citizen the phone number. */
export function displayName(me: Me): string {
  if (me.fullName.trim()) return me.fullName;
  return me.phone ? formatPhone(me.phone) : '';
}

export async function refreshSession(): Promise<SessionState> {
  try {
    const me = await api<Me>('/api/v1/me');
    setState({ status: 'signed-in', me });
  } catch (error) {
    if (!(error instanceof ApiProblem)) throw error;
    setState(error.status === 401 ? { status: 'anonymous' } : { status: 'error', problem: error });
  }
  return state;
}

let pending: Promise<SessionState> | undefined;

/** Asks the server once per page load who is signed in; later calls reuse the known state. */
export function ensureSession(): void {
  if (state.status === 'unknown' && !pending) {
    pending = refreshSession().finally(() => {
      pending = undefined;
    });
  }
}

/** Channels that reach the phone itself (assisted-session approvals). */
export type PhoneChannel = 'sms' | 'zalo';
/** `email` reaches the account's verified address; the server falls back to SMS when there is none. */
export type OtpChannel = PhoneChannel | 'email';

export interface OtpChallenge {
  challengeId: string;
  /** ISO 8601. */
  expiresAt: string;
}

/** Sends a one-time code; the reply is the same whether or not the number has an account. */
export function requestOtp(phone: string, channel: OtpChannel): Promise<OtpChallenge> {
  return api<OtpChallenge>('/api/v1/auth/otp', { method: 'POST', body: { phone, channel } });
}

/** Checks the code; the server sets the session cookie (registering the citizen on first use). */
export async function verifyOtp(challengeId: string, code: string): Promise<Me> {
  const me = await api<Me>('/api/v1/auth/otp/verify', { method: 'POST', body: { challengeId, code } });
  setState({ status: 'signed-in', me });
  return me;
}

/** Staff sign-in never ends at the password: a code from the authenticator app follows. */
export type StaffLoginStep =
  | { step: 'totp'; pendingId: string; expiresAt: string }
  | { step: 'enrol_totp'; pendingId: string; expiresAt: string; enrolment: TotpEnrolment };

export function staffPassword(email: string, password: string): Promise<StaffLoginStep> {
  return api<StaffLoginStep>('/api/v1/auth/staff/login', { method: 'POST', body: { email, password } });
}

/**
 * The second step: a 6-digit code from the app, or a recovery code. The server sets the session
 * cookie; `recoveryCodes` is filled only when this sign-in enrolled the app (shown once).
 */
export async function staffSecondFactor(
  pendingId: string,
  factor: { code: string } | { recoveryCode: string },
): Promise<{ me: Me; recoveryCodes: string[] | null }> {
  const { recoveryCodes, ...me } = await api<Me & { recoveryCodes: string[] | null }>(
    '/api/v1/auth/staff/totp',
    { method: 'POST', body: { pendingId, ...factor } },
  );
  setState({ status: 'signed-in', me });
  return { me, recoveryCodes };
}

/** Ends the session on the server; the local state is cleared even when that call fails (shared devices). */
export async function logout(): Promise<void> {
  try {
    await api('/api/v1/auth/logout', { method: 'POST' });
  } finally {
    rememberSharedDevice(false);
    setState({ status: 'anonymous' });
  }
}
