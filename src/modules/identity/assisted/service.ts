import { randomBytes } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Audit } from '../../../platform/audit/audit.js';
import { actionsBy } from '../../../platform/audit/read.js';
import { type Actor, type RoleGrant, requireSignedIn } from '../../../platform/auth/actor.js';
import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/db.js';
import { timeCursor } from '../../../platform/http/cursor.js';
import { DomainError } from '../../../platform/http/errors.js';
import type { Notify } from '../../../platform/notify/notify.js';
import { hashToken } from '../accounts/service.js';
import * as accounts from '../accounts/store.js';
import { liveSiblingCodes, type OtpService } from '../otp/service.js';
import type { SecurityNotices } from '../security/notices.js';
import * as assistedRepo from './repo.js';
import type {
  AssistedListQuery,
  AssistedSessionView,
  AssistedStartBody,
  AssistedVerifyBody,
} from './schema.js';
import { ASSISTED_TEMPLATE, assistedTemplate } from './template.js';

/** Grants under which a staff member may act for a citizen (who approved it). */
const ASSISTING_ROLES: readonly assistedRepo.AssistingRole[] = ['community_member', 'reception'];

/** Audited actions listed per session; the citizen is told when there were more. */
const MAX_ACTIONS = 100;

export interface AssistedOptions {
  /** The longest an assisted session lasts (ASSISTED_SESSION_MINUTES). */
  sessionMinutes: number;
  /** Approved Zalo ZNS template for the approval code (params: code, helper, sessionMinutes, minutes). */
  znsTemplateId: string;
  /** Names of a grant's agency and ward (from the directory), for the message and the citizen's list. */
  placeOf(agencyId: string, wardCode: string | null): Promise<{ agency: string | null; ward: string | null }>;
}

export interface AssistedDeps extends AssistedOptions {
  db: Db;
  clock: Clock;
  audit: Audit;
  notify: Notify;
  otp: OtpService;
  /** Tells the citizen in their inbox that a session started, naming the volunteer and agency. */
  notices?: SecurityNotices | undefined;
}

type AssistingGrant = RoleGrant & { role: assistedRepo.AssistingRole };

/** The grant a staff member helps under (a community-team one first); refuses everyone else. */
function assistingGrant(actor: Actor): AssistingGrant {
  requireSignedIn(actor);
  if (actor.kind === 'assistant') throw new DomainError('forbidden', 'auth.assisted_not_allowed');
  const grants = actor.kind === 'staff' ? actor.grants : [];
  const grant = ASSISTING_ROLES.map((role) => grants.find((g) => g.role === role)).find(Boolean);
  if (!grant) throw new DomainError('forbidden', 'identity.assisted_role_required');
  return grant as AssistingGrant;
}

/** The volunteer as the citizen is told about them: "Lương Thị Tình (UBND phường Hải Châu)". */
const helperName = (name: string, agency: string | null) => (agency ? `${name} (${agency})` : name);

const assistantOf = (row: Pick<assistedRepo.AssistedSessionRow, 'assistant_id' | 'citizen_id' | 'id'>) =>
  ({
    kind: 'assistant',
    accountId: row.assistant_id,
    citizenId: row.citizen_id,
    sessionId: row.id,
  }) as const satisfies Actor;

/**
 * When a session ended, or ends at the latest: its own end, or its volunteer's session's end if earlier
 * (signing out of that one ends the help too).
 */
function endOf(row: assistedRepo.AssistedSessionRow, staffSessionEnd: Date | undefined): Date {
  if (row.ended_at) return row.ended_at;
  if (staffSessionEnd && staffSessionEnd < row.expires_at) return staffSessionEnd;
  return row.expires_at;
}

/**
 * Assisted sessions: a community digital-team member (or one-stop receptionist) acts for a citizen who
 * approved it with a code sent to their own phone. The approval can register the number (assisted
 * registration). Requests in the session carry the `assistant` actor, so every audited action names both
 * people; the citizen lists the sessions with those actions and can end a live one.
 */
