import type { Readable } from 'node:stream';
import { DomainError } from '../http/errors.js';
import './i18n.js';

/** What the store knows about one stored file. */
export interface StoredFile {
  key: string;
  size: number;
  /** Hex SHA-256 of the bytes, computed while they streamed in. */
  sha256: string;
  /** Sniffed from the bytes (magic numbers); a declared type is kept only when the bytes allow it. */
  contentType: string;
}

export interface PutOptions {
  /** The type the sender claims; refused with `storage.content_type_mismatch` when the bytes disagree. */
  contentType?: string | undefined;
}

export interface ListedFile {
  key: string;
  size: number;
}

/**
 * A flat key → bytes store (disk or S3-compatible). Keys are `[a-z0-9/._-]`, relative, without
 * `..` or dot-segments. Bodies stream in and out; nothing holds a whole file in memory.
 * Writing an existing key replaces it; a reader sees the old or the new file, never a mix.
 */
export interface FileStore {
  readonly driver: 'fs' | 's3';
  put(key: string, body: Readable | Uint8Array, options?: PutOptions): Promise<StoredFile>;
  /** Throws DomainError `storage.not_found` when the key does not exist. */
  get(key: string): Promise<Readable>;
  head(key: string): Promise<StoredFile | undefined>;
  /** Removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** Every file whose key starts with `prefix` (in no particular order). */
  list(prefix?: string): AsyncIterable<ListedFile>;
}

export const fileNotFound = () => new DomainError('not_found', 'storage.not_found');
