import { createHash } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Audit } from '../../../platform/audit/audit.js';
import { type Actor, actorRef, requireSignedIn, requireStaff } from '../../../platform/auth/actor.js';
import type { Clock } from '../../../platform/clock.js';
import type { Envelope } from '../../../platform/crypto/envelope.js';
import type { Db, Sql, Tx } from '../../../platform/db/db.js';
import { DomainError, invalidField } from '../../../platform/http/errors.js';
import * as accounts from '../accounts/store.js';
import { maskCccd, validateCccd } from './cccd.js';
import { cccdIndexer } from './cccd-index.js';
import { readCccdQr } from './cccd-qr.js';
import type { MapOldAddress } from './old-address.js';
import * as assuranceRepo from './repo.js';

export interface AssuranceDeps {
  db: Db;
  clock: Clock;
  audit: Audit;
  envelope: Envelope;
  /** The current master key; the CCCD index key is derived from it. */
  masterKey: Buffer;
  mapOldAddress?: MapOldAddress;
}

const VERIFIED_FIELDS = ['fullName', 'dateOfBirth', 'sex', 'address', 'cccd'] as const;

/**
 * Keeps the evidence of an assurance step and marks the profile fields it vouches for, in the caller's
 * transaction (the card read here, a counter check, or a federated e-ID); returns the evidence id.
 */
export async function recordEvidence(
  tx: Sql,
  evidence: Omit<assuranceRepo.EvidenceRow, 'id'>,
  profile: { source: assuranceRepo.ProfileSource; fields: readonly string[] },
): Promise<string> {
  const id = uuidv7();
  await assuranceRepo.insertEvidence(tx, { id, ...evidence });
  await assuranceRepo.setProfileSources(tx, evidence.account_id, profile.fields, {
    source: profile.source,
    evidenceId: id,
    verifiedAt: evidence.created_at,
  });
  return id;
}

/**
 * Identity assurance (level 1 = phone verified, level 2 = CCCD verified). A citizen fills the profile from
 * the QR on their chip card; level 2 needs a person who saw the card: a counter officer or a community
 * digital-team member. Evidence (method, who, when) is kept; the number itself only encrypted.
 */
