import { z } from 'zod';
import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/db.js';
import type { Jobs } from '../../../platform/jobs/jobs.js';
import { purgeAttempts } from './repo.js';

/** Attempts hold PKCE verifiers and nonces: nothing to keep once they expired (a day for investigation). */
export function defineFederationJobs(jobs: Jobs, deps: { db: Db; clock: Clock }): void {
  jobs.define({
    name: 'identity.purge-federated-attempts',
    payload: z.object({}),
    async run() {
      const cutoff = new Date(deps.clock.now().getTime() - 86_400_000);
      await purgeAttempts(deps.db, cutoff);
    },
  });
  void jobs.schedule('identity.purge-federated-attempts', '25 3 * * *');
}
