import { createHash, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import type { Audit } from '../../../platform/audit/audit.js';
import type { Actor } from '../../../platform/auth/actor.js';
import type { Clock } from '../../../platform/clock.js';
import type { Envelope } from '../../../platform/crypto/envelope.js';
import type { Db } from '../../../platform/db/db.js';
import { DomainError } from '../../../platform/http/errors.js';
import { parseMobilePhone } from '../accounts/phone.js';
import {
  defaultSessionPolicy,
  openSessionIn,
  type SessionPolicy,
  type SignInMeta,
} from '../accounts/service.js';
import { findAccount } from '../accounts/store.js';
import { validateCccd } from '../assurance/cccd.js';
import { cccdIndexer, linkAccount, type VouchedIdentity } from './link.js';
import { FEDERATION_SCOPE, type ProviderName, type RelyingParty } from './providers.js';
import { type AttemptRow, consumeAttempt, insertAttempt } from './repo.js';

export interface FederationServiceDeps {
  db: Db;
  clock: Clock;
  audit: Audit;
  envelope: Envelope;
  masterKey: Buffer;
  logger: Logger;
  publicUrl: string;
  parties: Map<ProviderName, RelyingParty>;
  policy?: SessionPolicy;
}

const ATTEMPT_TTL_MS = 10 * 60_000;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

export function callbackUrl(publicUrl: string, provider: string) {
  return `${publicUrl}/api/v1/auth/federated/${provider}/callback`;
}

/**
 * The return address after sign-in: a path on this site only. Anything naming another origin
 * (including `//host` and `/\host`, which browsers treat as another host) is refused.
 */
export function sameSitePath(next: string | undefined, publicUrl: string): string {
  if (next === undefined || next === '') return '/';
  const base = new URL(publicUrl);
  let url: URL;
  try {
    url = new URL(next, base);
  } catch {
    throw new DomainError('bad_request', 'identity.federation_next');
  }
  if (url.origin !== base.origin || /^[/\\]{2}/.test(next) || /[\\\r\n]/.test(next))
    throw new DomainError('bad_request', 'identity.federation_next');
  return `${url.pathname}${url.search}${url.hash}`;
}

export function createFederationService(deps: FederationServiceDeps) {
  const { db, clock, audit } = deps;
  const index = cccdIndexer(deps.masterKey);
  const policy = deps.policy ?? defaultSessionPolicy;

  function party(name: string): RelyingParty {
    const found = deps.parties.get(name as ProviderName);
    if (!found) throw new DomainError('not_found', 'identity.federation_provider');
    return found;
  }

  return {
    providers: () => [...deps.parties.keys()],

    /** Records the attempt and returns where to send the browser, plus the browser-binding secret. */
    async start(provider: string, next: string | undefined) {
      const rp = party(provider);
      const nextPath = sameSitePath(next, deps.publicUrl);
      let configuration: oidc.Configuration;
      try {
        configuration = await rp.configuration();
      } catch {
        throw new DomainError('unavailable', 'identity.federation_unavailable');
      }
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      const browserSecret = randomBytes(32).toString('base64url');
      const now = clock.now();
      await insertAttempt(db, {
        id: uuidv7(),
        provider,
        state_hash: sha256(state),
        browser_hash: sha256(browserSecret),
        code_verifier: codeVerifier,
        nonce,
        next_path: nextPath,
        expires_at: new Date(now.getTime() + ATTEMPT_TTL_MS),
        created_at: now,
      });
      const url = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: callbackUrl(deps.publicUrl, provider),
        scope: FEDERATION_SCOPE,
        code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { redirectTo: url.href, browserSecret, ttlSeconds: ATTEMPT_TTL_MS / 1000 };
    },

    /**
     * Completes the sign-in from the provider's redirect: the attempt is consumed first (a replayed
     * callback finds nothing), then the code is exchanged and the ID token checked (issuer, audience,
     * nonce, signature), then the account is linked and a session opened, all in one transaction.
     */
    async callback(
      provider: string,
      query: Record<string, string>,
      meta: { browserSecret: string | undefined; userAgent: string | null; requestId?: string },
    ) {
      const rp = party(provider);
      const state = query.state;
      if (!state || !meta.browserSecret) throw new DomainError('bad_request', 'identity.federation_state');
      const now = clock.now();
      const attempt = await consumeAttempt(db, sha256(state), provider, now);
      if (!attempt || attempt.browser_hash !== sha256(meta.browserSecret) || attempt.expires_at <= now)
        throw new DomainError('bad_request', 'identity.federation_state');
      if (query.error) throw new DomainError('forbidden', 'identity.federation_denied');

      const who = await exchange(rp, query, attempt);
      const session = await db.tx(async (tx) => {
        const linked = await linkAccount(tx, { envelope: deps.envelope, index, now }, who);
        const account = (await findAccount(tx, linked.accountId))!;
        // The sign-in method is the provider's name (SignInMeta lists the local methods only).
        const method = provider as unknown as SignInMeta['method'];
        const opened = await openSessionIn(tx, { clock, audit, policy }, account, {
          userAgent: meta.userAgent,
          requestId: meta.requestId,
          method,
        });
        const actor: Actor = {
          kind: 'citizen',
          accountId: account.id,
          sessionId: opened.session.id,
          assurance: account.assurance_level >= 2 ? 2 : 1,
        };
        await audit.record(tx, {
          actor,
          action: 'identity.federated_sign_in',
          targetType: 'account',
          targetId: account.id,
          requestId: meta.requestId,
          data: { provider, level: who.level, linkedBy: linked.linkedBy, evidenceId: linked.evidenceId },
        });
        return opened;
      });
      return { ...session, next: attempt.next_path };
    },
  };

  async function exchange(rp: RelyingParty, query: Record<string, string>, attempt: AttemptRow) {
    const { settings } = rp;
    const current = new URL(callbackUrl(deps.publicUrl, settings.name));
    for (const [key, value] of Object.entries(query)) current.searchParams.set(key, value);
    let claims: oidc.IDToken | undefined;
    try {
      const configuration = await rp.configuration();
      const tokens = await oidc.authorizationCodeGrant(configuration, current, {
        pkceCodeVerifier: attempt.code_verifier,
        expectedState: query.state,
        expectedNonce: attempt.nonce,
        idTokenExpected: true,
      });
      claims = tokens.claims();
    } catch (err) {
      // The library's messages name the mismatch, never the claims' values.
      deps.logger.warn(
        {
          provider: settings.name,
          error: err instanceof Error ? err.name : 'unknown',
          code: (err as { code?: string }).code,
        },
        'federated sign-in refused',
      );
      throw new DomainError('forbidden', 'identity.federation_token');
    }
    if (!claims) throw new DomainError('forbidden', 'identity.federation_token');
    return vouched(settings.name, claims, settings.idClaim, settings.levelClaim);
  }
}

/** Reads and checks the claims the relying party relies on. */
export function vouched(
  provider: string,
  claims: Record<string, unknown>,
  idClaim: string,
  levelClaim: string,
): VouchedIdentity {
  const check = validateCccd(String(claims[idClaim] ?? ''));
  if (!check.ok) throw new DomainError('forbidden', 'identity.federation_claims');
  const level = Number(claims[levelClaim]);
  if (!Number.isInteger(level) || level < 1) throw new DomainError('forbidden', 'identity.federation_claims');
  const phone =
    claims.phone_number_verified === true && typeof claims.phone_number === 'string'
      ? parseMobilePhone(claims.phone_number)
      : null;
  const birthdate =
    typeof claims.birthdate === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(claims.birthdate)
      ? claims.birthdate
      : null;
  return {
    provider,
    personalId: check.cccd,
    // Our scale stops at 2: a provider's higher levels vouch for no more than a seen card.
    level: level >= 2 ? 2 : 1,
    name: typeof claims.name === 'string' ? claims.name.normalize('NFC') : null,
    birthdate,
    sex: claims.gender === 'male' || claims.gender === 'female' ? claims.gender : null,
    phone: phone?.ok ? phone.e164 : null,
  };
}
