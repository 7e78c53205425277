import { api } from './client.js';
import { type Me, refreshSession, type SessionState } from './session.js';

// Shapes of src/modules/identity/assisted-routes.ts as they arrive over JSON.

/** Present in GET /api/v1/me while a volunteer acts for the citizen it describes. */
export interface AssistedInfo {
  sessionId: string;
  assistantId: string;
  assistantName: string;
  /** The citizen's account was created when they approved this session. */
  registered: boolean;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601: the session ends then at the latest. */
  expiresAt: string;
}

/** The assisted session this browser is in, if any (the server adds `assisted` to the citizen's view). */
export function assistedOf(session: SessionState): AssistedInfo | null {
  if (session.status !== 'signed-in') return null;
  return (session.me as Me & { assisted?: AssistedInfo }).assisted ?? null;
}

/** Staff roles the server lets start an assisted session. */
const assistingRoles = new Set(['community_member', 'reception']);

export function canAssist(me: Me): boolean {
  return me.kind === 'staff' && me.grants.some((g) => assistingRoles.has(g.role));
}

export interface AssistedChallenge {
  challengeId: string;
  /** ISO 8601. */
  expiresAt: string;
}

/** Sends the citizen's phone the approval code (the message names the volunteer). */
export function startAssisted(phone: string, channel: 'sms' | 'zalo'): Promise<AssistedChallenge> {
  return api<AssistedChallenge>('/api/v1/assisted-sessions', { method: 'POST', body: { phone, channel } });
}

/** Checks the code the citizen read out; the browser then acts for the citizen until the session ends. */
export async function verifyAssisted(challengeId: string, code: string): Promise<void> {
  await api('/api/v1/assisted-sessions/verify', { method: 'POST', body: { challengeId, code } });
  await refreshSession();
}

/** Ends the session; the browser is back in the volunteer's own staff session. */
export async function endAssisted(): Promise<void> {
  try {
    await api('/api/v1/assisted-sessions/current/end', { method: 'POST' });
  } finally {
    await refreshSession();
  }
}

export type AssistedEndReason = 'assistant' | 'citizen' | 'signed_out' | 'replaced' | 'expired';

export interface AssistedSession {
  id: string;
  assistant: { name: string; role: string; agency: string | null; ward: string | null };
  startedAt: string;
  /** When it ended, or ends at the latest while live. */
  endsAt: string;
  live: boolean;
  endReason: AssistedEndReason | null;
  registered: boolean;
  actions: { at: string; action: string }[];
  actionsTruncated: boolean;
}

export interface AssistedSessionPage {
  items: AssistedSession[];
  nextCursor: string | null;
}

export function listMyAssistedSessions(cursor?: string): Promise<AssistedSessionPage> {
  return api<AssistedSessionPage>('/api/v1/me/assisted-sessions', { query: { cursor } });
}

export function endMyAssistedSession(id: string): Promise<void> {
  return api(`/api/v1/me/assisted-sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
