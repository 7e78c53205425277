import type { FastifyReply, FastifyRequest } from 'fastify';
import Provider, { type AccountClaims, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { Logger } from 'pino';
import type { Keyring, PrivateJwk } from '../../../platform/crypto/keyring.js';
import type { Db } from '../../../platform/db/db.js';
import type { App } from '../../../platform/http/app.js';
import { negotiateLocale, translator } from '../../../platform/i18n/i18n.js';
import { safeError } from '../../../platform/logger.js';
import { findClaimSource } from '../accounts/store.js';
import type { OidcStorage } from './adapter.js';
import { accountClaims } from './claims.js';
import { withFormTargets } from './csp.js';
import { errorPage, loggedOutPage, logoutPage } from './pages.js';
import { CLIENT_SCOPES, claimsOf, SCOPE_CLAIMS } from './scopes.js';

export const OIDC_PREFIX = '/oidc';

export interface ProviderOptions {
  issuer: string;
  db: Db;
  storage: OidcStorage;
  /** Signing keys, active first (Ed25519 from the platform keyring). */
  jwks: PrivateJwk[];
  cookieKeys: string[];
  /** Opens a sealed số định danh (released as `cccd_number` under the `cccd` scope). */
  unsealCccd(sealed: string, accountId: string): string;
  trustProxy: boolean;
  logger: Logger;
  /** Called when the user confirms an RP-initiated logout: ends the platform session too. */
  onLogout(ctx: KoaContextWithOIDC): Promise<void>;
  /** A client read an account's data (userinfo): the names of the claims it received, for the access log. */
  onClaimsReleased(release: { accountId: string; clientId: string; claims: string[] }): Promise<void>;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function localeOf(ctx: KoaContextWithOIDC) {
  const locale = negotiateLocale(ctx.get('accept-language'));
  return { locale, t: translator(locale) };
}

export function createProvider(o: ProviderOptions): Provider {
  const configuration: Configuration = {
    adapter: o.storage.Adapter as unknown as Configuration['adapter'],
    jwks: { keys: o.jwks as unknown as NonNullable<Configuration['jwks']>['keys'] },
    cookies: { keys: o.cookieKeys },
    claims: Object.fromEntries(Object.entries(SCOPE_CLAIMS).map(([s, c]) => [s, [...c]])),
    scopes: [...CLIENT_SCOPES],
    responseTypes: ['code'],
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      id_token_signed_response_alg: 'EdDSA',
    },
    enabledJWA: {
      idTokenSigningAlgValues: ['EdDSA'],
      userinfoSigningAlgValues: ['EdDSA'],
      clientAuthSigningAlgValues: ['EdDSA', 'ES256', 'PS256', 'RS256'],
      requestObjectSigningAlgValues: ['EdDSA', 'ES256', 'PS256', 'RS256'],
    },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        async logoutSource(ctx, form) {
          const { locale, t } = localeOf(ctx);
          ctx.type = 'html';
          const csp = withFormTargets(
            ctx.res.getHeader('content-security-policy')?.toString(),
            ctx.oidc.client?.postLogoutRedirectUris ?? [],
          );
          if (csp) ctx.set('content-security-policy', csp);
          ctx.body = logoutPage(locale, t, form, ctx.oidc.client?.clientName);
        },
        async postLogoutSuccessSource(ctx) {
          const { locale, t } = localeOf(ctx);
          ctx.type = 'html';
          ctx.body = loggedOutPage(locale, t);
        },
      },
    },
    // Public clients (no client authentication) must use PKCE, and only S256 is accepted.
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    rotateRefreshToken: true,
    ttl: {
      AccessToken: 10 * MINUTE,
      AuthorizationCode: MINUTE,
      IdToken: HOUR,
      Interaction: HOUR,
      Session: 12 * HOUR,
      Grant: 365 * DAY,
      RefreshToken: 30 * DAY,
    },
    interactions: { url: (_ctx, interaction) => `${OIDC_PREFIX}/interaction/${interaction.uid}` },
    // Browser clients may call the token and userinfo endpoints from their registered origins only.
    clientBasedCORS: (_ctx, origin, client) =>
      (client.redirectUris ?? []).some((u) => {
        try {
          return new URL(u).origin === origin;
        } catch {
          return false;
        }
      }),
    async findAccount(ctx, sub) {
      const account = await findClaimSource(o.db, sub);
      if (account?.status !== 'active') return undefined;
      const clientId = ctx.oidc?.client?.clientId;
      return {
        accountId: account.id,
        async claims(use, scope): Promise<AccountClaims> {
          const claims: AccountClaims = { ...accountClaims(account, o.unsealCccd), sub: account.id };
          // ID tokens carry only sub here (an access token is always issued, so scope claims go to userinfo).
          if (use === 'userinfo' && clientId) {
            const released = claimsOf(scope.split(' ')).filter((c) => c !== 'sub' && claims[c] != null);
            await o.onClaimsReleased({ accountId: account.id, clientId, claims: released });
          }
          return claims;
        },
      };
    },
    async renderError(ctx, out) {
      const { locale, t } = localeOf(ctx);
      ctx.type = 'html';
      ctx.body = errorPage(locale, t, String(out.error ?? 'server_error'));
    },
  };

  const provider = new Provider(o.issuer, configuration);
  provider.proxy = o.trustProxy;
  provider.on('server_error', (_ctx, err) => o.logger.error({ err: safeError(err) }, 'oidc provider error'));
  provider.use(async (koa, next) => {
    await next();
    const ctx = koa as KoaContextWithOIDC;
    if (ctx.oidc?.route === 'end_session_confirm' && ctx.oidc.params?.logout && ctx.status < 400) {
      await o.onLogout(ctx);
    }
  });
  return provider;
}

