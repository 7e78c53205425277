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
  OVERLOAD_MAX_IN_FLIGHT: int(0, 100_000).default(64),
  OVERLOAD_RETRY_AFTER_SECONDS: int(1, 3600).default(2),
  OVERLOAD_MAX_HEAP_USED_BYTES: z.coerce.number().int().min(0).default(0),
  OVERLOAD_MAX_RSS_BYTES: z.coerce.number().int().min(0).default(0),
  SHUTDOWN_GRACE_MS: int(0, 600_000).default(10_000),
  METRICS_TOKEN: z
    .string()
    .regex(
      /^[\x21-\x7e]{32,}$/,
      'at least 32 printable characters without spaces, e.g. `openssl rand -hex 32`',
    )
    .optional(),
  AUDIT_CHECKPOINT_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .refine(
      (m) => (m >= 1 && m <= 30 && 60 % m === 0) || (m >= 60 && m % 60 === 0 && 1440 % m === 0),
      'minutes dividing an hour (1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30) or whole hours dividing a day (60, 120, 180, 240, 360, 480, 720, 1440)',
    )
    .default(5),
  BACKUP_PASSPHRASE: z.string().min(12, 'a passphrase of at least 12 characters').optional(),
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
  OTP_TTL_SECONDS: int(60, 3600).default(300),
  OTP_MAX_ATTEMPTS: int(1, 20).default(5),
  OTP_RESEND_COOLDOWN_SECONDS: int(0, 3600).default(60),
  OTP_MAX_PER_PHONE_PER_HOUR: int(1, 1000).default(5),
  OTP_MAX_PER_IP_PER_HOUR: int(1, 100_000).default(20),
  OTP_ZNS_TEMPLATE_ID: z.string().min(1).max(64).default('congdanso-otp'),
  ASSISTED_SESSION_MINUTES: int(5, 240).default(30),
  ASSISTED_ZNS_TEMPLATE_ID: z.string().min(1).max(64).default('congdanso-assisted'),
  SMS_PROVIDER: z.enum(['simulator', 'esms']).default('simulator'),
  SMS_STRIP_DIACRITICS: bool.default(true),
  ESMS_BASE_URL: z.url().optional(),
  ESMS_API_KEY: z.string().optional(),
  ESMS_SECRET_KEY: z.string().optional(),
  ESMS_BRANDNAME: z.string().optional(),
  ESMS_SMS_TYPE: z.enum(['1', '2', '8']).default('2'),
  ESMS_SANDBOX: bool.default(false),
  ESMS_CALLBACK_TOKEN: z.string().min(16).optional(),
  ZALO_PROVIDER: z.enum(['simulator', 'zns']).default('simulator'),
  ZALO_ZNS_BASE_URL: z.url().optional(),
  ZALO_OAUTH_URL: z.url().optional(),
  ZALO_OA_ACCESS_TOKEN: z.string().optional(),
  ZALO_OA_REFRESH_TOKEN: z.string().optional(),
  ZALO_APP_ID: z.string().optional(),
  ZALO_APP_SECRET: z.string().optional(),
  ZALO_OA_SECRET: z.string().optional(),
  ZALO_SIMULATOR_NOT_ON_ZALO: z.string().default('+84900000118'),
  EMAIL_PROVIDER: z.enum(['simulator', 'smtp']).default('simulator'),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().default('Công dân số <no-reply@congdanso.localhost>'),
  VNEID_ISSUER: z.url().optional(),
  VNEID_CLIENT_ID: z.string().min(1).optional(),
  VNEID_CLIENT_SECRET: z.string().min(1).optional(),
  VNEID_CLIENT_PRIVATE_KEY: z.string().min(1).optional(),
  VNEID_ID_CLAIM: z.string().min(1).default('sub'),
  VNEID_LEVEL_CLAIM: z.string().min(1).default('identity_level'),
  DVCQG_ISSUER: z.url().optional(),
  DVCQG_CLIENT_ID: z.string().min(1).optional(),
  DVCQG_CLIENT_SECRET: z.string().min(1).optional(),
  DVCQG_CLIENT_PRIVATE_KEY: z.string().min(1).optional(),
  DVCQG_ID_CLAIM: z.string().min(1).default('sub'),
  DVCQG_LEVEL_CLAIM: z.string().min(1).default('identity_level'),
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
      /** Requests handled at once (health, readiness and metrics not counted); more get 503 at once. 0 = off. */
      maxInFlight: env.OVERLOAD_MAX_IN_FLIGHT,
      retryAfterSeconds: env.OVERLOAD_RETRY_AFTER_SECONDS,
    },
    /** Bearer token for /metrics; without one, /metrics answers loopback only, and never in production. */
    metricsToken: env.METRICS_TOKEN,
    /** How often the audit chain head is signed (a checkpoint), as a cron step. */
    auditCheckpointIntervalMinutes: env.AUDIT_CHECKPOINT_INTERVAL_MINUTES,
    /** Encrypts backups with a key derived from this instead of the master key. */
    backupPassphrase: env.BACKUP_PASSPHRASE,
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
    /** Sign-in codes: lifetime, wrong tries per code, and the limits counted in PostgreSQL. */
    otp: {
      ttlSeconds: env.OTP_TTL_SECONDS,
      maxAttempts: env.OTP_MAX_ATTEMPTS,
      resendCooldownSeconds: env.OTP_RESEND_COOLDOWN_SECONDS,
      maxPerPhonePerHour: env.OTP_MAX_PER_PHONE_PER_HOUR,
      maxPerIpPerHour: env.OTP_MAX_PER_IP_PER_HOUR,
      /** The Zalo ZNS template approved for the sign-in code (params: code, minutes). */
      znsTemplateId: env.OTP_ZNS_TEMPLATE_ID,
    },
    /** A volunteer acting for a citizen who approved it by code: longest session, Zalo template. */
    assisted: {
      sessionMinutes: env.ASSISTED_SESSION_MINUTES,
      /** Params: code, helper, sessionMinutes, minutes. */
      znsTemplateId: env.ASSISTED_ZNS_TEMPLATE_ID,
    },
    federation: federationConfig(
      env,
      (env.PUBLIC_URL ?? `http://${publicHost}:${env.PORT}`).replace(/\/$/, ''),
    ),
    notify: notifyConfig(env, (env.PUBLIC_URL ?? `http://${publicHost}:${env.PORT}`).replace(/\/$/, '')),
  };
}

