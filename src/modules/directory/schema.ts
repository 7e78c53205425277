import { z } from 'zod';

/** The unit catalogue the app reads by default (QĐ 19/2025/QĐ-TTg, in force 1 July 2025). */
export const currentCatalogueVersion = '2025-07';

const UnitTypes = ['city', 'ward', 'commune', 'special_zone'] as const;
export const UnitType = z.enum(UnitTypes);
export type UnitType = z.infer<typeof UnitType>;

const AgencyTypes = [
  'city_people_committee',
  'city_office',
  'department',
  'inspectorate',
  'police',
  'service_center',
  'public_service_unit',
  'management_board',
  'commune_people_committee',
] as const;
export const AgencyType = z.enum(AgencyTypes);
export type AgencyType = z.infer<typeof AgencyType>;

/** `qcvn102`: mã định danh per QCVN 102:2016/BTTTT; `internal`: our stable code until the official one is known. */
const AgencyCodeSchemes = ['qcvn102', 'internal'] as const;
export const AgencyCodeScheme = z.enum(AgencyCodeSchemes);

/** Notes of the official old→new conversion table, as stable codes. */
const MappingKinds = ['merged_whole', 'merged_partial', 'unchanged', 'type_changed', 'reorganised'] as const;
export const MappingKind = z.enum(MappingKinds);
export type MappingKind = z.infer<typeof MappingKind>;

const viText = z
  .string()
  .trim()
  .transform((s) => s.normalize('NFC'));
const optionalViText = (max: number) => viText.pipe(z.string().max(max)).nullable().optional();

/** Province `48`, commune `20242` (zero-padded strings), district `490` in old mappings. */
const UnitCode = z.string().regex(/^(\d{2}|\d{5})$/, 'directory.unit_code');
const OldUnitCode = z.string().regex(/^(\d{3}|\d{5})$/, 'directory.unit_code');
const AgencyCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9.-]{1,59}$/, 'directory.agency_code');

const Limit = z.coerce.number().int().min(1).max(100).default(20);
const Cursor = z
  .string()
  .max(400)
  .regex(/^[A-Za-z0-9_-]+$/, 'directory.bad_cursor');
// Control characters (NUL above all) cannot reach PostgreSQL text; everything else is searched as typed.
const hasNoControlChars = (s: string) => ![...s].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);
const Query = z.string().max(200).refine(hasNoControlChars, 'directory.bad_query').optional();

export const UnitListQuery = z.strictObject({
  q: Query,
  type: UnitType.optional(),
  cursor: Cursor.optional(),
  limit: Limit,
});
export type UnitListQuery = z.infer<typeof UnitListQuery>;

export const UnitCodeParams = z.strictObject({ code: UnitCode });

export const UnitView = z
  .object({
    code: z.string(),
    name: z.string(),
    shortName: z.string(),
    type: UnitType,
    provinceCode: z.string(),
    catalogueVersion: z.string(),
  })
  .meta({ id: 'DirectoryUnit' });
export type UnitView = z.infer<typeof UnitView>;

export const UnitDetailView = UnitView.extend({
  /** GeoJSON geometry when known. */
  boundary: z.record(z.string(), z.unknown()).nullable(),
}).meta({ id: 'DirectoryUnitDetail' });
export type UnitDetailView = z.infer<typeof UnitDetailView>;

export const UnitPage = z.object({ items: z.array(UnitView), nextCursor: z.string().nullable() });

export const MappingListQuery = z.strictObject({
  oldCode: OldUnitCode.optional(),
  newCode: UnitCode.optional(),
  q: Query,
  cursor: Cursor.optional(),
  limit: Limit,
});
export type MappingListQuery = z.infer<typeof MappingListQuery>;

export const MappingView = z
  .object({
    catalogueVersion: z.string(),
    old: z.object({
      code: z.string(),
      name: z.string(),
      level: z.enum(['commune', 'district']),
      district: z.object({ code: z.string(), name: z.string() }).nullable(),
      province: z.object({ code: z.string(), name: z.string() }),
    }),
    new: z.object({ code: z.string(), name: z.string() }),
    kind: MappingKind,
    note: z.string(),
    isPartial: z.boolean(),
    /** `manual`: the old unit was split, so an address cannot be converted without asking the person. */
    resolution: z.enum(['automatic', 'manual']),
  })
  .meta({ id: 'DirectoryUnitMapping' });
