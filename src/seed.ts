import { type Logger, pino } from 'pino';
import { seedDirectory, seedStaffRoles } from './modules/directory/module.js';
import { DEMO_STAFF_PASSWORD, seedDemoAccounts } from './modules/identity/module.js';
import type { StaffRole } from './platform/auth/actor.js';
import { seedHolidays } from './platform/calendar/seed.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import { createEnvelope } from './platform/crypto/envelope.js';
import { loadMasterKeys } from './platform/crypto/master-key.js';
import type { Db } from './platform/db/db.js';

/** Agencies (by code, see seed/directory/agencies.json) where each demo staff account holds its role. */
const DEMO_GRANTS: Record<string, { agencyCode: string; role: StaffRole; wardCode: string | null }> = {
  city_admin: { agencyCode: '000.00.00.H17', role: 'city_admin', wardCode: null },
  haichau_admin: { agencyCode: '48-UBND-20242', role: 'agency_admin', wardCode: null },
  haichau_officer: { agencyCode: '48-UBND-20242', role: 'officer', wardCode: '20242' },
  center_reception: { agencyCode: '48-TT-PVHCC', role: 'reception', wardCode: null },
  haichau_volunteer: { agencyCode: '48-UBND-20242', role: 'community_member', wardCode: '20242' },
};

const BANNER_ROLES: Record<string, string> = {
  city_admin: 'Quản trị thành phố (city admin)',
  haichau_admin: 'Quản trị UBND P. Hải Châu',
  haichau_officer: 'Cán bộ UBND P. Hải Châu',
  center_reception: 'Một cửa — TT Phục vụ HCC',
  haichau_volunteer: 'Tổ công nghệ số cộng đồng',
  citizen: 'Công dân (đăng nhập bằng OTP)',
};

/** Reference data every installation needs: admin units, agencies, the holiday calendar. Idempotent. */
export async function seedReference(db: Db): Promise<void> {
  await db.tx(async (tx) => {
    await seedDirectory(tx);
    await seedHolidays(tx);
  });
}

/**
 * Demo staff (with roles and the demo authenticator secret) and citizens, in one transaction; refused in
 * production. The secret is sealed with the installation's master key, as the app itself does.
 */
export async function seedDemo(
  db: Db,
  config: Config,
  clock: Clock = systemClock,
  logger: Logger = pino({ enabled: false }),
): Promise<boolean> {
  if (config.isProduction) throw new Error('Demo data is never loaded in production (NODE_ENV=production).');
  const envelope = createEnvelope(loadMasterKeys(config, logger));
  return db.tx(async (tx) => {
    const logins = await seedDemoAccounts(tx, clock.now(), envelope);
    if (!logins) return false;
    const grants = logins.flatMap((l) => {
      const g = DEMO_GRANTS[l.key];
      return g ? [{ accountId: l.id, ...g }] : [];
    });
    await seedStaffRoles(tx, grants, clock.now());
    return true;
  });
}

/**
 * Every start refreshes the reference data (idempotent upserts that write nothing when unchanged, so a
 * second start stays fast); an empty database also gets the demo data outside production.
 * Returns true when demo data was loaded.
 */
export async function seedOnStart(db: Db, config: Config, logger?: Logger): Promise<boolean> {
  await seedReference(db);
  return config.demoSeed ? seedDemo(db, config, systemClock, logger) : false;
}

export function demoLoginsForBanner(): Array<{ role: string; login: string; password?: string }> {
  return [
    { role: BANNER_ROLES.city_admin!, login: 'quantri@congdanso.danang.vn', password: DEMO_STAFF_PASSWORD },
    {
      role: BANNER_ROLES.haichau_admin!,
      login: 'quantri.haichau@congdanso.danang.vn',
      password: DEMO_STAFF_PASSWORD,
    },
    {
      role: BANNER_ROLES.haichau_officer!,
      login: 'canbo.haichau@congdanso.danang.vn',
      password: DEMO_STAFF_PASSWORD,
    },
    {
      role: BANNER_ROLES.center_reception!,
      login: 'motcua@congdanso.danang.vn',
      password: DEMO_STAFF_PASSWORD,
    },
    {
      role: BANNER_ROLES.haichau_volunteer!,
      login: 'tinhnguyen.haichau@congdanso.danang.vn',
      password: DEMO_STAFF_PASSWORD,
    },
    { role: BANNER_ROLES.citizen!, login: '0905 123 456 · 0935 234 567 · 0914 345 678' },
  ];
}
