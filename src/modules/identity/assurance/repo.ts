import type { Sql } from '../../../platform/db/db.js';

export type EvidenceMethod =
  | 'cccd_qr_self'
  | 'cccd_qr_assisted'
  | 'community_team'
  | 'counter_staff'
  | 'vneid';

export interface EvidenceRow {
  id: string;
  account_id: string;
  level: number;
  method: EvidenceMethod;
  /** The actor who saw the card (`actorRef`); null when the citizen or a provider vouched. */
  verified_by: string | null;
  agency_id: string | null;
  /** Masked number and how it was read; never the number in clear. */
  details: Record<string, unknown>;
  created_at: Date;
}

export async function insertEvidence(q: Sql, e: EvidenceRow): Promise<void> {
  await q.query(
    `insert into identity.assurance_evidence (id, account_id, level, method, verified_by, agency_id, details, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [e.id, e.account_id, e.level, e.method, e.verified_by, e.agency_id, e.details, e.created_at],
  );
}

export type ProfileSource = 'cccd_qr' | 'staff' | 'vneid';

/** Where each of these profile fields now comes from (replacing any earlier source). */
export async function setProfileSources(
  q: Sql,
  accountId: string,
  fields: readonly string[],
  source: { source: ProfileSource; evidenceId: string; verifiedAt: Date },
): Promise<void> {
  for (const field of fields) {
    await q.query(
      `insert into identity.profile_sources (account_id, field, source, evidence_id, verified_at)
       values ($1, $2, $3, $4, $5)
       on conflict (account_id, field) do update
         set source = excluded.source, evidence_id = excluded.evidence_id, verified_at = excluded.verified_at`,
      [accountId, field, source.source, source.evidenceId, source.verifiedAt],
    );
  }
}
