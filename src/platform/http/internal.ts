import { timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { verifyAuditChain } from '../audit/verify.js';
import type { Db } from '../db/db.js';
import { type App, operationalRouteConfig } from './app.js';
import { DomainError } from './errors.js';
import { isLoopback } from './loopback.js';

const Verification = z.object({
  ok: z.boolean(),
  count: z.number().int(),
  brokenAt: z.number().int().optional(),
  reason: z.string().optional(),
});

/**
 * Loopback-only operations for the `congdanso` CLI while `serve` holds the embedded database. The token is
 * random per process and only readable in DATA_DIR/serve.json (mode 0600).
 */
export function registerInternalRoutes(app: App, deps: { db: Db; token: string }): void {
  const expected = Buffer.from(`Bearer ${deps.token}`);
  app.get(
    '/internal/audit/verify',
    {
      // An operator's command, not public traffic: a busy or rate-limited loopback must not refuse it.
      config: operationalRouteConfig,
      schema: {
        tags: ['operations'],
        summary: 'Verify the audit hash chain (CLI use, loopback with the process token)',
        response: { 200: Verification },
      },
    },
    async (req) => {
      const given = Buffer.from(req.headers.authorization ?? '');
      if (!isLoopback(req) || given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new DomainError('not_found', 'http.not_found');
      }
      return verifyAuditChain(deps.db);
    },
  );
}
