import { randomBytes } from 'node:crypto';
import { buildApp } from '../app.js';
import { DEMO_STAFF_TOTP_SECRET } from '../modules/identity/module.js';
import { checkServeConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { seedOnStart } from '../seed.js';
import { removeServeLock, writeServeLock } from './pglite-lock.js';
import { configOrExit, openDatabase } from './runtime.js';

export async function serve(): Promise<void> {
  const config = configOrExit();
  checkServeConfig(config);
  const logger = createLogger({ level: config.logLevel });
  const db = await openDatabase(config);
  const seeded = await seedOnStart(db, config, logger);
  const embedded = db.engine === 'pglite';
  const internalToken = embedded ? randomBytes(32).toString('base64url') : undefined;
  const runtime = await buildApp({ config, db, logger, ...(internalToken ? { internalToken } : {}) });
  const { app } = runtime;
  if (config.jobsInServe) await runtime.jobs.startWorker();

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down: draining in-flight requests');
    const force = setTimeout(() => {
      logger.error('shutdown grace period over; exiting');
      process.exit(1);
    }, config.shutdownGraceMs + 5000);
    force.unref();
    await app.close(); // stops accepting, waits for in-flight requests, then runs onClose hooks
    await runtime.close();
    await db.close();
    if (embedded) removeServeLock(config.dataDir);
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  if (internalToken) {
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    writeServeLock(config.dataDir, port, internalToken);
  }
  printBanner(config.publicUrl, db.engine, seeded, runtime.demoLogins(), config.isProduction);
}

function printBanner(
  url: string,
  engine: string,
  seeded: boolean,
  logins: Array<{ role: string; login: string; password?: string }>,
  production: boolean,
) {
  const lines = [
    '',
    `  Công dân số đang chạy tại / is running at:  ${url}`,
    `  API docs: ${url}/api/docs   ·   database: ${engine === 'pglite' ? 'embedded PGlite (DATA_DIR)' : 'PostgreSQL'}`,
  ];
  if (seeded) lines.push('  Đã nạp dữ liệu tham chiếu và dữ liệu mẫu / reference and demo data loaded.');
  if (!production && logins.length) {
    lines.push('', '  Tài khoản dùng thử / demo logins (mật khẩu / password):');
    for (const l of logins)
      lines.push(`    ${l.role.padEnd(34)} ${l.login}${l.password ? `  /  ${l.password}` : ''}`);
    lines.push(
      '',
      '  Cán bộ đăng nhập thêm mã từ ứng dụng xác thực / staff also need an authenticator code:',
      `    khóa demo / demo key ${DEMO_STAFF_TOTP_SECRET}, hoặc / or: npm run congdanso -- demo-code`,
    );
  }
  lines.push('', '  Dừng / stop: Ctrl+C', '');
  process.stdout.write(`${lines.join('\n')}\n`);
}
