import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { anonymous } from '../../platform/auth/actor.js';
import type { App } from '../../platform/http/app.js';
import { Problem } from '../../platform/http/problem.js';
import {
  AgencyIdParams,
  AgencyListQuery,
  AgencyPage,
  AgencyView,
  CreateAgencyBody,
  GrantRoleBody,
  MappingListQuery,
  MappingPage,
  StaffRoleList,
  StaffRoleListQuery,
  StaffRoleParams,
  StaffRoleView,
  UnitCodeParams,
  UnitDetailView,
  UnitListQuery,
  UnitPage,
  UpdateAgencyBody,
} from './schema.js';
import type { Caller, DirectoryService } from './service.js';

const base = '/api/v1/directory';
const tags = ['directory'];
const readErrors = { 400: Problem, 404: Problem };
const adminErrors = { 400: Problem, 401: Problem, 403: Problem, 404: Problem, 409: Problem };
const session = [{ session: [] }];

function callerOf(req: FastifyRequest): Caller {
  return { actor: req.actor ?? anonymous, requestId: req.id };
}

export function registerDirectoryRoutes(app: App, service: DirectoryService): void {
  app.get(
    `${base}/units`,
    {
      schema: {
        tags,
        summary: 'Administrative units (accent-insensitive search)',
        querystring: UnitListQuery,
        response: { 200: UnitPage, 400: Problem },
      },
    },
    (req) => service.listUnits(req.query),
  );

  app.get(
    `${base}/units/:code`,
    {
      schema: {
        tags,
        summary: 'One administrative unit',
        params: UnitCodeParams,
        response: { 200: UnitDetailView, ...readErrors },
      },
    },
    (req) => service.getUnit(req.params.code),
  );

  app.get(
    `${base}/unit-mappings`,
    {
      schema: {
        tags,
        summary: 'Old (pre-July-2025) unit → new unit; partial rows need a manual choice',
        querystring: MappingListQuery,
        response: { 200: MappingPage, 400: Problem },
      },
    },
    (req) => service.listMappings(req.query),
  );

  app.get(
    `${base}/agencies`,
    {
      schema: {
        tags,
        summary: 'Agencies (accent-insensitive search)',
        querystring: AgencyListQuery,
        response: { 200: AgencyPage, 400: Problem },
      },
    },
    (req) => service.listAgencies(req.query),
  );

  app.get(
    `${base}/agencies/:id`,
    {
      schema: {
        tags,
        summary: 'One agency',
        params: AgencyIdParams,
        response: { 200: AgencyView, ...readErrors },
      },
    },
    (req) => service.getAgency(req.params.id),
  );

  app.post(
    `${base}/agencies`,
    {
      schema: {
        tags,
        summary: 'Create an agency (city_admin)',
        security: session,
        body: CreateAgencyBody,
        response: { 201: AgencyView, ...adminErrors },
      },
    },
    async (req, reply) => reply.code(201).send(await service.createAgency(callerOf(req), req.body)),
  );

  app.patch(
    `${base}/agencies/:id`,
    {
      schema: {
        tags,
        summary: 'Change an agency (city_admin)',
        security: session,
        params: AgencyIdParams,
        body: UpdateAgencyBody,
        response: { 200: AgencyView, ...adminErrors },
      },
    },
    (req) => service.updateAgency(callerOf(req), req.params.id, req.body),
  );

  app.get(
    `${base}/agencies/:id/staff-roles`,
    {
      schema: {
        tags,
        summary: "Staff roles held at an agency (the agency's agency_admin, or city_admin)",
        security: session,
        params: AgencyIdParams,
        querystring: StaffRoleListQuery,
        response: { 200: StaffRoleList, ...adminErrors },
      },
    },
    async (req) => ({
      items: await service.listStaffRoles(callerOf(req), req.params.id, req.query.includeRevoked === 'true'),
    }),
  );

  app.post(
    `${base}/agencies/:id/staff-roles`,
    {
      schema: {
        tags,
        summary: 'Grant a staff role at an agency',
        security: session,
        params: AgencyIdParams,
        body: GrantRoleBody,
        response: { 201: StaffRoleView, ...adminErrors },
      },
    },
    async (req, reply) =>
      reply.code(201).send(await service.grantRole(callerOf(req), req.params.id, req.body)),
  );

  app.delete(
    `${base}/agencies/:id/staff-roles/:roleId`,
    {
      schema: {
        tags,
        summary: 'Revoke a staff role (kept in history)',
        security: session,
        params: StaffRoleParams,
        response: { 204: z.null().describe('Revoked'), ...adminErrors },
      },
    },
    async (req, reply) => {
      await service.revokeRole(callerOf(req), req.params.id, req.params.roleId);
      return reply.code(204).send(null);
    },
  );
}
