import { createHash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { resolveContentType, SNIFF_BYTES, sniffContentType } from './content-type.js';

export interface Inspected {
  /** The whole body again (sniffed bytes first), hashing and counting as it is read. */
  stream: Readable;
  contentType: string;
  /** Size and SHA-256, valid once `stream` has ended. */
  digest(): { size: number; sha256: string };
}

/**
 * Reads just enough of a body to sniff its type, refuses a contradicting declared type before anything
 * is written, and hands back a stream that replays the body while hashing it.
 */
export async function inspectBody(
  body: Readable | Uint8Array,
  declared: string | undefined,
): Promise<Inspected> {
  const source = body instanceof Uint8Array ? Readable.from([Buffer.from(body)]) : body;
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const head: Buffer[] = [];
  let headSize = 0;
  let ended = false;
  try {
    while (headSize < SNIFF_BYTES) {
      const next = await chunks.next();
      if (next.done) {
        ended = true;
        break;
      }
      const chunk = toBuffer(next.value);
      head.push(chunk);
      headSize += chunk.length;
    }
    const sample = Buffer.concat(head).subarray(0, SNIFF_BYTES);
    const contentType = resolveContentType(await sniffContentType(sample), declared);
    async function* replay() {
      try {
        yield* head;
        if (ended) return;
        for (let next = await chunks.next(); !next.done; next = await chunks.next())
          yield toBuffer(next.value);
      } finally {
        // Stops (and destroys) the source when the reader gives up early.
        await chunks.return?.();
      }
    }
    const hash = createHash('sha256');
    let size = 0;
    let sha256: string | undefined;
    const hasher = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        hash.update(chunk);
        size += chunk.length;
        cb(null, chunk);
      },
      flush(cb) {
        sha256 = hash.digest('hex');
        cb();
      },
    });
    const replayed = Readable.from(replay(), { objectMode: false });
    replayed.on('error', (err) => hasher.destroy(err));
    hasher.on('close', () => {
      if (!replayed.destroyed) replayed.destroy();
    });
    return {
      stream: replayed.pipe(hasher),
      contentType,
      digest() {
        if (sha256 === undefined) throw new Error('body not fully read yet');
        return { size, sha256 };
      },
    };
  } catch (err) {
    await chunks.return?.();
    source.destroy();
    throw err;
  }
}

function toBuffer(chunk: Buffer | string): Buffer {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}
