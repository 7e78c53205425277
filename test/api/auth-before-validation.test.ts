import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../helpers/app.js';

/**
 * Operations anyone may call without signing in. Every other operation answers an anonymous caller 401
 * before it looks at the body, query or path (a probe got 400 and the full field list from 29 of 31).
 */
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /.well-known/jwks.json',
  // Provider callbacks authenticate by their signature.
  'GET /api/v1/notify/callbacks/esms',
  'POST /api/v1/notify/callbacks/zalo',
  // Signing in.
  'POST /api/v1/auth/otp',
  'POST /api/v1/auth/otp/verify',
  'POST /api/v1/auth/staff/login',
  'POST /api/v1/auth/staff/totp',
  'POST /api/v1/auth/staff/set-password',
  // Signing out without a session changes nothing (204 either way).
  'POST /api/v1/auth/logout',
  'GET /api/v1/auth/federated',
  'GET /api/v1/auth/federated/{provider}/start',
  'GET /api/v1/auth/federated/{provider}/callback',
  // Public reference data.
  'GET /api/v1/directory/units',
  'GET /api/v1/directory/units/{code}',
  'GET /api/v1/directory/unit-mappings',
  'GET /api/v1/directory/agencies',
  'GET /api/v1/directory/agencies/{id}',
  'GET /api/v1/calendar/holidays',
  'GET /api/v1/calendar/holidays/suggestions',
  'GET /api/v1/calendar/working-days',
]);
/** The OpenID Provider authenticates clients and people by its own protocol; /dev is the simulators (not in production). */
const isProtocolOrDev = (path: string) => /^\/(oidc|dev)\//.test(path);

type Operation = { security?: unknown[] };

describe('authentication comes before validation, on every operation', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  let operations: Array<{ method: string; path: string; op: Operation }>;
  beforeAll(async () => {
    t = await testApp();
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
    );
  });
  afterAll(() => t.close());

  it('lists every operation either as public or as needing a session', () => {
    const undeclared = operations
      .filter(
        ({ method, path, op }) =>
          !PUBLIC.has(`${method} ${path}`) && !isProtocolOrDev(path) && !op.security?.length,
      )
      .map(({ method, path }) => `${method} ${path}`);
    expect(undeclared).toEqual([]);
  });

  it('answers an anonymous caller 401 problem+json before validating anything', async () => {
    const protectedOps = operations.filter(({ op }) => op.security?.length);
    expect(protectedOps.length).toBeGreaterThan(25);
    const answers: string[] = [];
    for (const { method, path } of protectedOps) {
      const res = await t.app.inject({
        method: method as 'GET',
        url: `${path.replace(/\{[^}]+\}/g, 'x')}?cursor=%%%&limit=-1`,
        ...(method === 'GET' ? {} : { payload: { email: 'x', unexpected: true } }),
      });
      if (
        res.statusCode !== 401 ||
        !String(res.headers['content-type']).startsWith('application/problem+json')
      ) {
        answers.push(`${method} ${path} → ${res.statusCode} ${res.body.slice(0, 80)}`);
      }
    }
    expect(answers).toEqual([]);
  });
});
