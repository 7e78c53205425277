import { invalidField } from './errors.js';

const UUID = /^[0-9a-f-]{36}$/i;

/** An opaque keyset cursor: the sort key of the last row of a page, as base64url JSON. */
export function encodeCursor(position: readonly unknown[]): string {
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

/**
 * The position a cursor from encodeCursor holds, checked by `valid`; a cursor that is not one (edited,
 * truncated, from another list) is a 400 on `/querystring/cursor` with `code`.
 */
export function decodeCursor<T extends readonly unknown[]>(
  cursor: string | undefined,
  valid: (value: readonly unknown[]) => value is T,
  code: string,
): T | null {
  if (cursor === undefined) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && valid(value)) return value;
  } catch {
    // falls through to the field error
  }
  throw invalidField('/querystring/cursor', code);
}

/** A cursor for lists ordered by (time desc, id desc). */
export const timeCursor = {
  encode: (at: Date, id: string) => encodeCursor([at.toISOString(), id]),
  decode(cursor: string | undefined, code: string): { at: Date; id: string } | null {
    const value = decodeCursor(cursor, isTimeAndId, code);
    return value && { at: new Date(value[0]), id: value[1] };
  },
};

function isTimeAndId(value: readonly unknown[]): value is [string, string] {
  return (
    value.length === 2 &&
    typeof value[0] === 'string' &&
    !Number.isNaN(new Date(value[0]).getTime()) &&
    typeof value[1] === 'string' &&
    UUID.test(value[1])
  );
}

/** Whether a value is [string, uuid] (e.g. a name and an id). */
export function isStringAndId(value: readonly unknown[]): value is [string, string] {
  return (
    value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && UUID.test(value[1])
  );
}
