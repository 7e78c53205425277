import type { InjectOptions } from 'fastify';
import type { App } from '../../src/platform/http/app.js';
import type { HttpFetch } from '../../src/platform/notify/ports.js';

/**
 * A fetch that sends requests for `baseUrl` to the app in this process through `app.inject`, so the
 * real adapters talk to the simulators (and the simulators to our callbacks) without a listening port.
 */
export function injectFetch(getApp: () => App, baseUrl: string): HttpFetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    if (!url.href.startsWith(baseUrl)) throw new TypeError('fetch failed: no such host in tests');
    init?.signal?.throwIfAborted();
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    const res = await getApp().inject({
      method: (init?.method ?? 'GET') as InjectOptions['method'],
      url: `${url.pathname}${url.search}`,
      headers,
      ...(init?.body !== undefined && init.body !== null ? { payload: String(init.body) } : {}),
    });
    const responseHeaders = new Headers();
    for (const [k, v] of Object.entries(res.headers)) {
      if (v !== undefined) responseHeaders.set(k, Array.isArray(v) ? v.join(', ') : String(v));
    }
    return new Response(new Uint8Array(res.rawPayload), { status: res.statusCode, headers: responseHeaders });
  }) as HttpFetch;
}
