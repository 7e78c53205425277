import type { FastifyRequest } from 'fastify';
import { DomainError } from '../http/errors.js';

/** Roles a staff account can hold at an agency (optionally limited to one ward/commune). */
export const StaffRoles = [
  'city_admin', // platform-wide administration (directory, holidays, clients)
  'agency_admin', // manages its agency's staff and settings
  'officer', // handles dossiers and feedback at its agency
  'reception', // one-stop counter reception
  'community_member', // community digital-team volunteer (assisted sessions)
] as const;
export type StaffRole = (typeof StaffRoles)[number];

export interface RoleGrant {
  role: StaffRole;
  agencyId: string;
  /** Commune-level unit code the grant is limited to, or null for the whole agency. */
  wardCode: string | null;
}

/** Who is making a request. Every service call receives one; none reads the request itself. */
export type Actor =
  | { kind: 'anonymous' }
  | { kind: 'citizen'; accountId: string; sessionId: string; assurance: 1 | 2 }
  | { kind: 'staff'; accountId: string; sessionId: string; grants: RoleGrant[] }
  | { kind: 'assistant'; accountId: string; citizenId: string; sessionId: string }
  | { kind: 'client'; clientId: string; scopes: string[] }
  | { kind: 'system'; name: string };

export const anonymous: Actor = { kind: 'anonymous' };
export const systemActor = (name: string): Actor => ({ kind: 'system', name });

/** Resolves the actor of a request (wired in the composition root: identity sessions + directory roles). */
export type ActorResolver = (req: FastifyRequest) => Promise<Actor>;

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor;
  }
}

/**
 * A stable id for audit rows: `staff:<uuid>`, `citizen:<uuid>`, `system:cli`. An assisted session's actor
 * names the volunteer, the citizen and the session: `assistant:<uuid>>citizen:<uuid>@<session uuid>`, so
 * the citizen can be shown exactly what was done in each session.
 */
export function actorRef(actor: Actor): string {
  switch (actor.kind) {
    case 'anonymous':
      return 'anonymous';
    case 'citizen':
    case 'staff':
      return `${actor.kind}:${actor.accountId}`;
    case 'assistant':
      return `assistant:${actor.accountId}>citizen:${actor.citizenId}@${actor.sessionId}`;
    case 'client':
      return `client:${actor.clientId}`;
    case 'system':
      return `system:${actor.name}`;
  }
}

export function requireSignedIn(actor: Actor): asserts actor is Exclude<Actor, { kind: 'anonymous' }> {
  if (actor.kind === 'anonymous') throw new DomainError('unauthorized', 'http.unauthorized');
}

/**
 * Staff holding one of `roles`; with `agencyId`, the grant must be at that agency (city_admin holds everywhere).
 * Returns the matching grants so callers can narrow by ward.
 */
export function requireStaff(
  actor: Actor,
  roles: readonly StaffRole[],
  scope: { agencyId?: string } = {},
): { accountId: string; grants: RoleGrant[] } {
  requireSignedIn(actor);
  if (actor.kind === 'system') return { accountId: actor.name, grants: [] };
  if (actor.kind !== 'staff') throw new DomainError('forbidden', 'http.forbidden');
  const grants = actor.grants.filter(
    (g) =>
      g.role === 'city_admin' ||
      (roles.includes(g.role) && (!scope.agencyId || g.agencyId === scope.agencyId)),
  );
  if (!grants.length) throw new DomainError('forbidden', 'http.forbidden');
  return { accountId: actor.accountId, grants };
}

export function isCityAdmin(actor: Actor): boolean {
  return (
    actor.kind === 'system' || (actor.kind === 'staff' && actor.grants.some((g) => g.role === 'city_admin'))
  );
}
