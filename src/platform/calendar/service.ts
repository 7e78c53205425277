import { uuidv7 } from 'uuidv7';
import type { Audit } from '../audit/audit.js';
import { type Actor, actorRef, requireStaff } from '../auth/actor.js';
import type { Clock } from '../clock.js';
import type { Db, Tx } from '../db/db.js';
import { DomainError, invalidField } from '../http/errors.js';
import { computeDeadline, WorkingCalendar } from './calendar.js';
import { isWeekend } from './days.js';
import * as repo from './repo.js';
import { type HolidayKind, suggestHolidays } from './rules.js';
import type { CreateHolidayBody, HolidayView, UpdateHolidayBody } from './schema.js';
import './i18n.js';

/** The civil-service calendar (Monday–Friday week) that deadlines of public services use. */
const PUBLIC_SECTOR_CALENDAR = 'vn-public-sector';

/** How long another process's writes may go unseen; this process's own writes are seen at once. */
const RECHECK_MS = 5_000;

export interface CalendarServiceDeps {
  db: Db;
  audit: Audit;
  clock: Clock;
  /** HH:mm local; receipt at or after it counts from the next working day (config WORKDAY_CUTOFF). */
  workdayCutoff: string;
  calendarVersion?: string;
}

export interface RequestContext {
  requestId?: string | undefined;
}

const ADMIN_ROLES = ['city_admin'] as const;

function toView(r: repo.HolidayRow): HolidayView {
  return {
    id: r.id,
    date: r.date,
    kind: r.kind,
    nameVi: r.name_vi,
    nameEn: r.name_en,
    legalRef: r.legal_ref,
    source: r.source,
    note: r.note,
    calendarVersion: r.calendar_version,
    updatedAt: new Date(r.updated_at).toISOString(),
    updatedBy: r.updated_by,
  };
}

/** A weekend swap workday or a weekday compensatory day; anything else contradicts its kind. */
function checkKindFitsDate(kind: HolidayKind, date: string, pointer: string): void {
  if (kind === 'SWAP_WORKDAY' && !isWeekend(date)) {
    throw invalidField(pointer, 'calendar.swap_workday_not_weekend', { date });
  }
  if (kind === 'COMPENSATORY' && isWeekend(date)) {
    throw invalidField(pointer, 'calendar.compensatory_on_weekend', { date });
  }
}

function isUniqueViolation(err: unknown): boolean {
  return (err as { code?: string } | null)?.code === '23505';
}

