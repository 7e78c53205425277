import { client, unwrap } from './client.js';
import { type Body, everyMember, type Res, type Schema } from './types.js';

// src/modules/directory/schema.ts.

export type AdminUnit = Schema<'DirectoryUnit'>;
export type AgencyContact = Schema<'DirectoryContact'>;
export type Agency = Schema<'DirectoryAgency'>;
export type AgencyType = Agency['type'];
export type UnitPage = Res<'/api/v1/directory/units', 'get'>;
export type AgencyPage = Res<'/api/v1/directory/agencies', 'get'>;
export type AgencyInput = Body<'/api/v1/directory/agencies', 'post'>;
/** The holder's `account` is null if the account no longer exists. */
export type StaffRole = Schema<'DirectoryStaffRole'>;
type StaffRoleName = StaffRole['role'];
/** `email`: the staff member's work e-mail address. */
type StaffRoleInput = Body<'/api/v1/directory/agencies/{id}/staff-roles', 'post'>;

export const agencyTypes = everyMember<AgencyType>({
  city_people_committee: true,
  city_office: true,
  department: true,
  inspectorate: true,
  police: true,
  service_center: true,
  public_service_unit: true,
  management_board: true,
  commune_people_committee: true,
});

export const staffRoleNames = everyMember<StaffRoleName>({
  city_admin: true,
  agency_admin: true,
  officer: true,
  reception: true,
  community_member: true,
});

const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export function listUnits(q: string, cursor?: string, signal?: AbortSignal): Promise<UnitPage> {
  return unwrap(
    client.GET('/api/v1/directory/units', {
      params: { query: { q, cursor, limit: 100 } },
      ...withSignal(signal),
    }),
  );
}

export function listAgencies(q: string, cursor?: string, signal?: AbortSignal): Promise<AgencyPage> {
  return unwrap(
    client.GET('/api/v1/directory/agencies', {
      params: { query: { q, cursor, limit: 50 } },
      ...withSignal(signal),
    }),
  );
}

export function getAgency(id: string, signal?: AbortSignal): Promise<Agency> {
  return unwrap(
    client.GET('/api/v1/directory/agencies/{id}', { params: { path: { id } }, ...withSignal(signal) }),
  );
}

export function createAgency(input: AgencyInput): Promise<Agency> {
  return unwrap(client.POST('/api/v1/directory/agencies', { body: input }));
}

export function updateAgency(
  id: string,
  input: Body<'/api/v1/directory/agencies/{id}', 'patch'>,
): Promise<Agency> {
  return unwrap(client.PATCH('/api/v1/directory/agencies/{id}', { params: { path: { id } }, body: input }));
}

export function listStaffRoles(agencyId: string, signal?: AbortSignal) {
  return unwrap(
    client.GET('/api/v1/directory/agencies/{id}/staff-roles', {
      params: { path: { id: agencyId } },
      ...withSignal(signal),
    }),
  );
}

export function grantStaffRole(agencyId: string, input: StaffRoleInput): Promise<StaffRole> {
  return unwrap(
    client.POST('/api/v1/directory/agencies/{id}/staff-roles', {
      params: { path: { id: agencyId } },
      body: input,
    }),
  );
}

export async function revokeStaffRole(agencyId: string, roleId: string): Promise<void> {
  await unwrap(
    client.DELETE('/api/v1/directory/agencies/{id}/staff-roles/{roleId}', {
      params: { path: { id: agencyId, roleId } },
    }),
  );
}
