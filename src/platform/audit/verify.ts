import type { Sql } from '../db/db.js';
import { genesisHash, hashEvent } from './chain.js';

export type AuditVerification =
  | { ok: true; count: number }
  | { ok: false; count: number; brokenAt: number; reason: string };

export interface VerifyOptions {
  /** Called after each batch, e.g. to move a progress bar. */
  onProgress?: (progress: { checked: number; total: number }) => void;
  batchSize?: number;
}

interface EventRow {
  seq: string | number;
  at: Date | string;
  actor: string;
  action: string;
  target_type: string;
  target_id: string;
  request_id: string | null;
  data: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

/**
 * Walks the whole log in seq order, a batch at a time, recomputing every hash and link. Reports the
 * first seq that is missing, altered, or not linked to the row before it. `count` is the number of
 * events found intact before that point.
 */
export async function verifyAuditChain(db: Sql, options: VerifyOptions = {}): Promise<AuditVerification> {
  const batchSize = options.batchSize ?? 1000;
  const total = Number(
    (await db.query<{ n: string | number }>('select count(*) as n from audit.events')).rows[0]?.n,
  );
  let prevHash = genesisHash;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const { rows } = await db.query<EventRow>(
      `select seq, at, actor, action, target_type, target_id, request_id, data, prev_hash, hash
         from audit.events where seq >= $1 order by seq limit $2`,
      [expectedSeq, batchSize],
    );
    for (const row of rows) {
      const seq = Number(row.seq);
      if (seq !== expectedSeq) return broken(count, expectedSeq, `event ${expectedSeq} is missing`);
      if (row.prev_hash !== prevHash) {
        return broken(count, seq, `prev_hash does not match the hash of event ${seq - 1}`);
      }
      const hash = hashEvent({
        prevHash: row.prev_hash,
        seq,
        at: new Date(row.at),
        actor: row.actor,
        action: row.action,
        targetType: row.target_type,
        targetId: row.target_id,
        requestId: row.request_id,
        data: row.data,
      });
      if (hash !== row.hash) return broken(count, seq, 'the event was changed after it was recorded');
      prevHash = row.hash;
      expectedSeq += 1;
      count += 1;
    }
    options.onProgress?.({ checked: count, total: Math.max(total, count) });
    if (rows.length < batchSize) return { ok: true, count };
  }
}

function broken(count: number, brokenAt: number, reason: string): AuditVerification {
  return { ok: false, count, brokenAt, reason };
}