export function createCalendarService(deps: CalendarServiceDeps) {
  const { db, audit, clock } = deps;
  const version = deps.calendarVersion ?? PUBLIC_SECTOR_CALENDAR;
  let cache: { calendar: WorkingCalendar; stamp: string; checkedAt: number } | null = null;
  let loading: Promise<WorkingCalendar> | null = null;

  async function load(): Promise<WorkingCalendar> {
    const stamp = await repo.stamp(db, version);
    if (cache && cache.stamp === stamp) {
      cache.checkedAt = clock.now().getTime();
      return cache.calendar;
    }
    const calendar = new WorkingCalendar(await repo.allDays(db, version));
    cache = { calendar, stamp, checkedAt: clock.now().getTime() };
    return calendar;
  }

  function invalidate(): void {
    cache = null;
  }

  async function write(
    actor: Actor,
    action: 'created' | 'updated' | 'deleted',
    ctx: RequestContext,
    fn: (tx: Tx) => Promise<repo.HolidayRow>,
    /** The date a concurrent writer may have taken first (unique violation). */
    date?: string,
  ): Promise<repo.HolidayRow> {
    requireStaff(actor, ADMIN_ROLES);
    try {
      return await db.tx(async (tx) => {
        const row = await fn(tx);
        await audit.record(tx, {
          actor,
          action: `calendar.holiday_${action}`,
          targetType: 'calendar.holiday',
          targetId: row.id,
          requestId: ctx.requestId,
          data: { date: row.date, kind: row.kind, source: row.source, calendarVersion: version },
        });
        tx.afterCommit(invalidate);
        return row;
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw new DomainError('conflict', 'calendar.date_taken', { date: date ?? '' });
      throw err;
    }
  }

  return {
    calendarVersion: version,

    /** The current working calendar (cached; rebuilt after a change to the table). */
    async workingCalendar(): Promise<WorkingCalendar> {
      if (cache && clock.now().getTime() - cache.checkedAt < RECHECK_MS) return cache.calendar;
      loading ??= load().finally(() => {
        loading = null;
      });
      return loading;
    },

    invalidate,

    async listHolidays(year: number): Promise<HolidayView[]> {
      return (await repo.listYear(db, version, year)).map(toView);
    },

    /** What the Labour Code rules give for a year, for an administrator to compare with the notice. */
    suggestions(year: number) {
      return suggestHolidays(year);
    },

    /** The deadline of `days` working days for something received at `from`. */
    async deadline(from: Date, days: number) {
      const calendar = await this.workingCalendar();
      let result: ReturnType<typeof computeDeadline>;
      try {
        result = computeDeadline(from, days, calendar, deps.workdayCutoff);
      } catch (err) {
        if (err instanceof RangeError) throw new DomainError('bad_request', 'calendar.range_too_long');
        throw err;
      }
      return {
        ...result,
        cutoff: deps.workdayCutoff,
        timeZone: calendar.timeZone,
        revision: calendar.revision,
      };
    },

    async createHoliday(
      actor: Actor,
      body: CreateHolidayBody,
      ctx: RequestContext = {},
    ): Promise<HolidayView> {
      checkKindFitsDate(body.kind, body.date, '/body/kind');
      const row = await write(
        actor,
        'created',
        ctx,
        async (tx) => {
          const created = await repo.insert(tx, version, uuidv7(), {
            date: body.date,
            kind: body.kind,
            name_vi: body.nameVi,
            name_en: body.nameEn,
            legal_ref: body.legalRef ?? null,
            source: body.source,
            note: body.note ?? null,
            updated_by: actorRef(actor),
          });
          if (!created) throw new DomainError('conflict', 'calendar.date_taken', { date: body.date });
          return created;
        },
        body.date,
      );
      return toView(row);
    },

    async updateHoliday(
      actor: Actor,
      id: string,
      patch: UpdateHolidayBody,
      ctx: RequestContext = {},
    ): Promise<HolidayView> {
      const row = await write(
        actor,
        'updated',
        ctx,
        async (tx) => {
          const current = await repo.lockById(tx, version, id);
          if (!current) throw new DomainError('not_found', 'calendar.holiday_not_found', { id });
          const next: repo.HolidayWrite = {
            date: patch.date ?? current.date,
            kind: patch.kind ?? current.kind,
            name_vi: patch.nameVi ?? current.name_vi,
            name_en: patch.nameEn ?? current.name_en,
            legal_ref: patch.legalRef === undefined ? current.legal_ref : patch.legalRef,
            source: patch.source ?? current.source,
            note: patch.note === undefined ? current.note : patch.note,
            updated_by: actorRef(actor),
          };
          checkKindFitsDate(next.kind, next.date, patch.kind ? '/body/kind' : '/body/date');
          const updated = await repo.update(tx, version, id, next);
          if (!updated) throw new DomainError('conflict', 'calendar.date_taken', { date: next.date });
          return updated;
        },
        patch.date,
      );
      return toView(row);
    },

    async deleteHoliday(actor: Actor, id: string, ctx: RequestContext = {}): Promise<void> {
      await write(actor, 'deleted', ctx, async (tx) => {
        const current = await repo.lockById(tx, version, id);
        if (!current) throw new DomainError('not_found', 'calendar.holiday_not_found', { id });
        await repo.softDelete(tx, version, id, actorRef(actor));
        return current;
      });
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
