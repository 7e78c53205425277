import { date, index, pgSchema, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

export const calendarSchema = pgSchema('calendar');

export const holidayKind = calendarSchema.enum('holiday_kind', ['HOLIDAY', 'COMPENSATORY', 'SWAP_WORKDAY']);
/** 'announced': from a Government notice (legal_ref names it); 'computed': from the rules, unconfirmed. */
export const holidaySource = calendarSchema.enum('holiday_source', ['announced', 'computed']);

/**
 * Days that differ from the Monday–Friday week, maintained by city administrators. Deleted rows
 * are kept (deleted_at) so the seed never brings back a day an administrator removed.
 */
export const holidays = calendarSchema.table(
  'holidays',
  {
    id: uuid().primaryKey(),
    /** Which published calendar the row belongs to; the civil-service calendar is 'vn-public-sector'. */
    calendarVersion: text().notNull().default('vn-public-sector'),
    date: date({ mode: 'string' }).notNull(),
    kind: holidayKind().notNull(),
    nameVi: text().notNull(),
    nameEn: text().notNull(),
    legalRef: text(),
    source: holidaySource().notNull(),
    note: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** actorRef of the last writer; 'system:seed' while the row is exactly as seeded. */
    updatedBy: text().notNull(),
    deletedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    unique('holidays_version_date_key').on(t.calendarVersion, t.date),
    index('holidays_date_idx').on(t.date),
  ],
);
