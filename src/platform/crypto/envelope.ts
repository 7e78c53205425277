import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { MasterKey, MasterKeys } from './master-key.js';

/*
 * Envelope format, version 1 (all integers big-endian):
 *
 *   header (77 bytes)
 *     0  magic "CDSE"            4
 *     4  version = 1             1
 *     5  algorithm = 1           1   AES-256-GCM for both the key wrap and the data, 64 KiB chunks
 *     6  master key id           4   first 4 bytes of SHA-256(master key)
 *    10  wrap iv                12
 *    22  wrapped data key       32   AES-256-GCM(master key, wrap iv, aad = bytes 0..9)
 *    54  wrap tag               16
 *    70  nonce prefix            7   random per item
 *   body: chunks of ciphertext + 16-byte tag. Every chunk but the last holds exactly 64 KiB of
 *   plaintext; the last holds 0..64 KiB. Chunk nonce = prefix ‖ counter (4) ‖ last flag (1), and
 *   chunk aad = bytes 0..5 ‖ nonce prefix ‖ caller aad, so chunks cannot be reordered, dropped,
 *   truncated or moved to another item, and a decrypting stream releases only authenticated bytes.
 *   The wrap section is outside the chunk aad, so a master-key rotation re-wraps the header alone.
 */
const MAGIC = Buffer.from('CDSE', 'latin1');
const VERSION = 1;
const ALG_AES256GCM_CHUNKED = 1;
export const ENVELOPE_HEADER_BYTES = 77;
export const ENVELOPE_CHUNK_BYTES = 64 * 1024;
const TAG_BYTES = 16;
const SEALED_CHUNK_BYTES = ENVELOPE_CHUNK_BYTES + TAG_BYTES;
const WRAP = { iv: 10, key: 22, tag: 54, prefix: 70, aadEnd: 10 } as const;

export type Aad = Buffer | string;

export type EnvelopeFailure = 'malformed' | 'unsupported' | 'unknown_key' | 'tampered';

/** Decryption failed; the message names the reason and never any key or plaintext. */
export class EnvelopeError extends Error {
  constructor(
    readonly reason: EnvelopeFailure,
    message: string,
  ) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

export interface Envelope {
  encrypt(plaintext: Buffer | string, aad?: Aad): Buffer;
  decrypt(envelope: Buffer, aad?: Aad): Buffer;
  /** Plaintext in, envelope out, 64 KiB at a time. */
  createEncryptStream(aad?: Aad): Transform;
  /** Envelope in, plaintext out; emits only authenticated chunks and errors on any tampering. */
  createDecryptStream(aad?: Aad): Transform;
  /** The id of the master key that wrapped this envelope (its first 10 bytes suffice). */
  masterKeyIdOf(envelope: Buffer): string;
  /** Re-wraps the data key with the current master key; only the header changes, so a header alone works. */
  rewrap(envelope: Buffer): Buffer;
}

export function createEnvelope(keys: MasterKeys): Envelope {
  return {
    encrypt(plaintext, aad) {
      const { header, dataKey } = newHeader(keys.current);
      const sealer = new Sealer(dataKey, header, aad);
      const body = sealer.push(typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext);
      return Buffer.concat([header, ...body, sealer.finish()]);
    },
    decrypt(envelope, aad) {
      if (envelope.length < ENVELOPE_HEADER_BYTES + TAG_BYTES) throw malformed();
      const header = envelope.subarray(0, ENVELOPE_HEADER_BYTES);
      const opener = new Opener(unwrapDataKey(header, keys), header, aad);
      const body = opener.push(envelope.subarray(ENVELOPE_HEADER_BYTES));
      return Buffer.concat([...body, opener.finish()]);
    },
    createEncryptStream(aad) {
      const { header, dataKey } = newHeader(keys.current);
      const sealer = new Sealer(dataKey, header, aad);
      let started = false;
      const start = (stream: Transform) => {
        if (!started) stream.push(header);
        started = true;
      };
      return new Transform({
        transform(chunk: Buffer, _enc, cb) {
          start(this);
          for (const sealed of sealer.push(chunk)) this.push(sealed);
          cb();
        },
        flush(cb) {
          start(this);
          this.push(sealer.finish());
          cb();
        },
      });
    },
    createDecryptStream(aad) {
      let header = Buffer.alloc(0);
      let opener: Opener | undefined;
      const feed = (stream: Transform, chunk: Buffer, cb: TransformCallback) => {
        try {
          let data = chunk;
          if (!opener) {
            header = Buffer.concat([header, data]);
            if (header.length < ENVELOPE_HEADER_BYTES) return cb();
            data = header.subarray(ENVELOPE_HEADER_BYTES);
            header = header.subarray(0, ENVELOPE_HEADER_BYTES);
            opener = new Opener(unwrapDataKey(header, keys), header, aad);
          }
          for (const plain of opener.push(data)) stream.push(plain);
          cb();
        } catch (err) {
          cb(err as Error);
        }
      };
      return new Transform({
        transform(chunk: Buffer, _enc, cb) {
          feed(this, chunk, cb);
        },
        flush(cb) {
          try {
            if (!opener) throw malformed();
            this.push(opener.finish());
            cb();
          } catch (err) {
            cb(err as Error);
          }
        },
      });
    },
    masterKeyIdOf(envelope) {
      checkPrefix(envelope);
      return envelope.subarray(6, 10).toString('hex');
    },
    rewrap(envelope) {
      if (envelope.length < ENVELOPE_HEADER_BYTES) throw malformed();
      const header = envelope.subarray(0, ENVELOPE_HEADER_BYTES);
      const dataKey = unwrapDataKey(header, keys);
      const fresh = Buffer.from(envelope);
      writeWrap(fresh, keys.current, dataKey);
      return fresh;
    },
  };
}

function newHeader(master: MasterKey): { header: Buffer; dataKey: Buffer } {
  const header = Buffer.alloc(ENVELOPE_HEADER_BYTES);
  MAGIC.copy(header, 0);
  header[4] = VERSION;
  header[5] = ALG_AES256GCM_CHUNKED;
  randomBytes(7).copy(header, WRAP.prefix);
  const dataKey = randomBytes(32);
  writeWrap(header, master, dataKey);
  return { header, dataKey };
}

/** Writes key id, iv, wrapped key and tag into bytes 6..69 of a header. */
function writeWrap(header: Buffer, master: MasterKey, dataKey: Buffer): void {
  Buffer.from(master.id, 'hex').copy(header, 6);
  const iv = randomBytes(12);
  iv.copy(header, WRAP.iv);
  const cipher = createCipheriv('aes-256-gcm', master.key, iv);
  cipher.setAAD(header.subarray(0, WRAP.aadEnd));
  Buffer.concat([cipher.update(dataKey), cipher.final()]).copy(header, WRAP.key);
  cipher.getAuthTag().copy(header, WRAP.tag);
}

function checkPrefix(header: Buffer): void {
  if (header.length < WRAP.aadEnd || !header.subarray(0, 4).equals(MAGIC)) throw malformed();
  if (header[4] !== VERSION || header[5] !== ALG_AES256GCM_CHUNKED) {
    throw new EnvelopeError(
      'unsupported',
      `unsupported envelope version ${header[4]} / algorithm ${header[5]}`,
    );
  }
}

function unwrapDataKey(header: Buffer, keys: MasterKeys): Buffer {
  checkPrefix(header);
  const id = header.subarray(6, 10).toString('hex');
  const master = keys.byId(id);
  if (!master) throw new EnvelopeError('unknown_key', `envelope was wrapped by unknown master key ${id}`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', master.key, header.subarray(WRAP.iv, WRAP.key));
    decipher.setAAD(header.subarray(0, WRAP.aadEnd));
    decipher.setAuthTag(header.subarray(WRAP.tag, WRAP.prefix));
    return Buffer.concat([decipher.update(header.subarray(WRAP.key, WRAP.tag)), decipher.final()]);
  } catch {
    throw tampered();
  }
}

function chunkAad(header: Buffer, aad: Aad | undefined): Buffer {
  const extra =
    aad === undefined ? Buffer.alloc(0) : typeof aad === 'string' ? Buffer.from(aad, 'utf8') : aad;
  return Buffer.concat([header.subarray(0, 6), header.subarray(WRAP.prefix), extra]);
}

/** Chunk-by-chunk AES-256-GCM shared by the sealer and the opener. */
abstract class ChunkCodec {
  private counter = 0;
  protected pending = Buffer.alloc(0);
  protected readonly aad: Buffer;
  private readonly prefix: Buffer;
  private done = false;

