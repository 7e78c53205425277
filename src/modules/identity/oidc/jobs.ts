import { z } from 'zod';
import type { Clock } from '../../../platform/clock.js';
import type { Jobs } from '../../../platform/jobs/jobs.js';
import type { OidcStorage } from './adapter.js';

/** Expired codes, tokens, sessions and interactions are deleted hourly (lookups ignore them anyway). */
export function defineOidcJobs(jobs: Jobs, deps: { storage: OidcStorage; clock: Clock }): void {
  jobs.define({
    name: 'identity.purge-oidc-payloads',
    payload: z.object({}),
    async run() {
      await deps.storage.purgeExpired(deps.clock.now());
    },
  });
  void jobs.schedule('identity.purge-oidc-payloads', '7 * * * *');
}
