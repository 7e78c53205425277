import { uuidv7 } from 'uuidv7';
import type { Envelope } from '../../../platform/crypto/envelope.js';
import type { Tx } from '../../../platform/db/db.js';
import { DomainError } from '../../../platform/http/errors.js';
import { normaliseName, splitName } from '../accounts/names.js';
import { maskCccd } from '../assurance/cccd.js';

export { cccdIndexer } from '../assurance/cccd-index.js';

/** What the external provider vouched for, already checked. */
export interface VouchedIdentity {
  provider: string;
  personalId: string;
  level: 1 | 2;
  name: string | null;
  birthdate: string | null;
  sex: 'male' | 'female' | null;
  /** E.164, only when the provider says it verified it. */
  phone: string | null;
}

export type LinkedBy = 'cccd' | 'phone' | 'created';

interface Found {
  id: string;
  kind: 'citizen' | 'staff';
  status: 'active' | 'disabled';
  cccd_index: string | null;
}

/**
 * Finds the local account of the person (by số định danh, then by the provider-verified phone),
 * or creates a citizen account, and raises its assurance to the vouched level. Never lowers it.
 */
export async function linkAccount(
  tx: Tx,
  deps: { envelope: Envelope; index: (cccd: string) => string; now: Date },
  who: VouchedIdentity,
): Promise<{ accountId: string; linkedBy: LinkedBy; evidenceId: string }> {
  const { now } = deps;
  const index = deps.index(who.personalId);
  const seal = (accountId: string) => deps.envelope.encrypt(who.personalId, accountId).toString('base64');
  const byIndex = await tx.query<Found>(
    'select id, kind, status, cccd_index from identity.accounts where cccd_index = $1 for update',
    [index],
  );
  let account = byIndex.rows[0];
  let linkedBy: LinkedBy = 'cccd';
  if (!account && who.phone) {
    const byPhone = await tx.query<Found>(
      'select id, kind, status, cccd_index from identity.accounts where phone = $1 for update',
      [who.phone],
    );
    account = byPhone.rows[0];
    linkedBy = 'phone';
    // The phone's holder is someone else on record: never merge two people.
    if (account && account.cccd_index !== null)
      throw new DomainError('conflict', 'identity.federation_conflict');
  }
  if (account) {
    if (account.kind !== 'citizen') throw new DomainError('forbidden', 'identity.federation_not_citizen');
    if (account.status !== 'active') throw new DomainError('forbidden', 'identity.federation_disabled');
    await tx.query(
      `update identity.accounts
          set assurance_level = greatest(assurance_level, $2), cccd_index = $3,
              cccd_sealed = coalesce(cccd_sealed, $4), updated_at = $5
        where id = $1`,
      [account.id, who.level, index, seal(account.id), now],
    );
  } else {
    linkedBy = 'created';
    const id = uuidv7();
    const fullName = normaliseName(who.name ?? '') || 'Công dân';
    const parts = splitName(fullName);
    await tx.query(
      `insert into identity.accounts
         (id, kind, full_name, phone, phone_verified_at, assurance_level, family_name, middle_name, given_name,
          date_of_birth, sex, cccd_sealed, cccd_index, created_at, updated_at)
       values ($1, 'citizen', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)`,
      [
        id,
        fullName,
        who.phone,
        who.phone ? now : null,
        who.level,
        parts.family || null,
        parts.middle || null,
        parts.given,
        who.birthdate,
        who.sex,
        seal(id),
        index,
        now,
      ],
    );
    account = { id, kind: 'citizen', status: 'active', cccd_index: index };
  }
  const evidenceId = uuidv7();
  await tx.query(
    `insert into identity.assurance_evidence (id, account_id, level, method, verified_by, details, created_at)
     values ($1, $2, $3, 'vneid', null, $4, $5)`,
    [
      evidenceId,
      account.id,
      who.level,
      { provider: who.provider, cccd: maskCccd(who.personalId), linkedBy },
      now,
    ],
  );
  const fields = linkedBy === 'created' ? ['cccd', 'fullName', 'dateOfBirth', 'sex'] : ['cccd'];
  for (const field of fields) {
    await tx.query(
      `insert into identity.profile_sources (account_id, field, source, evidence_id, verified_at)
       values ($1, $2, 'vneid', $3, $4)
       on conflict (account_id, field) do update
         set source = excluded.source, evidence_id = excluded.evidence_id, verified_at = excluded.verified_at`,
      [account.id, field, evidenceId, now],
    );
  }
  return { accountId: account.id, linkedBy, evidenceId };
}
