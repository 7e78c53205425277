import type { Audit } from '../../../platform/audit/audit.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Clock } from '../../../platform/clock.js';
import type { Db, Tx } from '../../../platform/db/db.js';
import { DomainError } from '../../../platform/http/errors.js';
import * as repo from '../accounts/repo.js';
import type { MeView } from '../accounts/schema.js';
import * as assistedRepo from './repo.js';

// What the core identity service needs to know about assisted sessions (`/me`, sign-out), kept apart
// from assisted-service.ts so that service.ts and it do not import each other.

export type AssistantActor = Extract<Actor, { kind: 'assistant' }>;

/** The citizen's own view, marked with who is helping until when; the CSRF token stays the volunteer's. */
export function assistedMe(
  citizen: repo.AccountRow,
  csrfToken: string,
  session: Pick<
    assistedRepo.AssistedSessionRow,
    'id' | 'assistant_id' | 'registered' | 'started_at' | 'expires_at'
  >,
  assistantName: string,
): MeView {
  return {
    id: citizen.id,
    kind: 'citizen',
    fullName: citizen.full_name,
    email: citizen.email,
    phone: citizen.phone,
    assuranceLevel: citizen.assurance_level,
    grants: [],
    csrfToken,
    assisted: {
      sessionId: session.id,
      assistantId: session.assistant_id,
      assistantName,
      registered: session.registered,
      startedAt: session.started_at.toISOString(),
      expiresAt: session.expires_at.toISOString(),
    },
  };
}

/**
 * `GET /api/v1/me` in an assisted session: the volunteer reads the citizen's profile, which is audited
 * (a read of a citizen's data by someone else) and so listed to the citizen afterwards.
 */
export async function assistedMeView(
  deps: { db: Db; audit: Audit },
  actor: AssistantActor,
  csrfToken: string,
  requestId?: string,
): Promise<MeView> {
  const [citizen, session] = await Promise.all([
    repo.findAccount(deps.db, actor.citizenId),
    assistedRepo.findWithAssistant(deps.db, actor.sessionId),
  ]);
  if (!citizen || !session) throw new DomainError('unauthorized', 'http.unauthorized');
  await deps.db.tx((tx) =>
    deps.audit.record(tx, {
      actor,
      action: 'identity.profile_viewed',
      targetType: 'account',
      targetId: citizen.id,
      requestId,
    }),
  );
  return assistedMe(citizen, csrfToken, session, session.assistant_name);
}

/**
 * Signing out during an assisted session ends it, then the volunteer's own session behind it (returned as
 * the staff actor that signs out), in the caller's transaction.
 */
export async function endAssistedForSignOut(
  tx: Tx,
  deps: { audit: Audit; clock: Clock },
  actor: AssistantActor,
  requestId?: string,
): Promise<Extract<Actor, { kind: 'staff' }>> {
  const now = deps.clock.now();
  const ended = await assistedRepo.endSession(tx, actor.sessionId, 'signed_out', now);
  if (ended) {
    await deps.audit.record(tx, {
      actor,
      action: 'identity.assisted_session_ended',
      targetType: 'assisted_session',
      targetId: actor.sessionId,
      requestId,
      data: { reason: 'signed_out' },
    });
  }
  const row = ended ?? (await assistedRepo.findWithAssistant(tx, actor.sessionId));
  // The assisted actor is only ever resolved alongside its live staff session, so this is set.
  if (!row?.staff_session_id) throw new DomainError('unauthorized', 'http.unauthorized');
  return { kind: 'staff', accountId: actor.accountId, sessionId: row.staff_session_id, grants: [] };
}