export function createAssuranceService(deps: AssuranceDeps) {
  const { db, clock, audit, envelope } = deps;
  const cccdIndex = cccdIndexer(deps.masterKey);
  const seal = (accountId: string, cccd: string) => envelope.encrypt(cccd, accountId).toString('base64');

  async function ensureUnclaimed(tx: Tx, index: string, accountId: string) {
    if (await accounts.otherHolderOfCccd(tx, index, accountId))
      throw new DomainError('conflict', 'identity.cccd_taken');
  }

  return {
    /**
     * The citizen scans the QR on their card, or a volunteer does it for them in an assisted session (the
     * card is in front of both): the profile is filled and marked as read from the card. Level 2 stays a
     * separate confirmation.
     */
    async readCardQr(actor: Actor, qrText: string, requestId?: string) {
      requireSignedIn(actor);
      if (actor.kind !== 'citizen' && actor.kind !== 'assistant')
        throw new DomainError('forbidden', 'http.forbidden');
      const accountId = actor.kind === 'assistant' ? actor.citizenId : actor.accountId;
      const assisted = actor.kind === 'assistant';
      const read = await readCccdQr(qrText, {
        clock,
        ...(deps.mapOldAddress ? { mapOldAddress: deps.mapOldAddress } : {}),
      });
      if (!read.ok) throw invalidField('/body/qrText', read.reason, read.field ? { field: read.field } : {});
      const card = read.data;
      const index = cccdIndex(card.cccd);
      const now = clock.now();
      await db.tx(async (tx) => {
        await ensureUnclaimed(tx, index, accountId);
        // The số định danh never changes with a new card: at level 2 another number is another person.
        const current = await accounts.lockForCccdClaim(tx, accountId);
        if (current && current.assurance_level >= 2 && current.cccd_index && current.cccd_index !== index)
          throw invalidField('/body/qrText', 'identity.cccd_other_card');
        await accounts.writeCardProfile(
          tx,
          accountId,
          {
            full_name: card.fullName,
            family_name: card.nameParts.family,
            middle_name: card.nameParts.middle || null,
            given_name: card.nameParts.given,
            date_of_birth: card.dateOfBirth,
            sex: card.sex,
            address: card.address,
            address_unit_code: card.addressMapping?.newCode ?? null,
            cccd_sealed: seal(accountId, card.cccd),
            cccd_index: index,
          },
          now,
        );
        const evidenceId = await recordEvidence(
          tx,
          {
            account_id: accountId,
            level: 1,
            method: assisted ? 'cccd_qr_assisted' : 'cccd_qr_self',
            verified_by: assisted ? actorRef(actor) : null,
            agency_id: null,
            details: {
              cccd: maskCccd(card.cccd),
              issueDate: card.issueDate,
              qrSha256: createHash('sha256').update(qrText).digest('hex'),
            },
            created_at: now,
          },
          { source: 'cccd_qr', fields: VERIFIED_FIELDS },
        );
        await audit.record(tx, {
          actor,
          action: 'identity.cccd_read',
          targetType: 'account',
          targetId: accountId,
          requestId,
          data: { evidenceId },
        });
      });
      return {
        cccd: maskCccd(card.cccd),
        fullName: card.fullName,
        dateOfBirth: card.dateOfBirth,
        sex: card.sex,
        address: card.address,
        issueDate: card.issueDate,
        addressMapping: card.addressMapping,
      };
    },

    /**
     * A counter officer or community-team member who has seen the card raises the citizen (found by phone)
     * to level 2. The number typed from the card must agree with the birth date and sex read from its QR.
     */
    async confirmLevel2(actor: Actor, input: { phone: string; cccd: string }, requestId?: string) {
      const { grants } = requireStaff(actor, ['reception', 'officer', 'community_member']);
      const citizen = await accounts.findActiveCardFactsByPhone(db, input.phone);
      if (citizen?.kind !== 'citizen') throw new DomainError('not_found', 'identity.citizen_not_found');
      const check = validateCccd(input.cccd, {
        ...(citizen.date_of_birth ? { dateOfBirth: citizen.date_of_birth } : {}),
        ...(citizen.sex ? { sex: citizen.sex } : {}),
      });
      if (!check.ok)
        throw invalidField('/body/cccd', check.reason, check.mismatch ? { mismatch: check.mismatch } : {});
      const index = cccdIndex(check.cccd);
      if (citizen.cccd_index && citizen.cccd_index !== index)
        throw invalidField('/body/cccd', 'identity.cccd_mismatch');
      const volunteer = grants.every((g) => g.role === 'community_member');
      const now = clock.now();
      await db.tx(async (tx) => {
        await ensureUnclaimed(tx, index, citizen.id);
        await accounts.raiseToLevel2(
          tx,
          citizen.id,
          { cccd_index: index, cccd_sealed: seal(citizen.id, check.cccd) },
          now,
        );
        const evidenceId = await recordEvidence(
          tx,
          {
            account_id: citizen.id,
            level: 2,
            method: volunteer ? 'community_team' : 'counter_staff',
            verified_by: actorRef(actor),
            agency_id: grants[0]?.agencyId ?? null,
            details: { cccd: maskCccd(check.cccd) },
            created_at: now,
          },
          { source: 'staff', fields: ['cccd'] },
        );
        await audit.record(tx, {
          actor,
          action: 'identity.assurance_raised',
          targetType: 'account',
          targetId: citizen.id,
          requestId,
          data: { level: 2, evidenceId },
        });
      });
      return { accountId: citizen.id, assuranceLevel: 2 as const };
    },
  };
}

export type AssuranceService = ReturnType<typeof createAssuranceService>;
