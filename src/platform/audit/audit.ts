import type { Actor } from '../auth/actor.js';
import type { Tx } from '../db/db.js';

/** One audited action. `data` holds ids and codes only, never personal data. */
export interface AuditEntry {
  actor: Actor;
  action: `${string}.${string}`;
  targetType: string;
  targetId: string;
  requestId?: string | undefined;
  data?: Record<string, unknown>;
}

/** Append-only, hash-chained audit log; recording joins the caller's transaction. */
export interface Audit {
  record(tx: Tx, entry: AuditEntry): Promise<void>;
}
