import type { Audit } from '../../../platform/audit/audit.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Clock } from '../../../platform/clock.js';
import type { Db, Tx } from '../../../platform/db/db.js';
import { DomainError } from '../../../platform/http/errors.js';
import type { MeView } from '../accounts/schema.js';
import * as accounts from '../accounts/store.js';
import * as assistedRepo from './repo.js';

// What the other sub-rooms need to know about assisted sessions (`/me`, sign-out, signing out everywhere),
// kept apart from assisted/service.ts so that accounts/service.ts and it do not import each other.

export type AssistantActor = Extract<Actor, { kind: 'assistant' }>;

/** The citizen's own view, marked with who is helping until when; the CSRF token stays the volunteer's. */
export function assistedMe(
  citizen: accounts.AccountRow,
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
    accounts.findAccount(deps.db, actor.citizenId),
    assistedRepo.findSession(deps.db, actor.sessionId),
  ]);
  const assistant =
    session && (await accounts.briefAccounts(deps.db, [session.assistant_id])).get(session.assistant_id);
  if (!citizen || !session || !assistant) throw new DomainError('unauthorized', 'http.unauthorized');
  await deps.db.tx((tx) =>
    deps.audit.record(tx, {
      actor,
      action: 'identity.profile_viewed',
      targetType: 'account',
      targetId: citizen.id,
      requestId,
    }),
  );
  return assistedMe(citizen, csrfToken, session, assistant.fullName);
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
  const row = ended ?? (await assistedRepo.findSession(tx, actor.sessionId));
  // The assisted actor is only ever resolved alongside its live staff session, so this is set.
  if (!row?.staff_session_id) throw new DomainError('unauthorized', 'http.unauthorized');
  return { kind: 'staff', accountId: actor.accountId, sessionId: row.staff_session_id, grants: [] };
}

/**
 * The citizen signed out everywhere (or set a new password): every live session of someone helping them
 * ends too, each audited, in the caller's transaction.
 */
export async function endCitizensAssistedSessions(
  tx: Tx,
  deps: { audit: Audit; clock: Clock },
  citizen: Extract<Actor, { kind: 'citizen' | 'staff' }>,
  requestId?: string,
): Promise<void> {
  for (const ended of await assistedRepo.endLiveOf(
    tx,
    { citizenId: citizen.accountId },
    'citizen',
    deps.clock.now(),
  )) {
    await deps.audit.record(tx, {
      actor: citizen,
      action: 'identity.assisted_session_ended',
      targetType: 'assisted_session',
      targetId: ended.id,
      requestId,
      data: { reason: 'citizen' },
    });
  }
}
