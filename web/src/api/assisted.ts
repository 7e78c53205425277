import { client, unwrap } from './client.js';
import { type Me, type PhoneChannel, refreshSession, type SessionState } from './session.js';
import type { Res, Schema } from './types.js';

// src/modules/identity/assisted-routes.ts.

/**
 * Present in GET /api/v1/me while a volunteer acts for the citizen it describes; `registered`: the
 * citizen's account was created when they approved this session; `expiresAt`: it ends then at the latest.
 */
export type AssistedInfo = Schema<'AssistedSessionInfo'>;

/** The assisted session this browser is in, if any (the server adds `assisted` to the citizen's view). */
export function assistedOf(session: SessionState): AssistedInfo | null {
  if (session.status !== 'signed-in') return null;
  return session.me.assisted ?? null;
}

/** Staff roles the server lets start an assisted session. */
const assistingRoles = new Set(['community_member', 'reception']);

export function canAssist(me: Me): boolean {
  return me.kind === 'staff' && me.grants.some((g) => assistingRoles.has(g.role));
}

export type AssistedChallenge = Schema<'OtpChallenge'>;

/** Sends the citizen's phone the approval code (the message names the volunteer). */
export function startAssisted(phone: string, channel: PhoneChannel): Promise<AssistedChallenge> {
  return unwrap(client.POST('/api/v1/assisted-sessions', { body: { phone, channel } }));
}

/** Checks the code the citizen read out; the browser then acts for the citizen until the session ends. */
export async function verifyAssisted(challengeId: string, code: string): Promise<void> {
  await unwrap(client.POST('/api/v1/assisted-sessions/verify', { body: { challengeId, code } }));
  await refreshSession();
}

/** Ends the session; the browser is back in the volunteer's own staff session. */
export async function endAssisted(): Promise<void> {
  try {
    await unwrap(client.POST('/api/v1/assisted-sessions/current/end'));
  } finally {
    await refreshSession();
  }
}

/** `endsAt`: when it ended, or ends at the latest while live. */
export type AssistedSession = Schema<'AssistedSession'>;
type AssistedSessionPage = Res<'/api/v1/me/assisted-sessions', 'get'>;

export function listMyAssistedSessions(cursor?: string): Promise<AssistedSessionPage> {
  return unwrap(client.GET('/api/v1/me/assisted-sessions', { params: { query: { cursor } } }));
}

export async function endMyAssistedSession(id: string): Promise<void> {
  await unwrap(client.DELETE('/api/v1/me/assisted-sessions/{id}', { params: { path: { id } } }));
}
