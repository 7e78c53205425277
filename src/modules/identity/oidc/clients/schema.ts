import { z } from 'zod';
import { CLIENT_SCOPES } from '../scopes.js';

const nfc = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .transform((s) => s.normalize('NFC'));

/** https anywhere; plain http only on the loopback host (development and native apps). */
const RedirectUri = z
  .url()
  .max(2000)
  .refine((u) => {
    // zod runs this check even after .url() failed; that failure already names the field.
    if (!URL.canParse(u)) return true;
    const url = new URL(u);
    if (url.hash) return false;
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  }, 'identity.redirect_uri');

const PublicJwks = z.strictObject({
  keys: z
    .array(
      z
        .looseObject({ kty: z.enum(['RSA', 'EC', 'OKP']), kid: z.string().max(200).optional() })
        .refine((k) => !('d' in k), 'identity.jwks_private'),
    )
    .min(1)
    .max(10),
});

const Scopes = z
  .array(z.enum(CLIENT_SCOPES))
  .min(1)
  .refine((s) => s.includes('openid'), 'identity.scopes_openid');

export const CreateClientBody = z.strictObject({
  /** Chosen by the admin (e.g. `hue-hospital-portal`); a random id when absent. */
  clientId: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{2,63}$/)
    .optional(),
  name: nfc(200),
  purpose: nfc(1000),
  redirectUris: z.array(RedirectUri).min(1).max(20),
  postLogoutRedirectUris: z.array(RedirectUri).max(20).default([]),
  scopes: Scopes,
  tokenEndpointAuthMethod: z
    .enum(['client_secret_basic', 'private_key_jwt', 'none'])
    .default('client_secret_basic'),
  jwks: PublicJwks.optional(),
  ownerAgencyId: z.uuid().optional(),
});
export type CreateClientBody = z.infer<typeof CreateClientBody>;

export const UpdateClientBody = z.strictObject({
  name: nfc(200).optional(),
  purpose: nfc(1000).optional(),
  redirectUris: z.array(RedirectUri).min(1).max(20).optional(),
  postLogoutRedirectUris: z.array(RedirectUri).max(20).optional(),
  scopes: Scopes.optional(),
  jwks: PublicJwks.optional(),
  /** true disables the client at once (its tokens stop working at the next check); false enables it again. */
  disabled: z.boolean().optional(),
});
export type UpdateClientBody = z.infer<typeof UpdateClientBody>;

export const ClientView = z
  .object({
    clientId: z.string(),
    name: z.string(),
    purpose: z.string(),
    redirectUris: z.array(z.string()),
    postLogoutRedirectUris: z.array(z.string()),
    scopes: z.array(z.string()),
    tokenEndpointAuthMethod: z.string(),
    jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }).nullable(),
    ownerAgencyId: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    disabledAt: z.string().nullable(),
  })
  .meta({ id: 'ApiClient' });
export type ClientView = z.infer<typeof ClientView>;

export const CreatedClientView = ClientView.extend({
  /** Shown once: only a sealed copy is kept. Null for public and private_key_jwt clients. */
  clientSecret: z.string().nullable(),
}).meta({ id: 'CreatedApiClient' });

export const ClientSecretView = z
  .object({
    /** Shown once; the previous secret stopped working when this one was made. */
    clientSecret: z.string(),
  })
  .meta({ id: 'ApiClientSecret' });
