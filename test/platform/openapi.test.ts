import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';

/** Swagger UI's own asset routes and the SPA/static files are not API; everything else must be documented. */
const NOT_API = /^\/api\/docs(\/|$)|^\/api\/openapi\.json$|^\/\*?$|^\*$|^\/[^/]+\.[a-z0-9]+$|^\/assets\//;

describe('OpenAPI document', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  beforeAll(async () => {
    t = await testApp();
  });
  afterAll(() => t.close());

  it('lists every route the server answers', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json() as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`)),
    );
    const missing = t.app.routeCatalogue
      .filter((r) => r.method !== 'OPTIONS' && !NOT_API.test(r.url))
      .map((r) => `${r.method} ${r.url.replace(/:([A-Za-z]+)/g, '{$1}')}`)
      .filter((r) => !documented.has(r));
    expect(missing).toEqual([]);
    expect(documented.size).toBeGreaterThan(15);
  });

  it('is a document other tools can read: every $ref resolves, every parameter has a schema', async () => {
    const doc = (await t.app.inject('/api/openapi.json')).json() as {
      components: { schemas?: Record<string, unknown> };
      paths: Record<string, Record<string, { parameters?: Array<{ name: string; schema: unknown }> }>>;
    };
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map(
      (m) => m[1]!,
    );
    expect(refs.length).toBeGreaterThan(10);
    expect([...new Set(refs)].filter((name) => !doc.components.schemas?.[name])).toEqual([]);
    const badParameters = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops).flatMap(([m, op]) =>
        (op.parameters ?? [])
          .filter((param) => typeof param.schema !== 'object')
          .map((param) => `${m} ${p} ${param.name}`),
      ),
    );
    expect(badParameters).toEqual([]);
  });

  it('serves the docs UI', async () => {
    const res = await t.app.inject('/api/docs');
    expect([200, 302]).toContain(res.statusCode);
  });
});
