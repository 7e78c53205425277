import { type Actor, actorRef } from '../auth/actor.js';
import type { Sql } from '../db/db.js';

/** An audited action as shown back to the person it concerns: what and when, never its data. */
export interface AuditedAction {
  at: Date;
  action: string;
  targetType: string;
}

/**
 * The actions one actor recorded between `from` and `to` (inclusive), oldest first, at most `limit`
 * (uses the actor index). For an `assistant` actor the ref names both the volunteer and the citizen, so
 * this lists exactly what a volunteer did for that citizen in that window.
 */
export async function actionsBy(
  q: Sql,
  actor: Actor,
  window: { from: Date; to: Date; limit: number },
): Promise<AuditedAction[]> {
  const { rows } = await q.query<{ at: Date; action: string; target_type: string }>(
    `select at, action, target_type from audit.events
      where actor = $1 and at >= $2 and at <= $3
      order by seq limit $4`,
    [actorRef(actor), window.from, window.to, window.limit],
  );
  return rows.map((r) => ({ at: new Date(r.at), action: r.action, targetType: r.target_type }));
}
