import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../../test/helpers/db.js';
import { createAudit } from '../../../platform/audit/audit.js';
import { ManualClock } from '../../../platform/clock.js';
import { createEnvelope } from '../../../platform/crypto/envelope.js';
import { masterKeysFrom } from '../../../platform/crypto/master-key.js';
import { DomainError } from '../../../platform/http/errors.js';
import { createAssuranceService } from '../assurance/service.js';
import { cccdIndexer, linkAccount, type VouchedIdentity } from './link.js';

const key = randomBytes(32);
const envelope = createEnvelope(masterKeysFrom(key));
const index = cccdIndexer(key);
const now = new Date('2026-03-02T02:00:00Z');

const who = (over: Partial<VouchedIdentity> = {}): VouchedIdentity => ({
  provider: 'vneid',
  personalId: '048090123456',
  level: 2,
  name: 'Trần Văn Minh',
  birthdate: '1990-05-12',
  sex: 'male',
  phone: null,
  ...over,
});

describe('linkAccount', () => {
  let db: Awaited<ReturnType<typeof testDb>>;
  const insert = (
    id: string,
    kind: string,
    phone: string | null,
    extra: { status?: string; level?: number; cccd?: string } = {},
  ) =>
    db.query(
      `insert into identity.accounts (id, kind, full_name, phone, status, assurance_level, cccd_index, created_at, updated_at)
       values ($1, $2, 'Người thử', $3, $4, $5, $6, now(), now())`,
      [id, kind, phone, extra.status ?? 'active', extra.level ?? 1, extra.cccd ? index(extra.cccd) : null],
    );
  const link = (w: VouchedIdentity) => db.tx((tx) => linkAccount(tx, { envelope, index, now }, w));
  const refusal = async (w: VouchedIdentity) => {
    const err = await link(w).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    return (err as DomainError).code;
  };

  beforeAll(async () => {
    db = await testDb();
  });
  afterAll(() => db.drop());

  it('creates a citizen with the sealed number, never lowers a level, and links again by number', async () => {
    const created = await link(who({ level: 1, phone: '+84905000301' }));
    expect(created.linkedBy).toBe('created');
    const id = created.accountId;
    await db.query('update identity.accounts set assurance_level = 2 where id = $1', [id]);
    const again = await link(who({ level: 1 }));
    expect(again).toMatchObject({ accountId: id, linkedBy: 'cccd' });
    const { rows } = await db.query<{ assurance_level: number; cccd_sealed: string; family_name: string }>(
      'select assurance_level, cccd_sealed, family_name from identity.accounts where id = $1',
      [id],
    );
    expect(rows[0]!.assurance_level).toBe(2);
    expect(rows[0]!.family_name).toBe('Trần');
    expect(envelope.decrypt(Buffer.from(rows[0]!.cccd_sealed, 'base64'), id).toString()).toBe('048090123456');
  });

  it('finds the account whose card was read by the assurance service (same index key)', async () => {
    const accountId = '01950000-0000-7000-8000-0000000000a4';
    await insert(accountId, 'citizen', '+84905000304');
    const assurance = createAssuranceService({
      db,
      clock: new ManualClock('2026-03-02T09:00:00+07:00'),
      audit: createAudit({ clock: new ManualClock('2026-03-02T09:00:00+07:00') }),
      envelope,
      masterKey: key,
    });
    const actor = { kind: 'citizen', accountId, sessionId: 's', assurance: 1 } as const;
    await assurance.readCardQr(
      actor,
      '001090123457||Nguyễn Văn An|15031990|Nam|Tổ 5, Phường Hải Châu, Thành phố Đà Nẵng|20042021',
    );
    expect(await link(who({ personalId: '001090123457' }))).toMatchObject({ accountId, linkedBy: 'cccd' });
  });

  it('refuses to merge with a phone holder who has another number on record', async () => {
    await insert('01950000-0000-7000-8000-0000000000a1', 'citizen', '+84905000302', { cccd: '048195000111' });
    expect(await refusal(who({ personalId: '001090000001', phone: '+84905000302' }))).toBe(
      'identity.federation_conflict',
    );
  });

  it('refuses staff accounts and disabled accounts', async () => {
    await insert('01950000-0000-7000-8000-0000000000a2', 'staff', '+84905000303');
    expect(await refusal(who({ personalId: '001090000002', phone: '+84905000303' }))).toBe(
      'identity.federation_not_citizen',
    );
    await insert('01950000-0000-7000-8000-0000000000a3', 'citizen', null, {
      status: 'disabled',
      cccd: '001090000003',
    });
    expect(await refusal(who({ personalId: '001090000003' }))).toBe('identity.federation_disabled');
  });
});
