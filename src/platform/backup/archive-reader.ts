import fs from 'node:fs';
import { Parser, type ReadEntry } from 'tar';
import { BackupError } from './errors.js';

export interface ArchiveEntry {
  path: string;
  size: number;
  /** The member's bytes; must be read to the end (or skipped with `skip`) before the next entry comes. */
  stream: AsyncIterable<Buffer>;
  skip(): void;
}

/**
 * The members of a .tar.gz one at a time, streaming: the parser waits while a member is being read,
 * so nothing larger than a chunk is held in memory. `onBytes` reports compressed bytes consumed.
 */
export async function* readArchive(
  file: string,
  onBytes?: (compressedBytes: number) => void,
): AsyncGenerator<ArchiveEntry> {
  const parser = new Parser({ strict: true });
  const queue: ReadEntry[] = [];
  let ended = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  let rejectFailed: (err: unknown) => void = () => {};
  // A member being read when the parser fails would otherwise wait forever for its next chunk.
  const failed = new Promise<never>((_, reject) => {
    rejectFailed = reject;
  });
  failed.catch(() => {});
  const notify = () => {
    if (failure) rejectFailed(corrupt(file, failure));
    wake?.();
    wake = undefined;
  };
  parser.on('entry', (entry: ReadEntry) => {
    queue.push(entry);
    notify();
  });
  parser.on('error', (err: unknown) => {
    failure ??= err;
    notify();
  });
  parser.on('end', () => {
    ended = true;
    notify();
  });
  const input = fs.createReadStream(file);
  input.on('error', (err) => {
    failure ??= err;
    notify();
  });
  if (onBytes) input.on('data', (chunk) => onBytes(chunk.length));
  input.pipe(parser as unknown as NodeJS.WritableStream);
  try {
    while (true) {
      if (failure) throw corrupt(file, failure);
      const entry = queue.shift();
      if (entry) {
        if (entry.type !== 'File') {
          entry.resume();
          continue;
        }
        yield {
          path: entry.path,
          size: entry.size ?? 0,
          stream: untilFailure(entry as unknown as AsyncIterable<Buffer>, failed),
          skip: () => entry.resume(),
        };
        continue;
      }
      if (ended) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    input.destroy();
  }
}

async function* untilFailure(stream: AsyncIterable<Buffer>, failed: Promise<never>) {
  const it = stream[Symbol.asyncIterator]();
  while (true) {
    const next = await Promise.race([it.next(), failed]);
    if (next.done) return;
    yield next.value;
  }
}

function corrupt(file: string, cause: unknown): BackupError {
  if (cause instanceof BackupError) return cause;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new BackupError('backup.corrupt_archive', `${file} is not a readable backup archive: ${reason}`, {
    reason,
  });
}

/** Splits a byte stream into UTF-8 lines without holding more than one line and one chunk. */
export async function* lines(stream: AsyncIterable<Buffer>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let rest = '';
  for await (const chunk of stream) {
    const text = rest + decoder.decode(chunk, { stream: true });
    const parts = text.split('\n');
    rest = parts.pop() ?? '';
    for (const line of parts) yield line;
  }
  rest += decoder.decode();
  if (rest.length > 0) yield rest;
}