/**
 * External e-ID providers (relying party). A provider without issuer and client id is off. Outside
 * production VNeID defaults to the in-process simulator at /dev/vneid with its fixed dev client.
 */
function federationConfig(env: z.infer<typeof Env>, publicUrl: string) {
  const simulated = env.NODE_ENV !== 'production' && !env.VNEID_ISSUER;
  return {
    simulator: simulated,
    vneid: {
      issuer: env.VNEID_ISSUER ?? (simulated ? `${publicUrl}/dev/vneid` : undefined),
      clientId: env.VNEID_CLIENT_ID ?? (simulated ? 'congdanso-dev' : undefined),
      clientSecret:
        env.VNEID_CLIENT_SECRET ??
        (simulated && !env.VNEID_CLIENT_PRIVATE_KEY ? 'simulator-vneid-secret' : undefined),
      /** PKCS#8 PEM (`\\n` escapes allowed): private_key_jwt client authentication instead of the secret. */
      clientPrivateKey: env.VNEID_CLIENT_PRIVATE_KEY?.replace(/\\n/g, '\n'),
      idClaim: env.VNEID_ID_CLAIM,
      levelClaim: env.VNEID_LEVEL_CLAIM,
    },
    dvcqg: {
      issuer: env.DVCQG_ISSUER,
      clientId: env.DVCQG_CLIENT_ID,
      clientSecret: env.DVCQG_CLIENT_SECRET,
      clientPrivateKey: env.DVCQG_CLIENT_PRIVATE_KEY?.replace(/\\n/g, '\n'),
      idClaim: env.DVCQG_ID_CLAIM,
      levelClaim: env.DVCQG_LEVEL_CLAIM,
    },
    publicUrl,
  };
}

/**
 * Providers of platform/notify. Simulators are the default; platform/notify refuses them when
 * NODE_ENV=production. Outside production the simulators' secrets have fixed development values.
 */
