import { z } from 'zod';
import type { Clock } from '../../../platform/clock.js';
import type { ModuleJob } from '../../../platform/module-contract.js';
import type { OidcStorage } from './adapter.js';

/** Expired codes, tokens, sessions and interactions are deleted hourly (lookups ignore them anyway). */
export function oidcJobs(deps: { storage: OidcStorage; clock: Clock }): ModuleJob[] {
  return [
    {
      name: 'identity.purge-oidc-payloads',
      payload: z.object({}),
      async run() {
        await deps.storage.purgeExpired(deps.clock.now());
      },
      cron: '7 * * * *',
    },
  ];
}
