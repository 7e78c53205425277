import { api } from './client.js';

// Shapes of src/modules/directory/schema.ts as they arrive over JSON.

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface AdminUnit {
  code: string;
  name: string;
  shortName: string;
  type: string;
  provinceCode: string;
}

export interface AgencyContact {
  address: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  hours: string | null;
}

export const agencyTypes = [
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

export const staffRoleNames = [
  'city_admin',
  'agency_admin',
  'officer',
  'reception',
  'community_member',
] as const;

export interface Agency {
  id: string;
  code: string;
  codeScheme: 'qcvn102' | 'internal';
  name: string;
  shortName: string | null;
  type: string;
  parentId: string | null;
  unitCode: string | null;
  contact: AgencyContact;
  updatedAt: string;
}

export interface AgencyInput {
  code: string;
  codeScheme: 'qcvn102' | 'internal';
  name: string;
  shortName: string | null;
  type: string;
  unitCode: string | null;
  contact: AgencyContact;
}

export interface StaffRole {
  id: string;
  accountId: string;
  agencyId: string;
  role: string;
  wardCode: string | null;
  /** The holder as the identity module describes them; null if the account no longer exists. */
  account: { fullName: string; email: string | null } | null;
  grantedBy: string;
  grantedAt: string;
  revokedAt: string | null;
}

export interface StaffRoleInput {
  /** The staff member's work e-mail address. */
  email: string;
  role: string;
  wardCode: string | null;
}

const base = '/api/v1/directory';
const withSignal = (signal?: AbortSignal) => (signal ? { signal } : {});

export function listUnits(q: string, cursor?: string, signal?: AbortSignal) {
  return api<Page<AdminUnit>>(`${base}/units`, { query: { q, cursor, limit: 100 }, ...withSignal(signal) });
}

export function listAgencies(q: string, cursor?: string, signal?: AbortSignal) {
  return api<Page<Agency>>(`${base}/agencies`, { query: { q, cursor, limit: 50 }, ...withSignal(signal) });
}

export function getAgency(id: string, signal?: AbortSignal) {
  return api<Agency>(`${base}/agencies/${encodeURIComponent(id)}`, withSignal(signal));
}

export function createAgency(input: AgencyInput) {
  return api<Agency>(`${base}/agencies`, { method: 'POST', body: input });
}

export function updateAgency(id: string, input: Partial<AgencyInput>) {
  return api<Agency>(`${base}/agencies/${encodeURIComponent(id)}`, { method: 'PATCH', body: input });
}

export function listStaffRoles(agencyId: string, signal?: AbortSignal) {
  return api<{ items: StaffRole[] }>(
    `${base}/agencies/${encodeURIComponent(agencyId)}/staff-roles`,
    withSignal(signal),
  );
}

export function grantStaffRole(agencyId: string, input: StaffRoleInput) {
  return api<StaffRole>(`${base}/agencies/${encodeURIComponent(agencyId)}/staff-roles`, {
    method: 'POST',
    body: input,
  });
}

export function revokeStaffRole(agencyId: string, roleId: string) {
  return api<unknown>(
    `${base}/agencies/${encodeURIComponent(agencyId)}/staff-roles/${encodeURIComponent(roleId)}`,
    { method: 'DELETE' },
  );
}
