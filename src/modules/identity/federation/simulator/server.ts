import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import Provider, { type Configuration } from 'oidc-provider';
import type { App } from '../../../../platform/http/app.js';
import { SESSION_COOKIE } from '../../accounts/session-cookie.js';
import { importClientKey } from '../client-key.js';
import { simulatorLoginPage } from './page.js';
import { SIMULATED_PEOPLE, SIMULATOR_PREFIX } from './people.js';
import { memoryAdapter } from './storage.js';

export interface SimulatorOptions {
  issuer: string;
  clientId: string;
  /** The dev client authenticates with this secret, or with a private key (private_key_jwt). */
  client: { secret: string } | { privateKey: string };
  redirectUri: string;
  /** Claim names the relying party reads (the simulator speaks the same configuration). */
  idClaim: string;
  levelClaim: string;
}

/**
 * A stand-in for VNeID in development and tests: a small OpenID Provider with the test people, its
 * own throw-away signing key and in-memory storage (acceptable only here; it never runs in production).
 */
export async function createSimulator(o: SimulatorOptions) {
  const jwk = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });
  const idClaims = o.idClaim === 'sub' ? ['sub'] : ['sub', o.idClaim];
  const clientAuth =
    'secret' in o.client
      ? { client_secret: o.client.secret, token_endpoint_auth_method: 'client_secret_basic' as const }
      : await (async (pem: string) => {
          const { publicJwk, alg } = await importClientKey(pem);
          return {
            jwks: { keys: [publicJwk as never] },
            token_endpoint_auth_method: 'private_key_jwt' as const,
            token_endpoint_auth_signing_alg: alg,
          };
        })(o.client.privateKey);
  const configuration: Configuration = {
    adapter: memoryAdapter(),
    clients: [
      {
        client_id: o.clientId,
        ...clientAuth,
        redirect_uris: [o.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        id_token_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [{ ...jwk, kid: 'vneid-simulator', use: 'sig', alg: 'ES256' } as never] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    enabledJWA: { idTokenSigningAlgValues: ['ES256'] },
    claims: {
      openid: [...idClaims, o.levelClaim],
      profile: ['name', 'birthdate', 'gender'],
      phone: ['phone_number', 'phone_number_verified'],
    },
    // The relying party reads everything from the ID token, as it does with the real provider.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    pkce: { required: () => true },
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    interactions: { url: (_ctx, interaction) => `${SIMULATOR_PREFIX}/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const person = SIMULATED_PEOPLE.find((p) => subjectOf(p.personalId) === sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: async () => ({
          sub,
          ...(o.idClaim === 'sub' ? {} : { [o.idClaim]: person.personalId }),
          [o.levelClaim]: person.level,
          name: person.name,
          birthdate: person.birthdate,
          gender: person.gender,
          ...(person.phone ? { phone_number: person.phone, phone_number_verified: true } : {}),
        }),
      };
    },
  };
  // With a separate identifier claim the subject is opaque, as pairwise subjects of a real provider are.
  const subjectOf = (personalId: string) => (o.idClaim === 'sub' ? personalId : `sim-${personalId}`);
  const provider = new Provider(o.issuer, configuration);
  return { provider, register: (app: App) => registerSimulator(app, provider, subjectOf) };
}

const ENDPOINTS: Array<['GET' | 'POST', string, string]> = [
  ['GET', '/.well-known/openid-configuration', 'VNeID simulator: discovery document'],
  ['GET', '/jwks', 'VNeID simulator: signing keys'],
  ['GET', '/auth', 'VNeID simulator: authorization endpoint'],
  ['GET', '/auth/:uid', 'VNeID simulator: resumes after the test-person page'],
  ['POST', '/token', 'VNeID simulator: token endpoint'],
  ['GET', '/me', 'VNeID simulator: userinfo'],
];
const DEV = ['development'];

async function registerSimulator(app: App, provider: Provider, subjectOf: (id: string) => string) {
  // Our own session cookie means nothing to the "other" issuer, and its form posts carry no CSRF header.
  const hideSession = async (req: FastifyRequest) => {
    if (req.cookies?.[SESSION_COOKIE] !== undefined) delete req.cookies[SESSION_COOKIE];
  };
  const callback = provider.callback();
  await app.register(async (scope: App) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));
    scope.addHook('onRequest', hideSession);
    const handler = async (req: FastifyRequest, reply: FastifyReply) => {
      const raw = req.raw as typeof req.raw & { originalUrl?: string };
      const url = raw.url ?? '/';
      raw.originalUrl = url;
      raw.url = url.slice(SIMULATOR_PREFIX.length) || '/';
      reply.hijack();
      await callback(req.raw, reply.raw);
    };
    for (const [method, path, summary] of ENDPOINTS) {
      scope.route({
        method,
        url: `${SIMULATOR_PREFIX}${path}`,
        schema: { tags: DEV, summary },
        handler,
      });
    }
  });
  await app.register(async (scope: App) => {
    scope.addHook('onRequest', hideSession);
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    scope.get(
      `${SIMULATOR_PREFIX}/interaction/:uid`,
      { schema: { tags: DEV, summary: 'VNeID simulator: page to pick a test person' } },
      async (req, reply) => {
        const interaction = await provider.interactionDetails(req.raw, reply.raw);
        return reply
          .type('text/html; charset=utf-8')
          .send(simulatorLoginPage(`${SIMULATOR_PREFIX}/interaction/${interaction.uid}`, SIMULATED_PEOPLE));
      },
    );
    scope.post(
      `${SIMULATOR_PREFIX}/interaction/:uid`,
      { schema: { tags: DEV, summary: 'VNeID simulator: signs in as the chosen test person' } },
      async (req, reply) => {
        const interaction = await provider.interactionDetails(req.raw, reply.raw);
        const chosen = (req.body as Record<string, string> | undefined)?.personalId;
        const person = SIMULATED_PEOPLE.find((p) => p.personalId === chosen);
        if (!person)
          return reply.code(400).type('text/plain; charset=utf-8').send('Người dùng thử không tồn tại');
        const accountId = subjectOf(person.personalId);
        const grant = new provider.Grant({ accountId, clientId: String(interaction.params.client_id) });
        grant.addOIDCScope(String(interaction.params.scope ?? 'openid'));
        const grantId = await grant.save();
        const url = await provider.interactionResult(
          req.raw,
          reply.raw,
          { login: { accountId }, consent: { grantId } },
          { mergeWithLastSubmission: false },
        );
        return reply.redirect(url, 303);
      },
    );
  });
}
