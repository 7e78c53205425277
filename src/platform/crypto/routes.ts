import { z } from 'zod';
import type { App } from '../http/app.js';
import type { Keyring } from './keyring.js';

const Jwk = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: z.string(),
  kid: z.string(),
  alg: z.literal('EdDSA'),
  use: z.literal('sig'),
});
export const Jwks = z.object({ keys: z.array(Jwk) }).meta({
  id: 'Jwks',
  description: 'JSON Web Key Set (RFC 7517): the public keys that verify our signatures',
});

/** `GET /.well-known/jwks.json`: the active key and every retired key still accepted for verification. */
export function registerCryptoRoutes(app: App, keyring: Keyring): void {
  app.get(
    '/.well-known/jwks.json',
    {
      schema: {
        tags: ['crypto'],
        summary: 'Public signing keys (JWKS) for QR tokens, issued documents, receipts and OIDC tokens',
        response: { 200: Jwks },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return keyring.jwks();
    },
  );
}
