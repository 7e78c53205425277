/**
 * Typed domain errors. Services throw these; platform/http maps them once to RFC 9457
 * problem+json. Services never choose HTTP statuses.
 */
export type ErrorKind =
  | 'bad_request'
  | 'validation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid_state'
  | 'rate_limited'
  | 'unavailable';

export const STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_state: 422,
  rate_limited: 429,
  unavailable: 503,
};

/** One invalid input, addressed by a JSON pointer into the request (`/body/phone`). */
export interface FieldError {
  pointer: string;
  code: string;
  params?: Record<string, unknown>;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    /** `<module>.<snake_reason>`; the catalogue holds `errors.<code>.title` and `.detail`. */
    readonly code: `${string}.${string}`,
    readonly params: Record<string, unknown> = {},
    readonly fieldErrors: FieldError[] = [],
    /** Seconds, for 429 / 503. */
    readonly retryAfter?: number,
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export const notFound = (code: `${string}.${string}`, params?: Record<string, unknown>) =>
  new DomainError('not_found', code, params);

/** A single-field validation failure raised by a service rule (not by the schema). */
export function invalidField(
  pointer: string,
  code: string,
  params: Record<string, unknown> = {},
): DomainError {
  return new DomainError('validation', 'http.validation', { count: 1 }, [{ pointer, code, params }]);
}
