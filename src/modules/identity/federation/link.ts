import { uuidv7 } from 'uuidv7';
import type { Envelope } from '../../../platform/crypto/envelope.js';
import type { Tx } from '../../../platform/db/db.js';
import { DomainError } from '../../../platform/http/errors.js';
import { normaliseName, splitName } from '../accounts/names.js';
import * as accounts from '../accounts/store.js';
import { maskCccd } from '../assurance/cccd.js';
import { recordEvidence } from '../assurance/service.js';

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
  let account = await accounts.lockByCccdIndex(tx, index);
  let linkedBy: LinkedBy = 'cccd';
  if (!account && who.phone) {
    account = await accounts.lockByPhone(tx, who.phone);
    linkedBy = 'phone';
    // The phone's holder is someone else on record: never merge two people.
    if (account && account.cccd_index !== null)
      throw new DomainError('conflict', 'identity.federation_conflict');
  }
  if (account) {
    if (account.kind !== 'citizen') throw new DomainError('forbidden', 'identity.federation_not_citizen');
    if (account.status !== 'active') throw new DomainError('forbidden', 'identity.federation_disabled');
    await accounts.raiseVouchedLevel(
      tx,
      account.id,
      { level: who.level, cccd_index: index, cccd_sealed: seal(account.id) },
      now,
    );
  } else {
    linkedBy = 'created';
    const id = uuidv7();
    const fullName = normaliseName(who.name ?? '') || 'Công dân';
    const parts = splitName(fullName);
    await accounts.insertVouchedCitizen(
      tx,
      {
        id,
        full_name: fullName,
        phone: who.phone,
        assurance_level: who.level,
        family_name: parts.family || null,
        middle_name: parts.middle || null,
        given_name: parts.given,
        date_of_birth: who.birthdate,
        sex: who.sex,
        cccd_sealed: seal(id),
        cccd_index: index,
      },
      now,
    );
    account = { id, kind: 'citizen', status: 'active', cccd_index: index };
  }
  const evidenceId = await recordEvidence(
    tx,
    {
      account_id: account.id,
      level: who.level,
      method: 'vneid',
      verified_by: null,
      agency_id: null,
      details: { provider: who.provider, cccd: maskCccd(who.personalId), linkedBy },
      created_at: now,
    },
    {
      source: 'vneid',
      fields: linkedBy === 'created' ? ['cccd', 'fullName', 'dateOfBirth', 'sex'] : ['cccd'],
    },
  );
  return { accountId: account.id, linkedBy, evidenceId };
}