/** The provider signing with the keyring's current keys. */
export interface ProviderSource {
  current(): Promise<Provider>;
}

/**
 * oidc-provider takes its keys at construction, so when the keyring's keys change (a rotation here, in
 * another process or by `congdanso keys rotate`, or a retired key leaving its window) a new provider is
 * built. All provider state lives in PostgreSQL and the cookie keys come from the master key, so an
 * interaction begun on the old one finishes on the new one; requests already running finish on the old.
 */
export function providerForKeys(
  keyring: Pick<Keyring, 'signingKids' | 'privateJwks'>,
  build: (jwks: PrivateJwk[]) => Provider,
): ProviderSource {
  let built: { kids: string; provider: Provider } | undefined;
  let building: Promise<Provider> | undefined;
  return {
    async current() {
      const kids = (await keyring.signingKids()).join(' ');
      if (built?.kids === kids) return built.provider;
      building ??= (async () => {
        try {
          const jwks = await keyring.privateJwks();
          const provider = build(jwks);
          built = { kids: jwks.map((k) => k.kid).join(' '), provider };
          return provider;
        } finally {
          building = undefined;
        }
      })();
      return building;
    },
  };
}

/** The provider's endpoints, each documented; the provider reads the raw request itself. */
const ENDPOINTS: Array<[method: 'GET' | 'POST', path: string, summary: string]> = [
  ['GET', '/.well-known/openid-configuration', 'OpenID Provider discovery document'],
  ['GET', '/jwks', 'Public keys that sign ID tokens'],
  ['GET', '/auth', 'Authorization endpoint (code flow with PKCE)'],
  ['POST', '/auth', 'Authorization endpoint (form post)'],
  ['GET', '/auth/:uid', 'Resumes an authorization after the login or consent page'],
  ['POST', '/request', 'Pushed authorization request (RFC 9126)'],
  ['POST', '/token', 'Token endpoint (authorization_code, refresh_token)'],
  ['GET', '/me', 'UserInfo endpoint'],
  ['POST', '/me', 'UserInfo endpoint (form post)'],
  ['POST', '/token/revocation', 'Token revocation (RFC 7009)'],
  ['GET', '/session/end', 'RP-initiated logout'],
  ['POST', '/session/end', 'RP-initiated logout (form post)'],
  ['POST', '/session/end/confirm', 'Confirms an RP-initiated logout'],
  ['GET', '/session/end/success', 'Logout done page'],
];

/**
 * OpenID Connect requires POST at the authorization endpoint, and RP-initiated logout accepts it. The
 * provider only routes POST there with its long-lived cookies at SameSite=None, which browsers drop on
 * plain-http installations and which would expose the sign-in session to cross-site requests. So a POSTed
 * form is handed to the provider as the same request with the parameters in the query (the provider reads
 * either); a cross-site POST then simply carries no provider session, and the person signs in again.
 */
const FORM_AS_QUERY = new Set(['/auth', '/session/end']);
const MAX_FORM_BYTES = 64 * 1024;

async function formAsQuery(raw: FastifyRequest['raw'], url: string): Promise<string> {
  const type = String(raw.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw) {
    size += (chunk as Buffer).length;
    if (size > MAX_FORM_BYTES) break;
    chunks.push(chunk as Buffer);
  }
  if (type !== 'application/x-www-form-urlencoded' || size > MAX_FORM_BYTES) return url;
  const target = new URL(url, 'http://provider.invalid');
  for (const [name, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) {
    target.searchParams.append(name, value);
  }
  return `${target.pathname}${target.search}`;
}

/**
 * Mounts the provider under /oidc in its own encapsulated scope. Its content-type parsers are
 * replaced by one that leaves the body unread (the provider parses it; otherwise /token answers
 * 415), and `originalUrl` keeps the full path so the provider computes its cookie paths and URLs
 * under /oidc after the prefix is stripped.
 */
export function mountProvider(source: ProviderSource, hideCookie: (req: FastifyRequest) => void) {
  const callbacks = new WeakMap<Provider, ReturnType<Provider['callback']>>();
  async function callbackOf() {
    const provider = await source.current();
    let callback = callbacks.get(provider);
    if (!callback) {
      callback = provider.callback();
      callbacks.set(provider, callback);
    }
    return callback;
  }
  return async (scope: App) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    scope.addHook('onRequest', async (req) => hideCookie(req));
    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      const raw = req.raw as typeof req.raw & { originalUrl?: string };
      const url = raw.url ?? '/';
      raw.originalUrl = url;
      raw.url = url.slice(OIDC_PREFIX.length) || '/';
      if (raw.method === 'POST' && FORM_AS_QUERY.has(raw.url.split('?')[0] ?? '')) {
        raw.url = await formAsQuery(raw, raw.url);
        raw.method = 'GET';
      }
      for (const [name, value] of Object.entries(reply.getHeaders())) {
        if (value !== undefined) reply.raw.setHeader(name, value as string);
      }
      const callback = await callbackOf();
      reply.hijack();
      await callback(req.raw, reply.raw);
    };
    for (const [method, path, summary] of ENDPOINTS) {
      scope.route({
        method,
        url: `${OIDC_PREFIX}${path}`,
        schema: { tags: ['oidc'], summary },
        handler,
      });
    }
  };
}
