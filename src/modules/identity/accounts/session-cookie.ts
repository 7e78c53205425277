import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ResolvedSession } from './service.js';

export const SESSION_COOKIE = 'cds_session';

declare module 'fastify' {
  interface FastifyRequest {
    identitySession: ResolvedSession | null;
  }
}

export interface CookiePolicy {
  secure: boolean;
}

export function setSessionCookie(reply: FastifyReply, token: string, expiresAt: Date, policy: CookiePolicy) {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    secure: policy.secure,
    sameSite: 'lax',
    path: '/',
    expires: expiresAt,
  });
}

export function sessionTokenOf(req: FastifyRequest): string | undefined {
  return req.cookies?.[SESSION_COOKIE];
}

/**
 * The assisted session's own cookie. The volunteer's `cds_session` stays as it was: the assisted session
 * works only next to it, and ending the assisted session (or its expiry) simply returns the browser to the
 * volunteer's own staff session. The SPA learns which one is active from `GET /api/v1/me` (`assisted`).
 */
export const ASSISTED_COOKIE = 'cds_assisted';

export function assistedTokenOf(req: FastifyRequest): string | undefined {
  return req.cookies?.[ASSISTED_COOKIE];
}
