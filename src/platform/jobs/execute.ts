import type { Logger } from 'pino';
import type { z } from 'zod';
import { safeError } from '../logger.js';
import { jobsCompleted, jobsFailed } from '../metrics.js';
import type { JobDefinition } from './jobs.js';

export interface Outcome {
  status: 'completed' | 'failed' | 'invalid';
  /** Stored on the job by pg-boss: an error message or the invalid fields, never the payload. */
  output?: object;
}

interface FetchedJob {
  id: string;
  data: unknown;
  retryCount: number;
  signal?: AbortSignal;
}

/** Runs one fetched job: validates its payload again (it may predate a schema change), then the handler. */
export async function runJob(def: JobDefinition<z.ZodType>, job: FetchedJob, log: Logger): Promise<Outcome> {
  const attempt = job.retryCount + 1;
  const meta = { job: def.name, jobId: job.id, attempt };
  const parsed = def.payload.safeParse(job.data);
  if (!parsed.success) {
    jobsFailed.inc({ name: def.name });
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)');
    log.error({ ...meta, fields }, 'job payload does not match its schema; not retried');
    return { status: 'invalid', output: { error: 'invalid_payload', fields } };
  }
  try {
    await def.run(parsed.data, {
      jobId: job.id,
      attempt,
      signal: job.signal ?? new AbortController().signal,
    });
    jobsCompleted.inc({ name: def.name });
    return { status: 'completed' };
  } catch (err) {
    jobsFailed.inc({ name: def.name });
    const safe = safeError(err);
    log.warn({ ...meta, err: safe }, 'job failed; pg-boss retries it until its retry limit');
    return { status: 'failed', output: { error: safe.message } };
  }
}
