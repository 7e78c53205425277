import { createPrivateKey, createPublicKey, type JsonWebKey, webcrypto } from 'node:crypto';

/** A client's private key for `private_key_jwt`, with the JWS algorithm its type implies. */
export interface ClientKey {
  key: CryptoKey;
  alg: 'ES256' | 'EdDSA' | 'RS256';
  publicJwk: JsonWebKey;
}

/** Reads a PKCS#8 PEM private key (EC P-256, Ed25519 or RSA). */
export async function importClientKey(pem: string): Promise<ClientKey> {
  const keyObject = createPrivateKey(pem);
  const jwk = keyObject.export({ format: 'jwk' });
  const publicJwk = createPublicKey(keyObject).export({ format: 'jwk' });
  if (jwk.kty === 'EC' && jwk.crv === 'P-256')
    return {
      key: await webcrypto.subtle.importKey('jwk', jwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, [
        'sign',
      ]),
      alg: 'ES256',
      publicJwk,
    };
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519')
    return {
      key: await webcrypto.subtle.importKey('jwk', jwk, { name: 'Ed25519' }, false, ['sign']),
      alg: 'EdDSA',
      publicJwk,
    };
  if (jwk.kty === 'RSA')
    return {
      key: await webcrypto.subtle.importKey(
        'jwk',
        jwk,
        { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
        false,
        ['sign'],
      ),
      alg: 'RS256',
      publicJwk,
    };
  throw new Error('client private key: EC P-256, Ed25519 or RSA expected');
}
