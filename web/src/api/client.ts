import i18next from 'i18next';

export interface FieldProblem {
  pointer: string;
  code: string;
  message: string;
}

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

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  signal?: AbortSignal;
}

export function apiUrl(path: string, query?: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json',
    'accept-language': i18next.language || 'vi',
  };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiProblem(0, i18next.t('errors.network.title'), i18next.t('errors.network.detail'), 'network');
  }
  if (response.status === 204) return undefined as T;
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  const payload: unknown = isJson ? await response.json().catch(() => undefined) : undefined;
  if (response.ok) return payload as T;
  const retryAfter = Number(response.headers.get('retry-after'));
  throw toProblem(
    response.status,
    payload,
    Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
  );
}

function toProblem(status: number, payload: unknown, retryAfter?: number): ApiProblem {
  const p = (payload ?? {}) as Partial<{
    title: string;
    detail: string;
    code: string;
    errors: FieldProblem[];
    requestId: string;
  }>;
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