function notifyConfig(env: z.infer<typeof Env>, publicUrl: string) {
  const dev = (value: string | undefined, fallback: string) =>
    value ?? (env.NODE_ENV === 'production' ? undefined : fallback);
  return {
    sms: {
      provider: env.SMS_PROVIDER,
      stripDiacritics: env.SMS_STRIP_DIACRITICS,
      esms: {
        baseUrl: (
          env.ESMS_BASE_URL ??
          (env.SMS_PROVIDER === 'esms' ? 'https://rest.esms.vn' : `${publicUrl}/dev/providers/esms`)
        ).replace(/\/$/, ''),
        apiKey: dev(env.ESMS_API_KEY, 'simulator-api-key'),
        secretKey: dev(env.ESMS_SECRET_KEY, 'simulator-secret-key'),
        brandname: dev(env.ESMS_BRANDNAME, 'CONGDANSO'),
        smsType: env.ESMS_SMS_TYPE,
        sandbox: env.ESMS_SANDBOX,
        callbackToken: dev(env.ESMS_CALLBACK_TOKEN, 'simulator-callback-token'),
      },
    },
    zalo: {
      provider: env.ZALO_PROVIDER,
      znsBaseUrl: (
        env.ZALO_ZNS_BASE_URL ??
        (env.ZALO_PROVIDER === 'zns' ? 'https://business.openapi.zalo.me' : `${publicUrl}/dev/providers/zalo`)
      ).replace(/\/$/, ''),
      oauthUrl:
        env.ZALO_OAUTH_URL ??
        (env.ZALO_PROVIDER === 'zns'
          ? 'https://oauth.zaloapp.com/v4/oa/access_token'
          : `${publicUrl}/dev/providers/zalo/oauth/access_token`),
      accessToken: dev(env.ZALO_OA_ACCESS_TOKEN, 'simulator-access-token'),
      /** Single-use; after the first refresh the current one lives (sealed) in notify.zalo_tokens. */
      refreshToken: dev(env.ZALO_OA_REFRESH_TOKEN, 'simulator-refresh-token'),
      appId: dev(env.ZALO_APP_ID, '1000000000000000001'),
      appSecret: dev(env.ZALO_APP_SECRET, 'simulator-app-secret'),
      oaSecret: dev(env.ZALO_OA_SECRET, 'simulator-oa-secret'),
      simulatorNotOnZalo: env.ZALO_SIMULATOR_NOT_ON_ZALO.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    },
    email: {
      provider: env.EMAIL_PROVIDER,
      smtpUrl: env.SMTP_URL,
      from: env.MAIL_FROM,
    },
    /** Callbacks from providers reach us here. */
    publicUrl,
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
      ['KEY', 'SECRET', 'TOKEN', 'PASSPHRASE'].some((w) => name.includes(w)) ||
      ['DATABASE_URL', 'SMTP_URL'].includes(name)
        ? '(hidden)'
        : JSON.stringify(got);
    throw new ConfigError(`Invalid configuration: ${name} — expected ${describe(issue)}, got ${shown}`);
  }
  const config = toConfig(parsed.data);
  if (config.storage.driver === 's3' && !config.storage.s3.bucket) {
    throw new ConfigError('Invalid configuration: S3_BUCKET — required when STORAGE_DRIVER=s3, got nothing');
  }
  requireWhen(config.notify.sms.provider === 'esms', 'SMS_PROVIDER=esms', {
    ESMS_API_KEY: config.notify.sms.esms.apiKey,
    ESMS_SECRET_KEY: config.notify.sms.esms.secretKey,
    ESMS_BRANDNAME: config.notify.sms.esms.brandname,
    ESMS_CALLBACK_TOKEN: config.notify.sms.esms.callbackToken,
  });
  requireWhen(config.notify.zalo.provider === 'zns', 'ZALO_PROVIDER=zns', {
    ZALO_OA_ACCESS_TOKEN: config.notify.zalo.accessToken,
    ZALO_APP_ID: config.notify.zalo.appId,
    ZALO_OA_SECRET: config.notify.zalo.oaSecret,
  });
  requireWhen(config.notify.email.provider === 'smtp', 'EMAIL_PROVIDER=smtp', {
    SMTP_URL: config.notify.email.smtpUrl,
  });
  for (const [prefix, p] of [
    ['VNEID', config.federation.vneid],
    ['DVCQG', config.federation.dvcqg],
  ] as const) {
    requireWhen(Boolean(p.issuer), `${prefix}_ISSUER is set`, { [`${prefix}_CLIENT_ID`]: p.clientId });
    requireWhen(Boolean(p.issuer), `${prefix}_ISSUER is set`, {
      [`${prefix}_CLIENT_SECRET or ${prefix}_CLIENT_PRIVATE_KEY`]: p.clientSecret ?? p.clientPrivateKey,
    });
  }
  return config;
}

/**
 * What `serve` needs beyond loadConfig: in production the metrics (route latencies, job counts, audit
 * state) are served only with METRICS_TOKEN, so a server without one refuses to start rather than run
 * unmonitored. Kept out of loadConfig so the worker and CLI commands, which serve no metrics, do not need it.
 */
export function checkServeConfig(config: Config): void {
  if (config.isProduction && !config.metricsToken)
    throw new ConfigError(
      'Invalid configuration: METRICS_TOKEN — required in production for /metrics (at least 32 characters, e.g. `openssl rand -hex 32`), got nothing',
    );
}

function requireWhen(condition: boolean, when: string, values: Record<string, string | undefined>) {
  if (!condition) return;
  for (const [name, value] of Object.entries(values)) {
    if (!value) throw new ConfigError(`Invalid configuration: ${name} — required when ${when}, got nothing`);
  }
}

function describe(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_value') return `one of ${issue.values.map(String).join(', ')}`;
  if (issue.code === 'too_small') return `a value ≥ ${String(issue.minimum)}`;
  if (issue.code === 'too_big') return `a value ≤ ${String(issue.maximum)}`;
  if (issue.code === 'invalid_type') return `a ${issue.expected}`;
  if (issue.code === 'invalid_format') return issue.format === 'url' ? 'a URL' : issue.message;
  return issue.message;
}
