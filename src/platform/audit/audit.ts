import { uuidv7 } from 'uuidv7';
import { type Actor, actorRef } from '../auth/actor.js';
import type { Clock } from '../clock.js';
import type { Tx } from '../db/db.js';
import { type ChainedEvent, genesisHash, hashEvent } from './chain.js';

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
  /**
   * Appends one event in `tx`: it exists if and only if the transaction commits. Appends take turns
   * (a transaction-scoped lock held until commit), so call it as the last write of the transaction.
   */
  record(tx: Tx, entry: AuditEntry): Promise<void>;
}

// Any fixed number works; it only has to be the same for every process of this application.
const APPEND_LOCK = 4_823_103;

export function createAudit(deps: { clock: Clock }): Audit {
  return {
    async record(tx, entry) {
      // One appender at a time, so every event links to the one committed just before it: the chain
      // cannot fork, and seq has no gaps.
      await tx.query('select pg_advisory_xact_lock($1)', [APPEND_LOCK]);
      const { rows } = await tx.query<{ seq: string | number; hash: string }>(
        'select seq, hash from audit.events order by seq desc limit 1',
      );
      const last = rows[0];
      const event: ChainedEvent = {
        prevHash: last?.hash ?? genesisHash,
        seq: last ? Number(last.seq) + 1 : 1,
        at: new Date(deps.clock.now().getTime()),
        actor: actorRef(entry.actor),
        action: entry.action,
        targetType: entry.targetType,
        targetId: entry.targetId,
        requestId: entry.requestId ?? null,
        // Exactly what jsonb will give back (no undefined, dates as strings), so the hash verifies.
        data: JSON.parse(JSON.stringify(entry.data ?? {})),
      };
      await tx.query(
        `insert into audit.events
           (seq, id, at, actor, action, target_type, target_id, request_id, data, prev_hash, hash)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11)`,
        [
          event.seq,
          uuidv7(),
          event.at,
          event.actor,
          event.action,
          event.targetType,
          event.targetId,
          event.requestId,
          JSON.stringify(event.data),
          event.prevHash,
          hashEvent(event),
        ],
      );
    },
  };
}
