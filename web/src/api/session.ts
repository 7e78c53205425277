import { useSyncExternalStore } from 'react';
import { ApiProblem, api, setCsrfToken } from './client.js';

/** What GET /api/v1/me tells the UI about the signed-in person (extra fields are ignored). */
export interface RoleGrant {
  role: string;
  agencyId: string;
  wardCode: string | null;
}

export interface Me {
  id: string;
  kind: 'citizen' | 'staff';
  fullName: string;
  email: string | null;
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

/** The sign-in reply is the same view as GET /api/v1/me, csrfToken included. */
export async function staffLogin(email: string, password: string): Promise<Me> {
  const me = await api<Me>('/api/v1/auth/staff/login', { method: 'POST', body: { email, password } });
  setState({ status: 'signed-in', me });
  return me;
}

/** Ends the session on the server; the local state is cleared even when that call fails (shared devices). */
export async function logout(): Promise<void> {
  try {
    await api('/api/v1/auth/logout', { method: 'POST' });
  } finally {
    setState({ status: 'anonymous' });
  }
}
