import type { Sql, Tx } from '../db/db.js';
import type { CalendarDay } from './calendar.js';
import type { HolidayKind } from './rules.js';

export interface HolidayRow {
  id: string;
  calendar_version: string;
  date: string;
  kind: HolidayKind;
  name_vi: string;
  name_en: string;
  legal_ref: string | null;
  source: 'announced' | 'computed';
  note: string | null;
  created_at: Date;
  updated_at: Date;
  updated_by: string;
}

export type HolidayWrite = Pick<
  HolidayRow,
  'date' | 'kind' | 'name_vi' | 'name_en' | 'legal_ref' | 'source' | 'note' | 'updated_by'
>;

// `date` as text: node-postgres would turn a date into a Date at the server's local midnight.
const COLUMNS = `id, calendar_version, to_char(date, 'YYYY-MM-DD') as date, kind, name_vi, name_en, legal_ref,
  source, note, created_at, updated_at, updated_by`;

export async function listYear(sql: Sql, version: string, year: number): Promise<HolidayRow[]> {
  const { rows } = await sql.query<HolidayRow>(
    `select ${COLUMNS} from calendar.holidays
      where calendar_version = $1 and deleted_at is null and date >= make_date($2, 1, 1) and date < make_date($2 + 1, 1, 1)
      order by date`,
    [version, year],
  );
  return rows;
}

export async function allDays(sql: Sql, version: string): Promise<CalendarDay[]> {
  const { rows } = await sql.query<CalendarDay>(
    `select to_char(date, 'YYYY-MM-DD') as date, kind from calendar.holidays
      where calendar_version = $1 and deleted_at is null order by date`,
    [version],
  );
  return rows;
}

/** Changes whenever any row of the version is written (deletes included: they stamp updated_at). */
export async function stamp(sql: Sql, version: string): Promise<string> {
  const { rows } = await sql.query<{ stamp: string | null }>(
    `select md5(string_agg(id::text || ':' || updated_at::text, ',' order by id)) as stamp
       from calendar.holidays where calendar_version = $1`,
    [version],
  );
  return rows[0]?.stamp ?? '';
}

export async function lockById(tx: Tx, version: string, id: string): Promise<HolidayRow | undefined> {
  const { rows } = await tx.query<HolidayRow>(
    `select ${COLUMNS} from calendar.holidays
      where calendar_version = $1 and id = $2 and deleted_at is null for update`,
    [version, id],
  );
  return rows[0];
}

/**
 * Inserts a day, or reuses the tombstone of a deleted one on the same date. Returns undefined when
 * a live row already holds the date.
 */
export async function insert(
  tx: Tx,
  version: string,
  id: string,
  w: HolidayWrite,
): Promise<HolidayRow | undefined> {
  const { rows } = await tx.query<HolidayRow>(
    `insert into calendar.holidays as h
       (id, calendar_version, date, kind, name_vi, name_en, legal_ref, source, note, updated_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     on conflict (calendar_version, date) do update set
       id = excluded.id, kind = excluded.kind, name_vi = excluded.name_vi, name_en = excluded.name_en,
       legal_ref = excluded.legal_ref, source = excluded.source, note = excluded.note,
       updated_by = excluded.updated_by, created_at = now(), updated_at = now(), deleted_at = null
     where h.deleted_at is not null
     returning ${COLUMNS}`,
    [id, version, w.date, w.kind, w.name_vi, w.name_en, w.legal_ref, w.source, w.note, w.updated_by],
  );
  return rows[0];
}

/** Returns undefined when another live row already holds the new date. */
export async function update(
  tx: Tx,
  version: string,
  id: string,
  w: HolidayWrite,
): Promise<HolidayRow | undefined> {
  const taken = await tx.query<{ deleted: boolean }>(
    `select deleted_at is not null as deleted from calendar.holidays
      where calendar_version = $1 and date = $2 and id <> $3`,
    [version, w.date, id],
  );
  if (taken.rows[0] && !taken.rows[0].deleted) return undefined;
  // A tombstone on the target date gives way: the live row now keeps the seed off that date.
  if (taken.rows[0]) {
    await tx.query('delete from calendar.holidays where calendar_version = $1 and date = $2 and id <> $3', [
      version,
      w.date,
      id,
    ]);
  }
  const { rows } = await tx.query<HolidayRow>(
    `update calendar.holidays set date = $3, kind = $4, name_vi = $5, name_en = $6, legal_ref = $7,
       source = $8, note = $9, updated_by = $10, updated_at = now()
     where calendar_version = $1 and id = $2
     returning ${COLUMNS}`,
    [version, id, w.date, w.kind, w.name_vi, w.name_en, w.legal_ref, w.source, w.note, w.updated_by],
  );
  return rows[0];
}

/** Soft delete: the row stays as a tombstone so a re-seed leaves the date alone. */
export async function softDelete(tx: Tx, version: string, id: string, by: string): Promise<void> {
  await tx.query(
    `update calendar.holidays set deleted_at = now(), updated_at = now(), updated_by = $3
      where calendar_version = $1 and id = $2`,
    [version, id, by],
  );
}
