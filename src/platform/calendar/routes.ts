import { z } from 'zod';
import { anonymous } from '../auth/actor.js';
import type { App } from '../http/app.js';
import { formatLocalIso } from './days.js';
import {
  CreateHolidayBody,
  HolidayIdParams,
  HolidayList,
  HolidaySuggestionList,
  HolidayView,
  HolidayYearQuery,
  UpdateHolidayBody,
  WorkingDaysQuery,
  WorkingDaysView,
} from './schema.js';
import { type CalendarService, type CalendarServiceDeps, createCalendarService } from './service.js';

const tags = ['calendar'];
const adminSecurity = [{ session: [] }];

/** HTTP routes of the working-day calendar: parse, call the service, shape the reply. */
function calendarRoutes(service: CalendarService) {
  return async (app: App) => {
    app.get(
      '/api/v1/calendar/holidays',
      {
        schema: {
          tags,
          summary: 'Holidays, compensatory days off and swap workdays of a year (civil-service calendar)',
          querystring: HolidayYearQuery,
          response: { 200: HolidayList },
        },
      },
      async (req) => ({ year: req.query.year, items: await service.listHolidays(req.query.year) }),
    );

    app.get(
      '/api/v1/calendar/holidays/suggestions',
      {
        schema: {
          tags,
          summary: 'Holidays computed from the Labour Code rules (lunar dates at UTC+7); suggestions only',
          querystring: HolidayYearQuery,
          response: { 200: HolidaySuggestionList },
        },
      },
      async (req) => ({ year: req.query.year, items: service.suggestions(req.query.year) }),
    );

    app.get(
      '/api/v1/calendar/working-days',
      {
        schema: {
          tags,
          summary: 'Deadline of a period of working days counted from an instant (cut-off applied)',
          querystring: WorkingDaysQuery,
          response: { 200: WorkingDaysView },
        },
      },
      async (req) => {
        const from = new Date(req.query.from);
        const d = await service.deadline(from, req.query.days);
        return {
          from: from.toISOString(),
          days: req.query.days,
          receivedOn: d.receivedOn,
          dueOn: d.dueOn,
          dueAt: formatLocalIso(d.dueAt, d.timeZone),
          cutoff: d.cutoff,
          timeZone: d.timeZone,
          calendarRevision: d.revision,
        };
      },
    );

    app.post(
      '/api/v1/calendar/holidays',
      {
        schema: {
          tags,
          summary: 'Add a day to the calendar (city administrators)',
          body: CreateHolidayBody,
          response: { 201: HolidayView },
          security: adminSecurity,
        },
      },
      async (req, reply) => {
        const view = await service.createHoliday(req.actor ?? anonymous, req.body, { requestId: req.id });
        return reply.code(201).send(view);
      },
    );

    app.patch(
      '/api/v1/calendar/holidays/:id',
      {
        schema: {
          tags,
          summary: 'Change a day of the calendar (city administrators)',
          params: HolidayIdParams,
          body: UpdateHolidayBody,
          response: { 200: HolidayView },
          security: adminSecurity,
        },
      },
      async (req) =>
        service.updateHoliday(req.actor ?? anonymous, req.params.id, req.body, { requestId: req.id }),
    );

    app.delete(
      '/api/v1/calendar/holidays/:id',
      {
        schema: {
          tags,
          summary: 'Remove a day from the calendar (city administrators)',
          params: HolidayIdParams,
          response: { 204: z.null() },
          security: adminSecurity,
        },
      },
      async (req, reply) => {
        await service.deleteHoliday(req.actor ?? anonymous, req.params.id, { requestId: req.id });
        return reply.code(204).send(null);
      },
    );
  };
}

/**
 * Registers the calendar routes and returns the service, which other modules use for deadlines
 * (`(await calendar.workingCalendar()).addWorkingDays(…)`, `calendar.deadline(…)`).
 */
export async function registerCalendar(app: App, deps: CalendarServiceDeps): Promise<CalendarService> {
  const service = createCalendarService(deps);
  await app.register(calendarRoutes(service));
  return service;
}
