import { useSyncExternalStore } from 'react';
import { formatPhone } from '../../../shared/phone.js';
import { rememberSharedDevice } from '../app/shared-device.js';
import { ApiProblem, client, setCsrfToken, unwrap } from './client.js';
import type { Body, Res, Schema, Without } from './types.js';

/** The signed-in person as GET /api/v1/me describes them (phone in E.164; assuranceLevel 2 = card seen). */
export type Me = Schema<'Me'>;

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
    const me = await unwrap(client.GET('/api/v1/me'));
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

/** `email` reaches the account's verified address; the server falls back to SMS when there is none. */
export type OtpChannel = NonNullable<Body<'/api/v1/auth/otp', 'post'>['channel']>;
/** Channels that reach the phone itself (assisted-session approvals). */
export type PhoneChannel = Exclude<OtpChannel, 'email'>;

export type OtpChallenge = Schema<'OtpChallenge'>;

/** Sends a one-time code; the reply is the same whether or not the number has an account. */
export function requestOtp(phone: string, channel: OtpChannel): Promise<OtpChallenge> {
  return unwrap(client.POST('/api/v1/auth/otp', { body: { phone, channel } }));
}

/** Checks the code; the server sets the session cookie (registering the citizen on first use). */
export async function verifyOtp(challengeId: string, code: string): Promise<Me> {
  const me = await unwrap(client.POST('/api/v1/auth/otp/verify', { body: { challengeId, code } }));
  setState({ status: 'signed-in', me });
  return me;
}

export type FederatedProvider = Res<'/api/v1/auth/federated', 'get'>['providers'][number];

/** The external e-ID providers the server has switched on (the login page shows a button for each). */
export async function listFederatedProviders(signal?: AbortSignal): Promise<FederatedProvider[]> {
  return (await unwrap(client.GET('/api/v1/auth/federated', signal ? { signal } : {}))).providers;
}

/** Staff sign-in never ends at the password: a code from the authenticator app follows. */
export type StaffLoginStep = Schema<'StaffLoginStep'>;

export function staffPassword(email: string, password: string): Promise<StaffLoginStep> {
  return unwrap(client.POST('/api/v1/auth/staff/login', { body: { email, password } }));
}

/**
 * The second step: a 6-digit code from the app, or a recovery code. The server sets the session
 * cookie; `recoveryCodes` is filled only when this sign-in enrolled the app (shown once).
 */
export async function staffSecondFactor(
  pendingId: string,
  factor: Without<Body<'/api/v1/auth/staff/totp', 'post'>, 'pendingId'>,
): Promise<{ me: Me; recoveryCodes: string[] | null }> {
  const { recoveryCodes, ...me } = await unwrap(
    client.POST('/api/v1/auth/staff/totp', { body: { pendingId, ...factor } }),
  );
  setState({ status: 'signed-in', me });
  return { me, recoveryCodes };
}

/** Ends the session on the server; the local state is cleared even when that call fails (shared devices). */
export async function logout(): Promise<void> {
  try {
    await unwrap(client.POST('/api/v1/auth/logout'));
  } finally {
    rememberSharedDevice(false);
    setState({ status: 'anonymous' });
  }
}
