import { createHash } from 'node:crypto';
import { uuidv7 } from 'uuidv7';
import type { Audit } from '../../../platform/audit/audit.js';
import { type Actor, actorRef, requireSignedIn, requireStaff } from '../../../platform/auth/actor.js';
import type { Clock } from '../../../platform/clock.js';
import type { Envelope } from '../../../platform/crypto/envelope.js';
import type { Db, Tx } from '../../../platform/db/db.js';
import { DomainError, invalidField } from '../../../platform/http/errors.js';
import { maskCccd, validateCccd } from './cccd.js';
import { cccdIndexer } from './cccd-index.js';
import { readCccdQr } from './cccd-qr.js';
import type { MapOldAddress } from './old-address.js';

export interface AssuranceDeps {
  db: Db;
  clock: Clock;
  audit: Audit;
  envelope: Envelope;
  /** The current master key; the CCCD index key is derived from it. */
  masterKey: Buffer;
  mapOldAddress?: MapOldAddress;
}

interface CitizenRow {
  id: string;
  kind: 'citizen' | 'staff';
  date_of_birth: string | null;
  sex: 'male' | 'female' | null;
  cccd_index: string | null;
  assurance_level: number;
}

const VERIFIED_FIELDS = ['fullName', 'dateOfBirth', 'sex', 'address', 'cccd'] as const;

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
    const { rows } = await tx.query<{ id: string }>(
      'select id from identity.accounts where cccd_index = $1 and id <> $2',
      [index, accountId],
    );
    if (rows[0]) throw new DomainError('conflict', 'identity.cccd_taken');
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
        const { rows } = await tx.query<{ assurance_level: number; cccd_index: string | null }>(
          'select assurance_level, cccd_index from identity.accounts where id = $1 for update',
          [accountId],
        );
        const current = rows[0];
        if (current && current.assurance_level >= 2 && current.cccd_index && current.cccd_index !== index)
          throw invalidField('/body/qrText', 'identity.cccd_other_card');
        await tx.query(
          `update identity.accounts
              set full_name = $2, family_name = $3, middle_name = $4, given_name = $5, date_of_birth = $6, sex = $7,
                  address = $8, address_unit_code = $9, cccd_sealed = $10, cccd_index = $11, updated_at = $12
            where id = $1`,
          [
            accountId,
            card.fullName,
            card.nameParts.family,
            card.nameParts.middle || null,
            card.nameParts.given,
            card.dateOfBirth,
            card.sex,
            card.address,
            card.addressMapping?.newCode ?? null,
            seal(accountId, card.cccd),
            index,
            now,
          ],
        );
        const evidenceId = uuidv7();
        await tx.query(
          `insert into identity.assurance_evidence (id, account_id, level, method, verified_by, details, created_at)
           values ($1, $2, 1, $3, $4, $5, $6)`,
          [
            evidenceId,
            accountId,
            assisted ? 'cccd_qr_assisted' : 'cccd_qr_self',
            assisted ? actorRef(actor) : null,
            {
              cccd: maskCccd(card.cccd),
              issueDate: card.issueDate,
              qrSha256: createHash('sha256').update(qrText).digest('hex'),
            },
            now,
          ],
        );
        for (const field of VERIFIED_FIELDS) {
          await tx.query(
            `insert into identity.profile_sources (account_id, field, source, evidence_id, verified_at)
             values ($1, $2, 'cccd_qr', $3, $4)
             on conflict (account_id, field) do update
               set source = excluded.source, evidence_id = excluded.evidence_id, verified_at = excluded.verified_at`,
            [accountId, field, evidenceId, now],
          );
        }
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
      const { rows } = await db.query<CitizenRow>(
        `select id, kind, date_of_birth::text as date_of_birth, sex, cccd_index, assurance_level
           from identity.accounts where phone = $1 and status = 'active'`,
        [input.phone],
      );
      const citizen = rows[0];
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
        await tx.query(
          `update identity.accounts
              set assurance_level = 2, cccd_index = $2, cccd_sealed = coalesce(cccd_sealed, $3), updated_at = $4
            where id = $1`,
          [citizen.id, index, seal(citizen.id, check.cccd), now],
        );
        const evidenceId = uuidv7();
        await tx.query(
          `insert into identity.assurance_evidence (id, account_id, level, method, verified_by, agency_id, details, created_at)
           values ($1, $2, 2, $3, $4, $5, $6, $7)`,
          [
            evidenceId,
            citizen.id,
            volunteer ? 'community_team' : 'counter_staff',
            actorRef(actor),
            grants[0]?.agencyId ?? null,
            { cccd: maskCccd(check.cccd) },
            now,
          ],
        );
        await tx.query(
          `insert into identity.profile_sources (account_id, field, source, evidence_id, verified_at)
           values ($1, 'cccd', 'staff', $2, $3)
           on conflict (account_id, field) do update
             set source = excluded.source, evidence_id = excluded.evidence_id, verified_at = excluded.verified_at`,
          [citizen.id, evidenceId, now],
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
