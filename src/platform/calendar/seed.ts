import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { uuidv7 } from 'uuidv7';
import { z } from 'zod';
import type { Tx } from '../db/db.js';
import { HolidayKindSchema, HolidaySourceSchema, IsoDateSchema } from './schema.js';

const SEED_ACTOR = 'system:seed';

const holidaySeedFile = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../seed/calendar/holidays.json',
);

const SeedFile = z.object({
  calendarVersion: z.string().min(1),
  days: z.array(
    z.object({
      date: IsoDateSchema,
      kind: HolidayKindSchema,
      nameVi: z.string().min(1),
      nameEn: z.string().min(1),
      legalRef: z.string().nullable(),
      source: HolidaySourceSchema,
      note: z.string().nullable(),
    }),
  ),
});
export type HolidaySeed = z.infer<typeof SeedFile>;

export function readHolidaySeed(file = holidaySeedFile): HolidaySeed {
  return SeedFile.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

export interface SeedResult {
  inserted: number;
  updated: number;
  removed: number;
}

/**
 * Idempotent sync of the shipped holiday calendar. Inserts missing days, refreshes days still
 * exactly as seeded (updated_by = 'system:seed'), and retires seeded days a newer seed dropped
 * within the years it covers. Days an administrator created, edited or deleted are never touched.
 */
export async function seedHolidays(tx: Tx, seed: HolidaySeed = readHolidaySeed()): Promise<SeedResult> {
  const version = seed.calendarVersion;
  const rows = seed.days.map((d) => ({
    id: uuidv7(),
    date: d.date,
    kind: d.kind,
    name_vi: d.nameVi.normalize('NFC'),
    name_en: d.nameEn,
    legal_ref: d.legalRef?.normalize('NFC') ?? null,
    source: d.source,
    note: d.note?.normalize('NFC') ?? null,
  }));
  const upserted = await tx.query<{ inserted: boolean }>(
    `insert into calendar.holidays as h
       (id, calendar_version, date, kind, name_vi, name_en, legal_ref, source, note, updated_by)
     select s.id, $2, s.date, s.kind, s.name_vi, s.name_en, s.legal_ref, s.source, s.note, $3
       from jsonb_to_recordset($1::jsonb) as s(id uuid, date date, kind calendar.holiday_kind, name_vi text,
            name_en text, legal_ref text, source calendar.holiday_source, note text)
     on conflict (calendar_version, date) do update set
       kind = excluded.kind, name_vi = excluded.name_vi, name_en = excluded.name_en,
       legal_ref = excluded.legal_ref, source = excluded.source, note = excluded.note,
       updated_at = now(), deleted_at = null
     where h.updated_by = $3
       and (h.kind, h.name_vi, h.name_en, h.legal_ref, h.source, h.note, h.deleted_at)
           is distinct from (excluded.kind, excluded.name_vi, excluded.name_en, excluded.legal_ref,
                             excluded.source, excluded.note, null::timestamptz)
     returning (xmax = 0) as inserted`,
    [JSON.stringify(rows), version, SEED_ACTOR],
  );
  const years = [...new Set(rows.map((r) => Number(r.date.slice(0, 4))))];
  const removed = await tx.query(
    `update calendar.holidays set deleted_at = now(), updated_at = now()
      where calendar_version = $1 and updated_by = $2 and deleted_at is null
        and extract(year from date)::int = any($3::int[]) and not (date = any($4::date[]))`,
    [version, SEED_ACTOR, years, rows.map((r) => r.date)],
  );
  const inserted = upserted.rows.filter((r) => r.inserted).length;
  return { inserted, updated: upserted.rows.length - inserted, removed: removed.rowCount };
}
