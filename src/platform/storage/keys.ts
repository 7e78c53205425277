import { DomainError } from '../http/errors.js';

const KEY = /^[a-z0-9_-][a-z0-9._-]*(\/[a-z0-9_-][a-z0-9._-]*)*$/;
const PREFIX = /^([a-z0-9_-][a-z0-9._-]*\/)*([a-z0-9_-][a-z0-9._-]*)?$/;
const MAX_KEY_LENGTH = 512;

/**
 * A key is relative, made of `[a-z0-9._-]` segments joined by `/`, and no segment starts with a dot:
 * that rules out `.`, `..`, hidden files and the store's own `.tmp` / `.meta` areas.
 */
export function assertValidKey(key: string): string {
  if (typeof key !== 'string' || key.length > MAX_KEY_LENGTH || !KEY.test(key)) throw invalidKey();
  return key;
}

/** A list prefix: whole segments followed by an optional partial one (`dossiers/2026/ab`). */
export function assertValidPrefix(prefix: string): string {
  if (typeof prefix !== 'string' || prefix.length > MAX_KEY_LENGTH || !PREFIX.test(prefix))
    throw invalidKey();
  return prefix;
}

const invalidKey = () => new DomainError('bad_request', 'storage.invalid_key');
