import type { Readable } from 'node:stream';

/** What backup and restore need of the file store. */
export interface BackupFileStore {
  list(prefix: string): AsyncIterable<string>;
  get(key: string): Promise<AsyncIterable<Uint8Array>>;
  put(key: string, body: Readable): Promise<unknown>;
}