export type MappingView = z.infer<typeof MappingView>;

export const MappingPage = z.object({ items: z.array(MappingView), nextCursor: z.string().nullable() });

const Contact = z
  .object({
    address: z.string().nullable(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    website: z.string().nullable(),
    hours: z.string().nullable(),
  })
  .meta({ id: 'DirectoryContact' });

export const AgencyView = z
  .object({
    id: z.uuid(),
    code: z.string(),
    codeScheme: AgencyCodeScheme,
    name: z.string(),
    shortName: z.string().nullable(),
    type: AgencyType,
    parentId: z.uuid().nullable(),
    unitCode: z.string().nullable(),
    contact: Contact,
    updatedAt: z.string(),
  })
  .meta({ id: 'DirectoryAgency' });
export type AgencyView = z.infer<typeof AgencyView>;

export const AgencyPage = z.object({ items: z.array(AgencyView), nextCursor: z.string().nullable() });

export const AgencyListQuery = z.strictObject({
  q: Query,
  type: AgencyType.optional(),
  unitCode: UnitCode.optional(),
  parentId: z.uuid().optional(),
  cursor: Cursor.optional(),
  limit: Limit,
});
export type AgencyListQuery = z.infer<typeof AgencyListQuery>;

export const AgencyIdParams = z.strictObject({ id: z.uuid() });

const ContactInput = z.strictObject({
  address: optionalViText(300),
  phone: z
    .string()
    .trim()
    .regex(/^[0-9 +().-]{3,30}$/, 'directory.phone')
    .nullable()
    .optional(),
  email: z.email().max(200).nullable().optional(),
  website: z
    .url({ protocol: /^https?$/ })
    .max(300)
    .nullable()
    .optional(),
  hours: optionalViText(300),
});

export const CreateAgencyBody = z.strictObject({
  code: AgencyCode,
  codeScheme: AgencyCodeScheme.default('internal'),
  name: viText.pipe(z.string().min(2).max(300)),
  shortName: optionalViText(100),
  type: AgencyType,
  parentId: z.uuid().nullable().optional(),
  unitCode: UnitCode.nullable().optional(),
  contact: ContactInput.optional(),
});
export type CreateAgencyBody = z.infer<typeof CreateAgencyBody>;

export const UpdateAgencyBody = z
  .strictObject({
    code: AgencyCode.optional(),
    codeScheme: AgencyCodeScheme.optional(),
    name: viText.pipe(z.string().min(2).max(300)).optional(),
    shortName: optionalViText(100),
    type: AgencyType.optional(),
    parentId: z.uuid().nullable().optional(),
    unitCode: UnitCode.nullable().optional(),
    contact: ContactInput.partial().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'directory.empty_update');
export type UpdateAgencyBody = z.infer<typeof UpdateAgencyBody>;

export const StaffRoleName = z.enum([
  'city_admin',
  'agency_admin',
  'officer',
  'reception',
  'community_member',
]);

export const StaffRoleView = z
  .object({
    id: z.uuid(),
    accountId: z.uuid(),
    agencyId: z.uuid(),
    role: StaffRoleName,
    wardCode: z.string().nullable(),
    /** Who holds the role, as the identity module describes the account (null if it no longer exists). */
    account: z.object({ fullName: z.string(), email: z.string().nullable() }).nullable(),
    grantedBy: z.string(),
    grantedAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'DirectoryStaffRole' });
export type StaffRoleView = z.infer<typeof StaffRoleView>;

export const StaffRoleList = z.object({ items: z.array(StaffRoleView) });

export const StaffRoleListQuery = z.strictObject({
  includeRevoked: z.enum(['true', 'false']).default('false'),
});

/** The staff account is named by id or, as people know it, by its work e-mail address. */
export const GrantRoleBody = z
  .strictObject({
    accountId: z.uuid().optional(),
    email: z
      .email()
      .max(254)
      .transform((s) => s.trim().toLowerCase())
      .optional(),
    role: StaffRoleName,
    wardCode: UnitCode.nullable().optional(),
  })
  .refine((b) => (b.accountId === undefined) !== (b.email === undefined), 'directory.account_or_email');
export type GrantRoleBody = z.infer<typeof GrantRoleBody>;

export const StaffRoleParams = z.strictObject({ id: z.uuid(), roleId: z.uuid() });
