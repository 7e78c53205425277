import i18next from 'i18next';
import createClient from 'openapi-fetch';
import type { paths } from './schema.js';
import type { Schema } from './types.js';

type FieldProblem = NonNullable<Schema<'Problem'>['errors']>[number];

/**
 * An RFC 9457 problem from the server. title, detail and errors[].message are already localised by the
 * server from Accept-Language, so the UI shows them as they are instead of keeping its own copy.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string | undefined,
    readonly code: string,
    readonly errors: FieldProblem[] = [],
    readonly requestId?: string,
    /** Seconds from a 429's Retry-After header, so the UI can say when to try again. */
    readonly retryAfter?: number,
  ) {
    super(title);
    this.name = 'ApiProblem';
  }
}

let csrfToken: string | undefined;

/** Set from GET /api/v1/me; cookie-authenticated writes must echo it in x-csrf-token. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Query parameters without the empty ones: an empty search box means no filter, not `q=`. */
function searchOf(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  return params.toString();
}

/**
 * The typed client: every path, parameter, body and answer is checked against web/src/api/schema.d.ts,
 * which `npm run gen:api` generates from the server's route schemas. Call it through `unwrap`.
 */
export const client = createClient<paths>({
  credentials: 'same-origin',
  // Looked up at each call, not kept from start-up, so a fetch stubbed later (tests) is the one used.
  fetch: (request) => globalThis.fetch(request),
  querySerializer: searchOf,
});

client.use({
  onRequest({ request }) {
    request.headers.set('accept', 'application/json, application/problem+json');
    request.headers.set('accept-language', i18next.language || 'vi');
    if (request.method !== 'GET' && csrfToken) request.headers.set('x-csrf-token', csrfToken);
    return request;
  },
});

type Answer = { data?: unknown; error?: unknown; response: Response };

/**
 * The JSON of a successful answer (undefined for 204). A problem+json answer is thrown as an ApiProblem;
 * so is a failed connection (`network`). An aborted request rethrows the AbortError.
 */
export async function unwrap<A extends Answer>(call: Promise<A>): Promise<Exclude<A['data'], undefined>> {
  let answer: A;
  try {
    answer = await call;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    // fetch rejects with a TypeError when the server cannot be reached; anything else is a broken answer.
    if (error instanceof TypeError) {
      throw new ApiProblem(
        0,
        i18next.t('errors.network.title'),
        i18next.t('errors.network.detail'),
        'network',
      );
    }
    throw toProblem(0, undefined);
  }
  const { response } = answer;
  if (response.ok) return answer.data as Exclude<A['data'], undefined>;
  const retryAfter = Number(response.headers.get('retry-after'));
  throw toProblem(
    response.status,
    answer.error,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

function toProblem(status: number, payload: unknown, retryAfter?: number): ApiProblem {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Partial<Schema<'Problem'>>;
  if (typeof p.title !== 'string') {
    return new ApiProblem(
      status,
      i18next.t('errors.unexpected.title'),
      i18next.t('errors.unexpected.detail'),
      'unexpected',
      [],
      undefined,
      retryAfter,
    );
  }
  return new ApiProblem(
    status,
    p.title,
    p.detail,
    p.code ?? 'unknown',
    Array.isArray(p.errors) ? p.errors : [],
    p.requestId,
    retryAfter,
  );
}