export function createAssistedService(deps: AssistedDeps) {
  const { db, clock, audit, otp } = deps;
  deps.notify.defineTemplate(assistedTemplate({ znsTemplateId: deps.znsTemplateId }));
  const sessionMs = deps.sessionMinutes * 60_000;

  function requireCitizen(actor: Actor) {
    requireSignedIn(actor);
    if (actor.kind === 'assistant') throw new DomainError('forbidden', 'auth.assisted_not_allowed');
    if (actor.kind !== 'citizen') throw new DomainError('forbidden', 'http.forbidden');
    return actor;
  }

  return {
    /**
     * Sends the citizen's phone a code whose message names the volunteer and their agency. Same limits as
     * sign-in codes (shared per phone, per IP); the answer never tells whether the number has an account.
     */
    async start(actor: Actor, body: AssistedStartBody, meta: { ip: string; requestId?: string }) {
      const grant = assistingGrant(actor);
      const volunteer = await accounts.findAccount(db, (actor as { accountId: string }).accountId);
      if (!volunteer) throw new DomainError('unauthorized', 'http.unauthorized');
      const { agency } = await deps.placeOf(grant.agencyId, grant.wardCode);
      const helper = helperName(volunteer.full_name, agency);
      return db.tx(async (tx) => {
        const issued = await otp.issue(tx, {
          phone: body.phone,
          purpose: 'assisted',
          channel: body.channel,
          ip: meta.ip,
          // The citizen's language is not known here; the city's is the safe choice.
          locale: 'vi',
          message: { template: ASSISTED_TEMPLATE, params: { helper, sessionMinutes: deps.sessionMinutes } },
        });
        await assistedRepo.insertRequest(tx, {
          challenge_id: issued.challengeId,
          assistant_id: volunteer.id,
          created_at: clock.now(),
        });
        await audit.record(tx, {
          actor,
          action: 'identity.assisted_session_requested',
          targetType: 'otp_challenge',
          targetId: issued.challengeId,
          requestId: meta.requestId,
          data: { role: grant.role, agencyId: grant.agencyId },
        });
        return issued;
      });
    },

    /**
     * Checks the code the citizen read out and, in one transaction: consumes it, registers the number if
     * it has no account yet, ends any other live session of this volunteer, opens the assisted session
     * tied to the volunteer's own session, and audits it all with both ids.
     */
    async verify(
      actor: Actor,
      body: AssistedVerifyBody,
      meta: { staffSession: { id: string; expires_at: Date }; requestId?: string },
    ) {
      const grant = assistingGrant(actor);
      const assistantId = (actor as { accountId: string }).accountId;
      // Read before the transaction: the directory answers on its own connection.
      const { agency } = deps.notices ? await deps.placeOf(grant.agencyId, grant.wardCode) : { agency: null };
      const now = clock.now();
      const outcome = await db.tx(async (tx) => {
        const request = await assistedRepo.findRequest(tx, body.challengeId);
        if (!request || request.assistant_id !== assistantId) return { kind: 'unknown' } as const;
        const checked = await otp.check(tx, {
          challengeId: body.challengeId,
          code: body.code,
          purpose: 'assisted',
          actor,
          requestId: meta.requestId,
          siblings: async (t, c, live) => {
            const codes = await liveSiblingCodes(t, c, live);
            const asked = await assistedRepo.requestedBy(
              t,
              codes.map((code) => code.id),
              assistantId,
            );
            return codes.filter((code) => asked.has(code.id));
          },
        });
        if (checked.kind !== 'ok') return checked;

        const sessionId = uuidv7();
        const asAssistant = (citizenId: string): Actor => ({
          kind: 'assistant',
          accountId: assistantId,
          citizenId,
          sessionId,
        });
        const { account, registered } = await otp.citizenForPhone(tx, checked.challenge.phone, {
          actor: asAssistant,
          method: 'assisted',
          requestId: meta.requestId,
        });
        if (account.kind !== 'citizen' || account.status !== 'active')
          return { kind: 'not_allowed' } as const;
        await accounts.markPhoneVerified(tx, account.id, now);

        for (const old of await assistedRepo.endLiveOf(tx, { assistantId }, 'replaced', now)) {
          await audit.record(tx, {
            actor: assistantOf(old),
            action: 'identity.assisted_session_ended',
            targetType: 'assisted_session',
            targetId: old.id,
            requestId: meta.requestId,
            data: { reason: 'replaced' },
          });
        }
        const token = randomBytes(32).toString('base64url');
        const session = {
          id: sessionId,
          token_hash: hashToken(token),
          assistant_id: assistantId,
          citizen_id: account.id,
          staff_session_id: meta.staffSession.id,
          role: grant.role,
          agency_id: grant.agencyId,
          ward_code: grant.wardCode,
          registered,
          started_at: now,
          expires_at: new Date(Math.min(now.getTime() + sessionMs, meta.staffSession.expires_at.getTime())),
        };
        await assistedRepo.insertSession(tx, session);
        await audit.record(tx, {
          actor: asAssistant(account.id),
          action: 'identity.assisted_session_started',
          targetType: 'assisted_session',
          targetId: sessionId,
          requestId: meta.requestId,
          data: { registered, role: grant.role, agencyId: grant.agencyId, wardCode: grant.wardCode },
        });
        const assistant = (await accounts.findAccount(tx, assistantId))!;
        // The citizen's language is not known here; the city's is the safe choice.
        await deps.notices?.send(tx, { accountId: account.id, locale: 'vi' }, 'assisted_started', {
          helper: helperName(assistant.full_name, agency),
          minutes: Math.max(1, Math.round((session.expires_at.getTime() - now.getTime()) / 60_000)),
        });
        return {
          kind: 'started',
          token,
          session,
          registered,
          citizen: { ...account, phone_verified_at: now },
          assistantName: assistant.full_name,
        } as const;
      });
      if (outcome.kind === 'started') return outcome;
      throw otp.otpRefusal(outcome);
    },

    /**
     * The actor for a request: a staff actor whose browser also holds a live assisted session opened from
     * this very staff session becomes the `assistant`, while the volunteer still holds a helping grant.
     * Anything else (no cookie, ended, expired, another browser) leaves the staff actor as it was.
     */
    async actorFor(actor: Actor, token: string | undefined): Promise<Actor> {
      if (actor.kind !== 'staff' || !token || token.length > 100) return actor;
      const row = await assistedRepo.findLiveByToken(db, hashToken(token), clock.now());
      if (!row || row.assistant_id !== actor.accountId || row.staff_session_id !== actor.sessionId)
        return actor;
      if (!actor.grants.some((g) => ASSISTING_ROLES.includes(g.role as assistedRepo.AssistingRole)))
        return actor;
      // A citizen's account closed since the session started ends what a helper may do for them.
      const citizen = (await accounts.briefAccounts(db, [row.citizen_id])).get(row.citizen_id);
      if (citizen?.status !== 'active') return actor;
      return assistantOf(row);
    },

    /** The volunteer ends the session; without one (already over) there is nothing to do. */
    async endCurrent(actor: Actor, requestId?: string): Promise<void> {
      requireSignedIn(actor);
      if (actor.kind === 'staff') return;
      if (actor.kind !== 'assistant') throw new DomainError('forbidden', 'http.forbidden');
      await db.tx(async (tx) => {
        const ended = await assistedRepo.endSession(tx, actor.sessionId, 'assistant', clock.now());
        if (!ended) return;
        await audit.record(tx, {
          actor,
          action: 'identity.assisted_session_ended',
          targetType: 'assisted_session',
          targetId: actor.sessionId,
          requestId,
          data: { reason: 'assistant' },
        });
      });
    },

    /** The citizen's assisted sessions, newest first: who helped (name, agency, ward), when, and what was done. */
    async listMine(actor: Actor, query: AssistedListQuery) {
      const me = requireCitizen(actor);
      const rows = await assistedRepo.listForCitizen(
        db,
        me.accountId,
        timeCursor.decode(query.cursor, 'identity.bad_cursor'),
        query.limit + 1,
      );
      const page = rows.slice(0, query.limit);
      const [assistants, staffSessionEnds] = await Promise.all([
        accounts.briefAccounts(
          db,
          page.map((r) => r.assistant_id),
        ),
        accounts.sessionEndsAt(
          db,
          page.flatMap((r) => (r.staff_session_id ? [r.staff_session_id] : [])),
        ),
      ]);
      const now = clock.now();
      const places = new Map<string, Promise<{ agency: string | null; ward: string | null }>>();
      const placeOf = (agencyId: string, wardCode: string | null) => {
        const key = `${agencyId}/${wardCode ?? ''}`;
        let place = places.get(key);
        if (!place) {
          place = deps.placeOf(agencyId, wardCode);
          places.set(key, place);
        }
        return place;
      };
      const items: AssistedSessionView[] = [];
      for (const r of page) {
        const endsAt = endOf(r, r.staff_session_id ? staffSessionEnds.get(r.staff_session_id) : undefined);
        const live = r.ended_at === null && endsAt > now;
        const actions = await actionsBy(db, assistantOf(r), MAX_ACTIONS + 1);
        const place = await placeOf(r.agency_id, r.ward_code);
        items.push({
          id: r.id,
          assistant: {
            name: assistants.get(r.assistant_id)?.fullName ?? '',
            role: r.role,
            agency: place.agency,
            ward: place.ward,
          },
          startedAt: r.started_at.toISOString(),
          endsAt: endsAt.toISOString(),
          live,
          endReason: live ? null : (r.end_reason ?? 'expired'),
          registered: r.registered,
          actions: actions.slice(0, MAX_ACTIONS).map((a) => ({ at: a.at.toISOString(), action: a.action })),
          actionsTruncated: actions.length > MAX_ACTIONS,
        });
      }
      const last = page.at(-1);
      return {
        items,
        nextCursor: rows.length > query.limit && last ? timeCursor.encode(last.started_at, last.id) : null,
      };
    },

    /** The citizen ends a session (theirs only; others' ids read as unknown). Ending an ended one is a no-op. */
    async endMine(actor: Actor, id: string, requestId?: string): Promise<void> {
      const me = requireCitizen(actor);
      await db.tx(async (tx) => {
        const row = await assistedRepo.findForCitizen(tx, id, me.accountId);
        if (!row) throw new DomainError('not_found', 'identity.assisted_session_not_found');
        const ended = await assistedRepo.endSession(tx, id, 'citizen', clock.now());
        if (!ended) return;
        await audit.record(tx, {
          actor: me,
          action: 'identity.assisted_session_ended',
          targetType: 'assisted_session',
          targetId: id,
          requestId,
          data: { reason: 'citizen', assistantId: row.assistant_id },
        });
      });
    },
  };
}

export type AssistedService = ReturnType<typeof createAssistedService>;
