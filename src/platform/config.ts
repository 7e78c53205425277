import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:mm, e.g. 17:00');

/** Every environment variable the platform reads. README.md documents each of them. */
const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// connection URL')
    .optional(),
  DB_POOL_MAX: int(1, 500).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CORS_ORIGINS: z.string().default(''),
  TRUST_PROXY: bool.default(false),
  BODY_LIMIT_BYTES: int(1024, 100 * 1024 * 1024).default(1024 * 1024),
  RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(600),
  OVERLOAD_MAX_EVENT_LOOP_DELAY_MS: int(0, 60_000).default(1000),
  OVERLOAD_MAX_HEAP_USED_BYTES: z.coerce.number().int().min(0).default(0),
  OVERLOAD_MAX_RSS_BYTES: z.coerce.number().int().min(0).default(0),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  JOBS_IN_SERVE: bool.default(true),
  MASTER_KEY: z
    .string()
    .regex(/^[A-Za-z0-9+/_-]{43}=?$/, 'a 32-byte key in base64 (44 characters)')
    .optional(),
  MASTER_KEY_FILE: z.string().min(1).optional(),
  MASTER_KEYS_OLD: z
    .string()
    .regex(
      /^\s*[A-Za-z0-9+/_-]{43}=?\s*(,\s*[A-Za-z0-9+/_-]{43}=?\s*)*$/,
      'a comma-separated list of 32-byte keys in base64',
    )
    .optional(),
  SIGNING_KEY_RETENTION_DAYS: int(1, 3650).default(400),
  STORAGE_DRIVER: z.enum(['fs', 's3']).default('fs'),
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default('us-east-1'),
  S3_BUCKET: z.string().optional(),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  S3_FORCE_PATH_STYLE: bool.default(true),
  WORKDAY_CUTOFF: clock.default('17:00'),
  DEMO_SEED: bool.optional(),
});

export type Config = ReturnType<typeof toConfig>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function toConfig(env: z.infer<typeof Env>) {
  const dataDir = path.resolve(env.DATA_DIR);
  const isProduction = env.NODE_ENV === 'production';
  const publicHost = env.HOST === '0.0.0.0' || env.HOST === '::' ? 'localhost' : env.HOST;
  return {
    env: env.NODE_ENV,
    isProduction,
    port: env.PORT,
    host: env.HOST,
    publicUrl: (env.PUBLIC_URL ?? `http://${publicHost}:${env.PORT}`).replace(/\/$/, ''),
    dataDir,
    databaseUrl: env.DATABASE_URL,
    dbPoolMax: env.DB_POOL_MAX,
    logLevel: env.LOG_LEVEL,
    corsOrigins: env.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    trustProxy: env.TRUST_PROXY,
    bodyLimit: env.BODY_LIMIT_BYTES,
    rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
    overload: {
      maxEventLoopDelayMs: env.OVERLOAD_MAX_EVENT_LOOP_DELAY_MS,
      maxHeapUsedBytes: env.OVERLOAD_MAX_HEAP_USED_BYTES,
      maxRssBytes: env.OVERLOAD_MAX_RSS_BYTES,
    },
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    jobsInServe: env.JOBS_IN_SERVE,
    masterKey: env.MASTER_KEY,
    masterKeyFile: env.MASTER_KEY_FILE,
    /** Retired master keys, kept only to decrypt data wrapped before a rotation. */
    masterKeysOld: (env.MASTER_KEYS_OLD ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    signingKeyRetentionDays: env.SIGNING_KEY_RETENTION_DAYS,
    storage: {
      driver: env.STORAGE_DRIVER,
      dir: path.join(dataDir, 'files'),
      s3: {
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION,
        bucket: env.S3_BUCKET,
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
        forcePathStyle: env.S3_FORCE_PATH_STYLE,
      },
    },
    workdayCutoff: env.WORKDAY_CUTOFF,
    /** Demo data is loaded on an empty database outside production unless DEMO_SEED=false. */
    demoSeed: env.DEMO_SEED ?? !isProduction,
  };
}

/**
 * Reads and validates the environment. Throws ConfigError with a one-line message naming the
 * variable and what is expected, so start-up can print it and exit non-zero.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const picked: Record<string, string> = {};
  for (const key of Object.keys(Env.shape)) {
    const value = source[key];
    if (value !== undefined && value !== '') picked[key] = value;
  }
  const parsed = Env.safeParse(picked);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const got = picked[name];
    const shown =
      name.includes('KEY') || name.includes('SECRET') || name === 'DATABASE_URL'
        ? '(hidden)'
        : JSON.stringify(got);
    throw new ConfigError(`Invalid configuration: ${name} — expected ${describe(issue)}, got ${shown}`);
  }
  const config = toConfig(parsed.data);
  if (config.storage.driver === 's3' && !config.storage.s3.bucket) {
    throw new ConfigError('Invalid configuration: S3_BUCKET — required when STORAGE_DRIVER=s3, got nothing');
  }
  return config;
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `one of ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'too_small') return `a value ≥ ${String(issue.minimum)}`;
  if (issue.code === 'too_big') return `a value ≤ ${String(issue.maximum)}`;
  if (issue.code === 'invalid_type') return `a ${issue.expected}`;
  if (issue.code === 'invalid_format') return issue.format === 'url' ? 'a URL' : issue.message;
  return issue.message;
}
