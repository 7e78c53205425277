import fs from 'node:fs';
import path from 'node:path';
import { type Config, ConfigError, loadConfig } from '../platform/config.js';
import { type Db, openDb } from '../platform/db/db.js';
import { runMigrations } from '../platform/db/migrate.js';
import { readServeLock } from './pglite-lock.js';

/** Exit codes of every `congdanso` command. */
export const EXIT = {
  ok: 0,
  failure: 1,
  config: 2,
  database: 3,
  auditBroken: 4,
  refused: 5,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

export function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(err.message, EXIT.config);
    throw err;
  }
}

/** Opens the configured database and checks it answers, with a message a person can act on. */
export async function openDatabase(config: Config, options: { migrate?: boolean } = {}): Promise<Db> {
  let db: Db;
  if (config.databaseUrl) {
    db = await openDb({ databaseUrl: config.databaseUrl, poolMax: config.dbPoolMax });
  } else {
    const dir = path.join(config.dataDir, 'pglite');
    fs.mkdirSync(config.dataDir, { recursive: true });
    const holder = readServeLock(config.dataDir);
    if (holder) {
      throw new CliError(
        `The embedded database in ${config.dataDir} is in use by congdanso serve (pid ${holder.pid}). Stop it first, or run every process against PostgreSQL with DATABASE_URL.`,
        EXIT.refused,
      );
    }
    try {
      db = await openDb({ pgliteDir: dir });
    } catch (err) {
      throw new CliError(
        `Cannot open the embedded database in ${dir}: ${(err as Error).message}. Is another congdanso process using this DATA_DIR?`,
        EXIT.database,
      );
    }
  }
  try {
    await db.ping();
  } catch (err) {
    await db.close().catch(() => {});
    throw new CliError(
      `Cannot connect to the database at ${describeUrl(config.databaseUrl)} (${(err as { code?: string }).code ?? (err as Error).message}). Check DATABASE_URL and that PostgreSQL is running.`,
      EXIT.database,
    );
  }
  if (options.migrate !== false) await runMigrations(db);
  return db;
}

function describeUrl(url: string | undefined): string {
  if (!url) return 'embedded PGlite';
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}
