import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, seedReference } from '../../src/seed.js';
import { testApp } from '../helpers/app.js';
import { staffLogin } from '../helpers/login.js';

/**
 * Schema-driven fuzz (issue 9, item 9): every operation of the OpenAPI document gets requests that break
 * its own schema (path parameters, query parameters, JSON body), anonymously and as the city admin. No
 * answer may be a 5xx, and every error must be RFC 9457 problem+json.
 */

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  schema?: JsonSchema;
}
interface Operation {
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}
interface Case {
  op: string;
  label: string;
  method: string;
  url: string;
  payload?: string;
  contentType?: string;
}

/**
 * Routes that speak someone else's protocol, so their errors follow that protocol, not RFC 9457: the
 * OpenID Provider (OAuth 2.0 / OIDC error JSON and HTML pages) and the development simulators of VNeID and
 * of the SMS/Zalo providers. They are still fuzzed for 5xx.
 */
const FOREIGN_PROTOCOL = /^\/(oidc|dev\/vneid|dev\/providers)(\/|$)/;

const SAMPLE_STRINGS = ['01950000-0000-7000-8000-000000000001', '48', '20242', 'abcdefgh12', 'abc'];

/** A value the schema accepts, for the parameters a case does not break. */
function validString(schema: JsonSchema | undefined): string {
  if (schema?.enum?.length) return String(schema.enum[0]);
  const fits = (s: string) =>
    (!schema?.pattern || new RegExp(schema.pattern).test(s)) &&
    s.length >= (schema?.minLength ?? 0) &&
    s.length <= (schema?.maxLength ?? Number.POSITIVE_INFINITY);
  return SAMPLE_STRINGS.find(fits) ?? 'abc';
}

function typesOf(schema: JsonSchema): string[] {
  if (schema.anyOf) return schema.anyOf.flatMap(typesOf);
  return [schema.type ?? []].flat();
}

/** Values that break one schema: wrong types, out-of-range, too long, not in the enum, not the format. */
function badValues(schema: JsonSchema): Array<[string, unknown]> {
  const types = typesOf(schema);
  const out: Array<[string, unknown]> = [];
  if (!types.includes('object')) out.push(['an object', { nested: true }]);
  if (!types.includes('array')) out.push(['an array', ['x']]);
  if (types.includes('string')) {
    out.push(['a number for a string', 12345]);
    out.push(['an empty string', '']);
    out.push(['a string far too long', 'x'.repeat(Math.max(schema.maxLength ?? 0, 5000) + 1)]);
    out.push(['not a URL, date, e-mail or uuid', 'not a url :// %% @ 2026-13-45']);
    out.push(['a NUL and a lone surrogate', 'a\u0000b\ud800c']);
  }
  if (types.includes('integer') || types.includes('number')) {
    out.push(['a string for a number', 'abc']);
    out.push(['a huge number', 1e308]);
    out.push(['a negative number', -1]);
    out.push(['a fraction', 1.5]);
  }
  if (types.includes('boolean')) out.push(['a string for a boolean', 'yes']);
  if (types.includes('array')) {
    out.push(['a string for an array', 'x']);
    out.push(['an empty array', []]);
    for (const [label, value] of schema.items ? badValues(schema.items).slice(0, 6) : [])
      out.push([`an item that is ${label}`, [value]]);
  }
  if (types.includes('object') && schema.properties) out.push(['an array for an object', []]);
  if (schema.enum) out.push(['a value outside the enum', 'zzz-not-in-enum']);
  if (!types.includes('null')) out.push(['null', null]);
  return out;
}

/** Query-string forms of broken values (everything arrives as text there). */
function badQueryValues(schema: JsonSchema | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [
    ['far too long', 'x'.repeat(Math.max(schema?.maxLength ?? 0, 5000) + 1)],
    ['a broken percent-encoding', '%E0%A4%A'],
    ['not a URL, date or uuid', encodeURIComponent('not a url :// @ 2026-13-45')],
  ];
  const types = schema ? typesOf(schema) : [];
  if (types.includes('integer') || types.includes('number'))
    out.push(
      ['not a number', 'abc'],
      ['a huge number', '1e400'],
      ['a negative number', '-5'],
      ['a fraction', '1.5'],
    );
  if (schema?.enum) out.push(['outside the enum', 'zzz-not-in-enum']);
  return out;
}

function bodySchemaOf(op: Operation): JsonSchema | undefined {
  const schema = op.requestBody?.content?.['application/json']?.schema;
  if (!schema) return undefined;
  return schema.anyOf?.find((s) => s.properties) ?? schema;
}

