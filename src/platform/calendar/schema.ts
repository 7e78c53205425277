import { z } from 'zod';

const CalendarHolidayKinds = ['HOLIDAY', 'COMPENSATORY', 'SWAP_WORKDAY'] as const;
export const HolidayKindSchema = z.enum(CalendarHolidayKinds);
const HolidaySources = ['announced', 'computed'] as const;
export const HolidaySourceSchema = z.enum(HolidaySources);

const viText = z
  .string()
  .trim()
  .transform((s) => s.normalize('NFC'));
const name = viText.pipe(z.string().min(1).max(200));
const optionalText = (max: number) => viText.pipe(z.string().max(max)).nullable().optional();

function isCalendarDate(s: string): boolean {
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** A calendar date `YYYY-MM-DD` that exists (no 2026-02-30). */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'calendar.date_format')
  .refine(isCalendarDate, 'calendar.date_format');

const Year = z.coerce.number().int().min(1900).max(2199);

export const HolidayView = z
  .object({
    id: z.uuid(),
    date: z.string().meta({ description: 'YYYY-MM-DD, Vietnam local date' }),
    kind: HolidayKindSchema,
    nameVi: z.string(),
    nameEn: z.string(),
    legalRef: z.string().nullable(),
    source: HolidaySourceSchema,
    note: z.string().nullable(),
    calendarVersion: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .meta({ id: 'Holiday' });
export type HolidayView = z.infer<typeof HolidayView>;

export const HolidayYearQuery = z.strictObject({ year: Year });
export const HolidayList = z.object({ year: z.number().int(), items: z.array(HolidayView) });

const HolidaySuggestionView = z.object({
  date: z.string(),
  kind: HolidayKindSchema,
  nameVi: z.string(),
  nameEn: z.string(),
  legalRef: z.string(),
  ruleId: z.string(),
});
export const HolidaySuggestionList = z.object({
  year: z.number().int(),
  items: z.array(HolidaySuggestionView),
});

export const WorkingDaysQuery = z.strictObject({
  from: z.iso
    .datetime({ offset: true })
    .meta({ description: 'ISO 8601 instant, e.g. 2026-02-13T15:00:00+07:00' }),
  days: z.coerce.number().int().min(0).max(3650),
});
export const WorkingDaysView = z.object({
  from: z.string(),
  days: z.number().int(),
  receivedOn: z
    .string()
    .meta({ description: 'Working day the period counts from (after the cut-off: the next)' }),
  dueOn: z.string(),
  dueAt: z.string().meta({ description: 'End of the last working day, ISO 8601 with +07:00' }),
  cutoff: z.string(),
  timeZone: z.string(),
  calendarRevision: z.string(),
});

export const CreateHolidayBody = z.strictObject({
  date: IsoDateSchema,
  kind: HolidayKindSchema,
  nameVi: name,
  nameEn: name,
  legalRef: optionalText(500),
  source: HolidaySourceSchema.default('announced'),
  note: optionalText(1000),
});
export type CreateHolidayBody = z.infer<typeof CreateHolidayBody>;

export const UpdateHolidayBody = z
  .strictObject({
    date: IsoDateSchema.optional(),
    kind: HolidayKindSchema.optional(),
    nameVi: name.optional(),
    nameEn: name.optional(),
    legalRef: optionalText(500),
    source: HolidaySourceSchema.optional(),
    note: optionalText(1000),
  })
  .refine((b) => Object.keys(b).length > 0, 'calendar.empty_patch');
export type UpdateHolidayBody = z.infer<typeof UpdateHolidayBody>;

export const HolidayIdParams = z.strictObject({ id: z.uuid() });
