import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { createEnvelope, ENVELOPE_CHUNK_BYTES, ENVELOPE_HEADER_BYTES, EnvelopeError } from './envelope.js';
import { masterKeyId, masterKeysFrom } from './master-key.js';

const keyA = randomBytes(32);
const keyB = randomBytes(32);
const envelope = createEnvelope(masterKeysFrom(keyA));

async function collect(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

/** Pushes `data` through a transform in pieces of awkward sizes. */
function through(data: Buffer, transform: NodeJS.ReadWriteStream, piece = 7_001): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for (let i = 0; i < data.length; i += piece) pieces.push(data.subarray(i, i + piece));
  return Promise.all([collect(transform), pipeline(Readable.from(pieces), transform)]).then(([out]) => out);
}

function flip(buf: Buffer, at: number): Buffer {
  const copy = Buffer.from(buf);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

const reasonOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof EnvelopeError ? err.reason : `other: ${String(err)}`;
  }
  return 'no error';
};

describe('envelope encryption', () => {
  it.each([
    ['empty', 0],
    ['short', 5],
    ['exactly one chunk', ENVELOPE_CHUNK_BYTES],
    ['one chunk and a byte', ENVELOPE_CHUNK_BYTES + 1],
    ['several chunks', 3 * ENVELOPE_CHUNK_BYTES + 123],
  ])('round-trips %s plaintext', (_name, size) => {
    const plain = randomBytes(size);
    const sealed = envelope.encrypt(plain, 'doc:1');
    expect(envelope.decrypt(sealed, 'doc:1').equals(plain)).toBe(true);
    if (size >= 16) expect(sealed.includes(plain.subarray(0, 16))).toBe(false);
  });

  it('records the master key id and uses a fresh data key and nonce each time', () => {
    const a = envelope.encrypt('xin chào');
    const b = envelope.encrypt('xin chào');
    expect(envelope.masterKeyIdOf(a)).toBe(masterKeyId(keyA));
    expect(a.subarray(0, 6).toString('latin1')).toBe('CDSE\u0001\u0001');
    expect(a.equals(b)).toBe(false);
    expect(envelope.decrypt(a).toString('utf8')).toBe('xin chào');
  });

  it('refuses a flipped byte anywhere: header, wrapped key, body or tag', () => {
    const sealed = envelope.encrypt(randomBytes(2 * ENVELOPE_CHUNK_BYTES + 10), 'aad');
    for (const at of [
      12,
      30,
      60,
      72,
      ENVELOPE_HEADER_BYTES + 1,
      ENVELOPE_HEADER_BYTES + ENVELOPE_CHUNK_BYTES + 20,
      sealed.length - 1,
    ]) {
      expect(reasonOf(() => envelope.decrypt(flip(sealed, at), 'aad'))).toBe('tampered');
    }
    expect(reasonOf(() => envelope.decrypt(flip(sealed, 0), 'aad'))).toBe('malformed');
    expect(reasonOf(() => envelope.decrypt(flip(sealed, 4), 'aad'))).toBe('unsupported');
  });

  it('refuses wrong or missing associated data', () => {
    const sealed = envelope.encrypt('bí mật', 'citizen:1');
    expect(reasonOf(() => envelope.decrypt(sealed, 'citizen:2'))).toBe('tampered');
    expect(reasonOf(() => envelope.decrypt(sealed))).toBe('tampered');
  });

  it('refuses truncation, dropped chunks and appended bytes', () => {
    const sealed = envelope.encrypt(randomBytes(2 * ENVELOPE_CHUNK_BYTES + 10));
    const firstChunkEnd = ENVELOPE_HEADER_BYTES + ENVELOPE_CHUNK_BYTES + 16;
    expect(reasonOf(() => envelope.decrypt(sealed.subarray(0, firstChunkEnd)))).toBe('tampered');
    expect(reasonOf(() => envelope.decrypt(sealed.subarray(0, sealed.length - 3)))).toBe('tampered');
    expect(reasonOf(() => envelope.decrypt(Buffer.concat([sealed, Buffer.from([0])])))).toBe('tampered');
    expect(reasonOf(() => envelope.decrypt(sealed.subarray(0, 20)))).toBe('malformed');
  });

  it('refuses an envelope sealed under an unknown master key, and a forged key id', () => {
    const other = createEnvelope(masterKeysFrom(keyB));
    const sealed = other.encrypt('x');
    expect(reasonOf(() => envelope.decrypt(sealed))).toBe('unknown_key');
    const forged = Buffer.from(sealed);
    Buffer.from(masterKeyId(keyA), 'hex').copy(forged, 6);
    expect(reasonOf(() => envelope.decrypt(forged))).toBe('tampered');
  });

  it('decrypts data wrapped by a retired master key and re-wraps it under the current one', () => {
    const old = createEnvelope(masterKeysFrom(keyA)).encrypt('hồ sơ', 'aad');
    const rotated = createEnvelope(masterKeysFrom(keyB, [keyA]));
    expect(rotated.decrypt(old, 'aad').toString()).toBe('hồ sơ');
    const rewrapped = rotated.rewrap(old);
    expect(rotated.masterKeyIdOf(rewrapped)).toBe(masterKeyId(keyB));
    expect(createEnvelope(masterKeysFrom(keyB)).decrypt(rewrapped, 'aad').toString()).toBe('hồ sơ');
    expect(rewrapped.subarray(ENVELOPE_HEADER_BYTES).equals(old.subarray(ENVELOPE_HEADER_BYTES))).toBe(true);
  });

  it('streams: stream output decrypts in memory and vice versa, in any piece size', async () => {
    const plain = randomBytes(5 * ENVELOPE_CHUNK_BYTES + 999);
    const sealed = await through(plain, envelope.createEncryptStream('file:1'));
    expect(envelope.decrypt(sealed, 'file:1').equals(plain)).toBe(true);
    const back = await through(envelope.encrypt(plain, 'file:1'), envelope.createDecryptStream('file:1'), 50);
    expect(createHash('sha256').update(back).digest('hex')).toBe(
      createHash('sha256').update(plain).digest('hex'),
    );
    const empty = await through(Buffer.alloc(0), envelope.createEncryptStream());
    expect(envelope.decrypt(empty).length).toBe(0);
  });

  it('a decrypt stream fails on tampering and never releases the tampered chunk', async () => {
    const plain = randomBytes(3 * ENVELOPE_CHUNK_BYTES);
    const sealed = envelope.encrypt(plain);
    const tamperedAt = ENVELOPE_HEADER_BYTES + ENVELOPE_CHUNK_BYTES + 16 + 5; // inside the second chunk
    const released: Buffer[] = [];
    const decrypt = envelope.createDecryptStream();
    decrypt.on('data', (d: Buffer) => released.push(d));
    const pieces = through(flip(sealed, tamperedAt), decrypt, 1000);
    await expect(pieces).rejects.toMatchObject({
      reason: 'tampered',
    });
    const out = Buffer.concat(released);
    expect(out.length).toBe(ENVELOPE_CHUNK_BYTES);
    expect(out.equals(plain.subarray(0, ENVELOPE_CHUNK_BYTES))).toBe(true);
    await expect(
      pipeline(Readable.from([sealed.subarray(0, 40)]), envelope.createDecryptStream()),
    ).rejects.toMatchObject({ reason: 'malformed' });
  });
});
