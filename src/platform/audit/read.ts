import { type Actor, actorRef } from '../auth/actor.js';
import type { Sql } from '../db/db.js';

/** An audited action as shown back to the person it concerns: what and when, never its data. */
export interface AuditedAction {
  at: Date;
  action: string;
  targetType: string;
}

/**
 * The actions one actor recorded, oldest first, at most `limit` (uses the actor index). An `assistant`
 * actor's ref names the volunteer, the citizen and the session, so this lists exactly what was done in
 * one assisted session.
 */
export async function actionsBy(q: Sql, actor: Actor, limit: number): Promise<AuditedAction[]> {
  const { rows } = await q.query<{ at: Date; action: string; target_type: string }>(
    'select at, action, target_type from audit.events where actor = $1 order by seq limit $2',
    [actorRef(actor), limit],
  );
  return rows.map((r) => ({ at: new Date(r.at), action: r.action, targetType: r.target_type }));
}
