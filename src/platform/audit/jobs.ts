import type { Logger } from 'pino';
import { Gauge } from 'prom-client';
import { z } from 'zod';
import type { Sql } from '../db/db.js';
import type { Jobs } from '../jobs/jobs.js';
import { registry } from '../metrics.js';
import { verifyAuditChain } from './verify.js';

const chainOk = new Gauge({
  name: 'audit_chain_intact',
  help: '1 when the last nightly verification found the audit hash chain intact, 0 when broken',
  registers: [registry],
});

/** Verifies the whole audit chain every night, so tampering is noticed without anyone asking. */
export function defineAuditJobs(jobs: Jobs, deps: { db: Sql; logger: Logger }): void {
  jobs.define({
    name: 'audit.verify-chain',
    payload: z.object({}),
    retryLimit: 2,
    expireInSeconds: 3600,
    async run() {
      const result = await verifyAuditChain(deps.db);
      chainOk.set(result.ok ? 1 : 0);
      if (result.ok) deps.logger.info({ count: result.count }, 'audit chain intact');
      else deps.logger.error({ brokenAt: result.brokenAt, reason: result.reason }, 'audit chain BROKEN');
    },
  });
  void jobs.schedule('audit.verify-chain', '30 2 * * *');
}
