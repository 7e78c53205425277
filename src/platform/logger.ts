import pino, { type Logger } from 'pino';

/**
 * Keys whose values are personal data or secrets. pino replaces them wherever they appear one or two
 * levels deep in a log object; request logging itself never includes bodies, and query values are masked.
 */
const SENSITIVE_KEYS = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'newPassword',
  'otp',
  'code',
  'token',
  'secret',
  'clientSecret',
  'phone',
  'email',
  'cccd',
  'nationalId',
  'idNumber',
  'fullName',
  'address',
  'dateOfBirth',
  'masterKey',
];

const CENSOR = '[redacted]';

export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  const paths = SENSITIVE_KEYS.flatMap((k) =>
    [k, `*.${k}`, `*.*.${k}`].map((p) => (p.includes('-') ? quote(p) : p)),
  );
  return pino(
    {
      level: options.level,
      redact: { paths, censor: CENSOR },
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination,
  );
}

/**
 * A child for lines whose fields are all top-level values the code picks itself (the access log: method,
 * masked URL, route, status, duration): the same keys are redacted, at the top level, where alone they
 * could appear in such a line. pino runs each wildcard path (`*.k`, `*.*.k`) over every field of a line,
 * which costs more than building and writing the rest of it; for a flat line they cannot match anything.
 */
export function flatLineLogger(logger: Logger): Logger {
  const paths = SENSITIVE_KEYS.map((k) => (k.includes('-') ? `["${k}"]` : k));
  return logger.child({}, { redact: { paths, censor: CENSOR } });
}

function quote(path: string): string {
  return path
    .split('.')
    .map((part) => (part.includes('-') ? `["${part}"]` : part))
    .join('.')
    .replace(/\.\[/g, '[');
}

/** `/path?a=1&b=2` → `/path?a=…&b=…`: query values may hold names, phone numbers or codes. */
export function maskQuery(url: string): string {
  const i = url.indexOf('?');
  if (i < 0) return url;
  const names = url
    .slice(i + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => `${pair.split('=')[0]}=…`);
  return `${url.slice(0, i)}?${names.join('&')}`;
}

/**
 * An error as it may be logged or stored: name, code, message and stack, with any SQL parameters cut off
 * (drizzle puts `params: …` into its messages, and parameters can be personal data).
 */
export function safeError(err: unknown): { type: string; code?: string; message: string; stack?: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  const cut = (s: string) => s.replace(/\nparams:[\s\S]*?(?=\n\s+at |$)/, '\nparams: [redacted]');
  const code = (e as { code?: unknown }).code;
  return {
    type: e.name,
    ...(typeof code === 'string' ? { code } : {}),
    message: cut(e.message),
    ...(e.stack ? { stack: cut(e.stack) } : {}),
  };
}
