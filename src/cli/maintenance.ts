import { SingleBar } from 'cli-progress';
import { type AuditVerification, verifyAuditChain } from '../platform/audit/verify.js';
import { systemClock } from '../platform/clock.js';
import { createCrypto } from '../platform/crypto/crypto.js';
import { createLogger } from '../platform/logger.js';
import { seedDemo, seedReference } from '../seed.js';
import { readServeLock } from './pglite-lock.js';
import { CliError, configOrExit, EXIT, openDatabase } from './runtime.js';

export async function migrate(): Promise<void> {
  const config = configOrExit();
  const db = await openDatabase(config, { migrate: false });
  try {
    const { runMigrations } = await import('../platform/db/migrate.js');
    await runMigrations(db);
    console.log('Đã áp dụng migration / migrations applied.');
  } finally {
    await db.close();
  }
}

export async function seed(demo: boolean): Promise<void> {
  const config = configOrExit();
  if (demo && config.isProduction)
    throw new CliError('Demo data is refused in production (NODE_ENV=production).', EXIT.refused);
  const db = await openDatabase(config);
  try {
    await seedReference(db);
    console.log('Đã nạp dữ liệu tham chiếu / reference data loaded (units, agencies, holidays).');
    if (demo) {
      const loaded = await seedDemo(db, config);
      console.log(
        loaded ? 'Đã nạp dữ liệu mẫu / demo data loaded.' : 'Demo data already present; nothing to do.',
      );
    }
  } finally {
    await db.close();
  }
}

export async function auditVerify(): Promise<void> {
  const config = configOrExit();
  const holder = config.databaseUrl ? null : readServeLock(config.dataDir);
  let result: AuditVerification;
  if (holder) {
    // serve holds the embedded database: ask it over loopback.
    const res = await fetch(`http://127.0.0.1:${holder.port}/internal/audit/verify`, {
      headers: { authorization: `Bearer ${holder.token}` },
    });
    if (!res.ok)
      throw new CliError(`The running server refused the check (HTTP ${res.status}).`, EXIT.failure);
    result = (await res.json()) as AuditVerification;
  } else {
    const db = await openDatabase(config);
    const bar = process.stderr.isTTY
      ? new SingleBar({ format: 'audit verify [{bar}] {value}/{total}' })
      : null;
    try {
      let started = false;
      result = await verifyAuditChain(db, {
        onProgress: ({ checked, total }) => {
          if (!bar) return;
          if (!started) bar.start(total, 0);
          started = true;
          bar.update(checked);
        },
      });
    } finally {
      bar?.stop();
      await db.close();
    }
  }
  if (result.ok) {
    console.log(`Chuỗi nhật ký kiểm toán nguyên vẹn / audit chain intact: ${result.count} events.`);
    return;
  }
  throw new CliError(
    `Chuỗi nhật ký kiểm toán bị phá vỡ / audit chain BROKEN at event ${result.brokenAt}: ${result.reason} (${result.count} events intact before it).`,
    EXIT.auditBroken,
  );
}

export async function rotateKeys(): Promise<void> {
  const config = configOrExit();
  const db = await openDatabase(config);
  try {
    const logger = createLogger({ level: config.logLevel });
    const crypto = await createCrypto({ config, db, logger, clock: systemClock });
    const key = await crypto.keyring.rotate();
    console.log(`Khóa ký mới / new signing key: ${key.kid}`);
  } finally {
    await db.close();
  }
}

/** The demo staff accounts share one authenticator secret, so a demo needs no phone app. */
export async function demoCode(): Promise<void> {
  const config = configOrExit();
  if (config.isProduction)
    throw new CliError('Demo codes are refused in production (NODE_ENV=production).', EXIT.refused);
  const { demoStaffCode } = await import('../modules/identity/module.js');
  const now = Date.now();
  const left = 30 - Math.floor((now / 1000) % 30);
  console.log(
    `${demoStaffCode(new Date(now))}  (mã xác thực cán bộ demo, còn ${left} giây / demo staff code, ${left} s left)`,
  );
}
