import i18next from 'i18next';
import { afterEach, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { ApiProblem as ApiProblemType } from '../../web/src/api/client.js';
import type { components } from '../../web/src/api/schema.js';

// The browser resolves '/api/…' against the page; Node's Request needs an origin to do the same.
class PageRequest extends Request {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === 'string' ? new URL(input, 'https://congdanso.test') : input, init);
  }
}
vi.stubGlobal('Request', PageRequest);

const { ApiProblem, setCsrfToken } = await import('../../web/src/api/client.js');
const { listConsents, withdrawConsent } = await import('../../web/src/api/consents.js');
const { listUnits } = await import('../../web/src/api/directory.js');
const { staffPassword } = await import('../../web/src/api/session.js');

const seen: Request[] = [];
function answer(response: () => Response | Promise<Response>) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (request: Request) => {
      seen.push(request);
      return response();
    }),
  );
}
const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: {
      'content-type': status < 400 ? 'application/json' : 'application/problem+json',
      ...headers,
    },
  });
async function problemOf(call: Promise<unknown>): Promise<ApiProblemType> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiProblem);
  return error as ApiProblemType;
}

const consent: components['schemas']['Consent'] = {
  id: '0190d6a0-0000-7000-8000-000000000001',
  clientId: 'thu-vien',
  clientName: 'Thư viện',
  purpose: 'Mượn sách',
  scopes: ['openid'],
  dataItems: [{ claim: 'name', label: 'Họ và tên' }],
  offlineAccess: false,
  grantedAt: '2026-03-02T02:00:00.000Z',
  withdrawnAt: null,
  status: 'active',
};

describe('web API client (openapi-fetch)', () => {
  beforeAll(async () => {
    await i18next.init({ lng: 'en', resources: {} });
  });
  afterEach(() => {
    seen.length = 0;
    setCsrfToken(undefined);
  });

  it('reads with the session cookie, asks for JSON or a problem, in the UI language, without a CSRF token', async () => {
    setCsrfToken('csrf-1');
    answer(() => json(200, { items: [consent] }));
    expect(await listConsents()).toEqual([consent]);
    const [request] = seen;
    expect(request!.method).toBe('GET');
    expect(new URL(request!.url).pathname).toBe('/api/v1/me/consents');
    expect(request!.credentials).toBe('same-origin');
    expect(request!.headers.get('accept')).toBe('application/json, application/problem+json');
    expect(request!.headers.get('accept-language')).toBe('en');
    expect(request!.headers.has('x-csrf-token')).toBe(false);
  });

  it('sends the CSRF token on writes, encodes path parameters, and takes 204 as no content', async () => {
    setCsrfToken('csrf-1');
    answer(() => new Response(null, { status: 204 }));
    await expect(withdrawConsent('a/b')).resolves.toBeUndefined();
    expect(seen[0]!.method).toBe('DELETE');
    expect(new URL(seen[0]!.url).pathname).toBe('/api/v1/me/consents/a%2Fb');
    expect(seen[0]!.headers.get('x-csrf-token')).toBe('csrf-1');
    expect(seen[0]!.headers.has('content-type')).toBe(false);
  });

  it('sends a JSON body and leaves empty query parameters out', async () => {
    answer(() => json(200, { step: 'totp', pendingId: 'p', expiresAt: '2026-03-02T02:05:00.000Z' }));
    expect((await staffPassword('lan@congdanso.test', 'secret')).step).toBe('totp');
    expect(seen[0]!.headers.get('content-type')).toBe('application/json');
    expect(await seen[0]!.json()).toEqual({ email: 'lan@congdanso.test', password: 'secret' });

    answer(() => json(200, { items: [], nextCursor: null }));
    await listUnits('', undefined);
    expect(new URL(seen[1]!.url).search).toBe('?limit=100');
  });

  it('throws a problem+json answer as an ApiProblem with its field errors, request id and Retry-After', async () => {
    answer(() =>
      json(
        429,
        {
          type: 'about:blank',
          status: 429,
          title: 'Too many',
          detail: 'Wait',
          code: 'rate_limited',
          errors: [{ pointer: '/body/email', code: 'x', message: 'No' }],
          requestId: 'req-1',
        },
        { 'retry-after': '30' },
      ),
    );
    const problem = await problemOf(listConsents());
    expect(problem).toMatchObject({
      status: 429,
      title: 'Too many',
      detail: 'Wait',
      code: 'rate_limited',
      requestId: 'req-1',
      retryAfter: 30,
    });
    expect(problem.errors).toEqual([{ pointer: '/body/email', code: 'x', message: 'No' }]);
  });

  it('names an answer that is no problem+json (a proxy page) `unexpected`, and an unreachable server `network`', async () => {
    answer(
      () => new Response('<h1>Bad gateway</h1>', { status: 502, headers: { 'content-type': 'text/html' } }),
    );
    expect(await problemOf(listConsents())).toMatchObject({ status: 502, code: 'unexpected' });

    answer(() => {
      throw new TypeError('Failed to fetch');
    });
    expect(await problemOf(listConsents())).toMatchObject({ status: 0, code: 'network' });
  });

  it('lets an aborted request end as an AbortError, not a problem', async () => {
    answer(() => {
      throw new DOMException('The operation was aborted.', 'AbortError');
    });
    const controller = new AbortController();
    await expect(listUnits('a', undefined, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('types each answer by the generated schema', () => {
    expectTypeOf(listConsents).returns.resolves.toEqualTypeOf<components['schemas']['Consent'][]>();
    expectTypeOf(withdrawConsent).returns.resolves.toEqualTypeOf<void>();
  });
});
