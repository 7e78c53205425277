import { buildApp } from '../app.js';
import { createLogger } from '../platform/logger.js';
import { CliError, configOrExit, EXIT, openDatabase } from './runtime.js';

/** Runs background jobs only; several workers (and serve processes) share one PostgreSQL database. */
export async function worker(): Promise<void> {
  const config = configOrExit();
  if (!config.databaseUrl) {
    throw new CliError(
      'congdanso worker needs a PostgreSQL server (DATABASE_URL). With the embedded database, jobs run inside `serve`.',
      EXIT.refused,
    );
  }
  const logger = createLogger({ level: config.logLevel });
  const db = await openDatabase(config);
  // The same composition as serve (every module defines its jobs there), without listening for HTTP.
  const runtime = await buildApp({ config, db, logger, instanceName: 'worker' });
  await runtime.jobs.startWorker();
  logger.info({ jobs: runtime.jobs.names }, 'worker started');

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'worker stopping: finishing running jobs');
    await runtime.close();
    await runtime.app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