function casesFor(method: string, path: string, op: Operation): Case[] {
  const name = `${method} ${path}`;
  const params = op.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const fill = (broken?: { name: string; value: string }) =>
    path.replace(/\{([^}]+)\}/g, (_, p: string) =>
      broken?.name === p
        ? broken.value
        : encodeURIComponent(validString(pathParams.find((x) => x.name === p)?.schema)),
    );
  const base = fill();
  const cases: Case[] = [];
  const add = (label: string, url: string, body?: { payload: string; contentType: string }) =>
    cases.push({
      op: name,
      label,
      method,
      url,
      ...(body ? { payload: body.payload, contentType: body.contentType } : {}),
    });

  for (const p of pathParams) {
    add(`path ${p.name}: longer than maxParamLength`, fill({ name: p.name, value: 'x'.repeat(300) }));
    add(`path ${p.name}: a broken percent-encoding`, fill({ name: p.name, value: '%E0%A4%A' }));
    add(`path ${p.name}: not what the schema wants`, fill({ name: p.name, value: 'zz%20not%20valid' }));
    add(`path ${p.name}: a dot segment`, fill({ name: p.name, value: '..' }));
  }
  for (const q of queryParams) {
    for (const [label, value] of badQueryValues(q.schema))
      add(`query ${q.name}: ${label}`, `${base}?${q.name}=${value}`);
    add(`query ${q.name}: given twice`, `${base}?${q.name}=a&${q.name}=b`);
  }
  const body = bodySchemaOf(op);
  if (body && method !== 'GET') {
    const json = (label: string, value: unknown) =>
      add(`body: ${label}`, base, { payload: JSON.stringify(value), contentType: 'application/json' });
    json('an array', []);
    json('a string', 'text');
    json('null', null);
    json('a number', 42);
    json('an empty object', {});
    json('an unknown field', { zzzUnknown: 1 });
    add('body: malformed JSON', base, { payload: '{"a": ', contentType: 'application/json' });
    add('body: text/plain', base, { payload: 'hello', contentType: 'text/plain' });
    add('body: JSON nested too deep', base, {
      payload: `${'['.repeat(5000)}${']'.repeat(5000)}`,
      contentType: 'application/json',
    });
    for (const [prop, schema] of Object.entries(body.properties ?? {}))
      for (const [label, value] of badValues(schema)) json(`${prop}: ${label}`, { [prop]: value });
  }
  return cases;
}

describe('issue 9, item 9: schema-violating requests to every OpenAPI operation', {
  timeout: 600_000,
}, () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let cases: Case[] = [];
  const found = { fiveXx: [] as string[], notProblem: [] as string[] };

  beforeAll(async () => {
    t = await testApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
    await seedReference(t.db);
    await seedDemo(t.db, t.config, t.clock);
    const doc = (await t.app.inject('/api/openapi.json')).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    cases = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).flatMap(([method, op]) => casesFor(method.toUpperCase(), path, op)),
    );
    const admin = await staffLogin(t, 'quantri@congdanso.danang.vn');
    for (const [who, headers] of [
      ['anonymous', {}],
      ['city admin', admin.headers],
    ] as const) {
      for (const c of cases) {
        const res = await t.app.inject({
          method: c.method as 'GET',
          url: c.url,
          headers: { ...headers, ...(c.contentType ? { 'content-type': c.contentType } : {}) },
          ...(c.payload === undefined ? {} : { payload: c.payload }),
        });
        const where = `${c.op} [${c.label}] as ${who} → ${res.statusCode}`;
        if (res.statusCode >= 500) found.fiveXx.push(where);
        const path = c.url.split('?')[0] ?? '';
        if (
          res.statusCode >= 400 &&
          !FOREIGN_PROTOCOL.test(path) &&
          !/^application\/problem\+json/.test(String(res.headers['content-type']))
        )
          found.notProblem.push(`${where} ${res.headers['content-type']}`);
      }
    }
  }, 300_000);
  afterAll(() => t.close());

  it('covers every operation with a schema to break', () => {
    expect(new Set(cases.map((c) => c.op)).size).toBeGreaterThan(50);
    expect(cases.length).toBeGreaterThan(500);
  });

  it('never answers 5xx', () => {
    expect(found.fiveXx).toEqual([]);
  });

  it('answers every error as application/problem+json (framework errors such as 414 included)', () => {
    expect(found.notProblem).toEqual([]);
  });
});
