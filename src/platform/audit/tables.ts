import { bigint, index, jsonb, pgSchema, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const auditSchema = pgSchema('audit');

/**
 * The append-only, hash-chained audit log. A trigger (migration `audit_append_only`) refuses UPDATE,
 * DELETE and TRUNCATE. `seq` is assigned by `record()` as the previous seq + 1 under a lock rather
 * than by a sequence, so the log has no gaps and a removed row shows up as a gap in verification.
 */
export const auditEvents = auditSchema.table(
  'events',
  {
    seq: bigint({ mode: 'number' }).primaryKey(),
    id: uuid().notNull().unique(),
    at: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull(),
    /** actorRef(): `staff:<uuid>`, `system:cli`, … */
    actor: text().notNull(),
    action: text().notNull(),
    targetType: text().notNull(),
    targetId: text().notNull(),
    requestId: text(),
    /** Ids and codes only, never personal data. */
    data: jsonb().$type<Record<string, unknown>>().notNull(),
    prevHash: text().notNull(),
    hash: text().notNull(),
  },
  (t) => [index('events_target_idx').on(t.targetType, t.targetId), index('events_actor_idx').on(t.actor)],
);
