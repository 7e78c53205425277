import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../../test/helpers/db.js';
import { ManualClock } from '../../../platform/clock.js';
import { createEnvelope } from '../../../platform/crypto/envelope.js';
import { createKeyring } from '../../../platform/crypto/keyring.js';
import { masterKeysFrom } from '../../../platform/crypto/master-key.js';
import { cookieKeys } from './keys.js';

describe('provider keys', () => {
  let db: Awaited<ReturnType<typeof testDb>>;
  beforeAll(async () => {
    db = await testDb();
  });
  afterAll(() => db.drop());

  it('exports the keyring private JWKs, active first, each matching its published public key', async () => {
    const clock = new ManualClock('2026-03-02T09:00:00+07:00');
    const keyring = createKeyring({
      db,
      envelope: createEnvelope(masterKeysFrom(Buffer.alloc(32, 7))),
      clock,
      retentionDays: 30,
    });
    const first = await keyring.ensureActiveKey();
    const second = await keyring.rotate();
    const jwks = await keyring.privateJwks();
    expect(jwks.map((k) => k.kid)).toEqual([second.kid, first.kid]);
    const published = (await keyring.jwks()).keys;
    for (const jwk of jwks) {
      expect(published).toContainEqual({
        kty: jwk.kty,
        crv: jwk.crv,
        x: jwk.x,
        kid: jwk.kid,
        alg: 'EdDSA',
        use: 'sig',
      });
      const signature = sign(
        null,
        Buffer.from('hello'),
        createPrivateKey({ key: { ...jwk }, format: 'jwk' }),
      );
      const pub = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: jwk.x }, format: 'jwk' });
      expect(verify(null, Buffer.from('hello'), pub, signature)).toBe(true);
    }
  });

  it('derives cookie keys from the master key: stable, distinct per master key, not the key itself', () => {
    const a = masterKeysFrom(Buffer.alloc(32, 1));
    const b = masterKeysFrom(Buffer.alloc(32, 2));
    expect(cookieKeys(a)).toEqual(cookieKeys(masterKeysFrom(Buffer.alloc(32, 1))));
    expect(cookieKeys(a)).not.toEqual(cookieKeys(b));
    expect(cookieKeys(a)[0]).not.toBe(Buffer.alloc(32, 1).toString('base64url'));
    expect(Buffer.from(cookieKeys(a)[0] as string, 'base64url')).toHaveLength(32);
  });
});