  constructor(
    protected readonly key: Buffer,
    header: Buffer,
    aad: Aad | undefined,
    private readonly unit: number,
  ) {
    this.aad = chunkAad(header, aad);
    this.prefix = Buffer.from(header.subarray(WRAP.prefix));
  }

  /** Processes every complete unit that is surely not the last one. */
  push(data: Buffer): Buffer[] {
    if (this.done) throw new Error('envelope stream already finished');
    this.pending = this.pending.length ? Buffer.concat([this.pending, data]) : Buffer.from(data);
    const out: Buffer[] = [];
    let offset = 0;
    while (this.pending.length - offset > this.unit) {
      out.push(this.process(this.pending.subarray(offset, offset + this.unit), false));
      offset += this.unit;
    }
    this.pending = this.pending.subarray(offset);
    return out;
  }

  finish(): Buffer {
    if (this.done) throw new Error('envelope stream already finished');
    this.done = true;
    return this.process(this.pending, true);
  }

  protected nonce(last: boolean): Buffer {
    if (this.counter > 0xffffffff) throw new Error('envelope too large');
    const nonce = Buffer.alloc(12);
    this.prefix.copy(nonce, 0);
    nonce.writeUInt32BE(this.counter++, 7);
    nonce[11] = last ? 1 : 0;
    return nonce;
  }

  protected abstract process(unit: Buffer, last: boolean): Buffer;
}

class Sealer extends ChunkCodec {
  constructor(key: Buffer, header: Buffer, aad: Aad | undefined) {
    super(key, header, aad, ENVELOPE_CHUNK_BYTES);
  }
  protected process(plain: Buffer, last: boolean): Buffer {
    const cipher = createCipheriv('aes-256-gcm', this.key, this.nonce(last));
    cipher.setAAD(this.aad);
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  }
}

class Opener extends ChunkCodec {
  constructor(key: Buffer, header: Buffer, aad: Aad | undefined) {
    super(key, header, aad, SEALED_CHUNK_BYTES);
  }
  protected process(sealed: Buffer, last: boolean): Buffer {
    if (sealed.length < TAG_BYTES) throw tampered();
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, this.nonce(last));
      decipher.setAAD(this.aad);
      decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
      return Buffer.concat([
        decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw tampered();
    }
  }
}

const malformed = () => new EnvelopeError('malformed', 'not an envelope (bad magic or too short)');
const tampered = () =>
  new EnvelopeError(
    'tampered',
    'envelope authentication failed: wrong key, wrong associated data or modified bytes',
  );
