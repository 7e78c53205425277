import { z } from 'zod';
import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/db.js';
import type { ModuleJob } from '../../../platform/module-contract.js';
import { purgeAttempts } from './repo.js';

/** Attempts hold PKCE verifiers and nonces: nothing to keep once they expired (a day for investigation). */
export function federationJobs(deps: { db: Db; clock: Clock }): ModuleJob[] {
  return [
    {
      name: 'identity.purge-federated-attempts',
      payload: z.object({}),
      async run() {
        const cutoff = new Date(deps.clock.now().getTime() - 86_400_000);
        await purgeAttempts(deps.db, cutoff);
      },
      cron: '25 3 * * *',
    },
  ];
}
