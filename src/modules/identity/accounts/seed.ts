import { uuidv7 } from 'uuidv7';
import type { Envelope } from '../../../platform/crypto/envelope.js';
import type { Tx } from '../../../platform/db/db.js';
import { hashPassword } from '../security/passwords.js';
import { insertConfirmedTotp, sealSecret } from '../security/service.js';
import { totpCodeAt, totpStep } from '../security/totp.js';
import { hasAnyAccount, insertAccount } from './repo.js';

/** Demo sign-ins printed at start and listed in README. Only ever seeded outside production. */
export const DEMO_STAFF_PASSWORD = 'CongDanSo@2026';
/**
 * The authenticator-app secret every demo staff account starts with (base32), so a demo can sign staff in
 * at once: add it to an authenticator app, or print the current code with `npm run congdanso -- demo-code`.
 */
export const DEMO_STAFF_TOTP_SECRET = 'INXW4Z2EMFXFG3ZAMRSW23ZAKRHVIUBB';

/** The demo staff authenticator's current code (the `demo-code` command). */
export function demoStaffCode(at: Date): string {
  return totpCodeAt(DEMO_STAFF_TOTP_SECRET, totpStep(at));
}

export interface DemoLogin {
  key: string;
  kind: 'staff' | 'citizen';
  id: string;
  fullName: string;
  login: string;
  password?: string;
}

const staff = [
  { key: 'city_admin', fullName: 'Phan Thị Quản Trị', email: 'quantri@congdanso.danang.vn' },
  { key: 'haichau_admin', fullName: 'Hồ Văn Hải', email: 'quantri.haichau@congdanso.danang.vn' },
  { key: 'haichau_officer', fullName: 'Đặng Thị Châu', email: 'canbo.haichau@congdanso.danang.vn' },
  { key: 'center_reception', fullName: 'Võ Minh Tiếp', email: 'motcua@congdanso.danang.vn' },
  { key: 'haichau_volunteer', fullName: 'Lương Thị Tình', email: 'tinhnguyen.haichau@congdanso.danang.vn' },
] as const;

const citizens = [
  { key: 'citizen_an', fullName: 'Nguyễn Văn An', phone: '+84905123456' },
  { key: 'citizen_binh', fullName: 'Trần Thị Bình', phone: '+84935234567' },
  { key: 'citizen_cuong', fullName: 'Lê Văn Cường', phone: '+84914345678' },
] as const;

/**
 * Inserts the demo staff (with the demo authenticator secret, sealed with the installation's envelope) and
 * citizens into an installation without accounts; null when any account exists (the demo is loaded once).
 * The caller grants staff roles through the directory module.
 */
export async function seedDemoAccounts(tx: Tx, now: Date, envelope: Envelope): Promise<DemoLogin[] | null> {
  if (await hasAnyAccount(tx)) return null;
  const sealTotp = (accountId: string, secret: string) => sealSecret(envelope, accountId, secret);
  const passwordHash = await hashPassword(DEMO_STAFF_PASSWORD);
  const out: DemoLogin[] = [];
  for (const s of staff) {
    const id = uuidv7();
    await insertAccount(
      tx,
      {
        id,
        kind: 'staff',
        full_name: s.fullName,
        phone: null,
        email: s.email,
        password_hash: passwordHash,
        assurance_level: 2,
      },
      now,
    );
    await insertConfirmedTotp(tx, id, sealTotp(id, DEMO_STAFF_TOTP_SECRET), now);
    out.push({
      key: s.key,
      kind: 'staff',
      id,
      fullName: s.fullName,
      login: s.email,
      password: DEMO_STAFF_PASSWORD,
    });
  }
  for (const c of citizens) {
    const id = uuidv7();
    await insertAccount(
      tx,
      {
        id,
        kind: 'citizen',
        full_name: c.fullName,
        phone: c.phone,
        email: null,
        password_hash: null,
        assurance_level: 1,
      },
      now,
    );
    out.push({ key: c.key, kind: 'citizen', id, fullName: c.fullName, login: c.phone });
  }
  return out;
}
