import { z } from 'zod';
import type { Clock } from '../../../platform/clock.js';
import type { Db } from '../../../platform/db/db.js';
import type { ModuleJob } from '../../../platform/module-contract.js';
import { purgeEmailChallenges } from '../email/service.js';
import { purgeOtpChallenges } from '../otp/service.js';
import { purgeEndedSessions } from './repo.js';

/** Sessions that ended more than this long ago are deleted; "my devices" shows only recent ones. */
const KEEP_ENDED_SESSIONS_DAYS = 30;

export function accountsJobs(deps: { db: Db; clock: Clock }): ModuleJob[] {
  return [
    {
      name: 'identity.purge-sessions',
      payload: z.object({}),
      async run() {
        const cutoff = new Date(deps.clock.now().getTime() - KEEP_ENDED_SESSIONS_DAYS * 86_400_000);
        // Idempotent: running twice deletes nothing more.
        await purgeEndedSessions(deps.db, cutoff);
        // Rate limits look back one hour; a day of challenges is kept for investigating abuse.
        await purgeOtpChallenges(deps.db, new Date(deps.clock.now().getTime() - 86_400_000));
        await purgeEmailChallenges(deps.db, new Date(deps.clock.now().getTime() - 86_400_000));
      },
      cron: '15 3 * * *',
    },
  ];
}
