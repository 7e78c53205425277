import type { Audit, AuditEntry } from '../../platform/audit/audit.js';
import type { Actor } from '../../platform/auth/actor.js';
import type { Db, Tx } from '../../platform/db/db.js';

/** An Audit that only remembers what it was asked to record, and can see the caller's uncommitted rows. */
export class RecordingAudit implements Audit {
  entries: AuditEntry[] = [];
  /** For each entry: whether its target row was visible through the tx it was recorded with. */
  sawTargetInTx: boolean[] = [];
  failNext = false;

  async record(tx: Tx, entry: AuditEntry): Promise<void> {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('audit store unavailable');
    }
    const table = entry.targetType === 'agency' ? 'directory.agencies' : 'directory.staff_roles';
    const { rows } = await tx.query(`select 1 from ${table} where id = $1`, [entry.targetId]);
    this.sawTargetInTx.push(rows.length === 1);
    this.entries.push(entry);
  }
}

export class FakeAccounts {
  readonly known = new Set<string>();
  readonly emails = new Map<string, string>();
  async isStaff(accountId: string): Promise<boolean> {
    return this.known.has(accountId);
  }
  async findStaffIdByEmail(email: string): Promise<string | null> {
    return this.emails.get(email) ?? null;
  }
  async describe(ids: string[]) {
    return new Map(
      ids
        .filter((id) => this.known.has(id))
        .map((id) => [id, { fullName: `Cán bộ ${id.slice(-4)}`, email: null as string | null }]),
    );
  }
}

export const cityAdmin = (accountId: string, agencyId: string): Actor => ({
  kind: 'staff',
  accountId,
  sessionId: 's-city',
  grants: [{ role: 'city_admin', agencyId, wardCode: null }],
});

export const agencyAdmin = (accountId: string, agencyId: string, wardCode: string | null = null): Actor => ({
  kind: 'staff',
  accountId,
  sessionId: 's-agency',
  grants: [{ role: 'agency_admin', agencyId, wardCode }],
});

export const officer = (accountId: string, agencyId: string): Actor => ({
  kind: 'staff',
  accountId,
  sessionId: 's-officer',
  grants: [{ role: 'officer', agencyId, wardCode: null }],
});

export async function agencyIdByCode(db: Db, code: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>('select id from directory.agencies where code = $1', [
    code,
  ]);
  if (!rows[0]) throw new Error(`no agency ${code}`);
  return rows[0].id;
}
