import { randomBytes } from 'node:crypto';
import { decodeProtectedHeader, SignJWT } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testDb } from '../../../test/helpers/db.js';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/db.js';
import { createEnvelope } from './envelope.js';
import { createKeyring, type Keyring } from './keyring.js';
import { masterKeysFrom } from './master-key.js';

const envelope = createEnvelope(masterKeysFrom(randomBytes(32)));
let db: Db & { drop(): Promise<void> };
let clock: ManualClock;

const keyringFor = () => createKeyring({ db, envelope, clock, retentionDays: 30 });

async function rejection(p: Promise<unknown>) {
  try {
    await p;
  } catch (err) {
    return err as { code?: string; params?: { reason?: string } };
  }
  throw new Error('expected a rejection');
}

beforeAll(async () => {
  db = await testDb();
});
afterAll(async () => {
  await db.drop();
});
beforeEach(async () => {
  await db.query('delete from crypto.signing_keys');
  clock = new ManualClock('2026-03-02T02:00:00Z');
});

describe('signing keyring', () => {
  it('creates exactly one active key even when several processes start at once', async () => {
    const rings = [keyringFor(), keyringFor(), keyringFor(), keyringFor()];
    const infos = await Promise.all(rings.map((r) => r.ensureActiveKey()));
    expect(new Set(infos.map((i) => i.kid)).size).toBe(1);
    const { rows } = await db.query<{ n: number }>(
      "select count(*)::int as n from crypto.signing_keys where status = 'active'",
    );
    expect(rows[0]?.n).toBe(1);
    await expect(
      db.query(
        `insert into crypto.signing_keys (kid, public_jwk, private_key_envelope, status, created_at)
         values ('x', '{}', 'x', 'active', now())`,
      ),
    ).rejects.toThrow(/signing_keys_one_active|duplicate/);
  });

  it('stores the private key encrypted and publishes only public parts', async () => {
    const ring = keyringFor();
    const { kid } = await ring.ensureActiveKey();
    const { rows } = await db.query<{ private_key_envelope: string; public_jwk: unknown }>(
      'select private_key_envelope, public_jwk from crypto.signing_keys',
    );
    expect(Buffer.from(rows[0]!.private_key_envelope, 'base64').subarray(0, 4).toString()).toBe('CDSE');
    const { keys } = await ring.jwks();
    expect(keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid, alg: 'EdDSA', use: 'sig' },
    ]);
    expect(JSON.stringify(keys)).not.toMatch(/"d"/);
  });

  it('signs an EdDSA JWT with kid and typ, and verifies it', async () => {
    const ring = keyringFor();
    const { kid } = await ring.ensureActiveKey();
    const token = await ring.sign({ sub: 'receipt-1', scope: 'qr' }, { typ: 'qr+jwt', expiresIn: '10m' });
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'EdDSA', kid, typ: 'qr+jwt' });
    const verified = await ring.verify(token, { typ: 'qr+jwt' });
    expect(verified).toMatchObject({ kid, typ: 'qr+jwt', payload: { sub: 'receipt-1', scope: 'qr' } });
    expect(verified.payload.exp! - verified.payload.iat!).toBe(600);
    expect(verified.payload.iat).toBe(Math.floor(clock.now().getTime() / 1000));
  });

  it('refuses expired tokens, wrong typ, forged signatures and garbage', async () => {
    const ring = keyringFor();
    await ring.ensureActiveKey();
    const token = await ring.sign({ sub: 'a' }, { typ: 'qr+jwt', expiresIn: 60 });
    expect((await rejection(ring.verify(token, { typ: 'receipt+jwt' }))).params?.reason).toBe('claims');
    const [h, , s] = token.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify({ sub: 'b', exp: 9e9 })).toString('base64url')}.${s}`;
    expect((await rejection(ring.verify(forged))).params?.reason).toBe('signature');
    const garbage = await rejection(ring.verify('not.a.token'));
    expect(garbage).toMatchObject({ code: 'crypto.invalid_token', params: { reason: 'malformed' } });
    clock.advance(61_000);
    expect((await rejection(ring.verify(token))).params?.reason).toBe('expired');
    await expect(ring.sign({}, { typ: 'x', expiresIn: '31d' })).rejects.toThrow(/lifetime/);
  });

  it('refuses a token whose kid is unknown, even when correctly signed by that key', async () => {
    const ring = keyringFor();
    await ring.ensureActiveKey();
    const { privateKey } = await import('node:crypto').then((c) => c.generateKeyPairSync('ed25519'));
    const stranger = await new SignJWT({ sub: 'x' })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'unknown-kid' })
      .setExpirationTime('1h')
      .sign(privateKey);
    const err = await rejection(ring.verify(stranger));
    expect(err).toMatchObject({ code: 'crypto.invalid_token', params: { reason: 'unknown_key' } });
  });

  it('rotation keeps old tokens verifiable until not_after, and JWKS lists both keys', async () => {
    const ring = keyringFor();
    const first = await ring.ensureActiveKey();
    const old = await ring.sign({ sub: 'old' }, { typ: 'doc+jwt', expiresIn: '30d' });
    const second = await ring.rotate();
    expect(second.kid).not.toBe(first.kid);
    expect((await ring.ensureActiveKey()).kid).toBe(second.kid);
    const fresh = await ring.sign({ sub: 'new' }, { typ: 'doc+jwt', expiresIn: '1h' });
    expect(decodeProtectedHeader(fresh).kid).toBe(second.kid);
    expect((await ring.verify(old)).kid).toBe(first.kid);
    expect((await ring.jwks()).keys.map((k) => k.kid)).toEqual([second.kid, first.kid]);

    clock.advance(30 * 86_400_000 + 1000);
    expect((await ring.jwks()).keys.map((k) => k.kid)).toEqual([second.kid]);
    expect((await rejection(ring.verify(old))).params?.reason).toBe('unknown_key');
  });

  it('a process learns about another process rotating when it meets the new kid', async () => {
    const a: Keyring = keyringFor();
    const b: Keyring = keyringFor();
    await a.ensureActiveKey();
    await b.ensureActiveKey();
    const rotated = await a.rotate();
    const token = await a.sign({ sub: 'x' }, { typ: 'qr+jwt', expiresIn: 60 });
    expect((await b.verify(token)).kid).toBe(rotated.kid);
    // b keeps signing with its cached key until its cache ages out, then follows the rotation.
    clock.advance(61_000);
    const fromB = await b.sign({ sub: 'y' }, { typ: 'qr+jwt', expiresIn: 60 });
    expect(decodeProtectedHeader(fromB).kid).toBe(rotated.kid);
  });

  it('cannot use a private key moved onto another kid', async () => {
    const ring = keyringFor();
    const first = await ring.ensureActiveKey();
    const second = await ring.rotate();
    await db.query(
      `update crypto.signing_keys set private_key_envelope =
         (select private_key_envelope from crypto.signing_keys where kid = $1) where kid = $2`,
      [first.kid, second.kid],
    );
    await expect(keyringFor().sign({}, { typ: 'x', expiresIn: 60 })).rejects.toThrow(/authentication failed/);
  });
});
