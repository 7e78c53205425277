import { z } from 'zod';
import { StaffRoles } from '../../../../platform/auth/actor.js';
import type { App } from '../../../../platform/http/app.js';
import type { StaffAdminService } from './service.js';

// Control characters (NUL above all) cannot reach PostgreSQL text; everything else is searched as typed.
const hasNoControlChars = (s: string) => ![...s].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127);

const StaffListQuery = z.strictObject({
  agencyId: z.uuid(),
  /** Part of the name or e-mail, with or without Vietnamese marks. */
  q: z.string().max(200).refine(hasNoControlChars, 'identity.bad_query').optional(),
  cursor: z
    .string()
    .max(400)
    .regex(/^[A-Za-z0-9_-]+$/, 'identity.bad_cursor')
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

const StaffMemberView = z
  .object({
    id: z.uuid(),
    fullName: z.string(),
    email: z.string().nullable(),
    /** `invited`: the set-password link has not been used yet. */
    status: z.enum(['active', 'disabled', 'invited']),
    /** An authenticator app is enrolled (staff sign-in needs one; without it the next sign-in enrols). */
    totpEnrolled: z.boolean(),
    lastSignInAt: z.string().nullable(),
    /** For `invited`: until when the latest set-password link works (it may be past). */
    invitationExpiresAt: z.string().nullable(),
    /** Roles held at the listed agency (a ward code limits a role to that commune). */
    roles: z.array(z.object({ role: z.enum(StaffRoles), wardCode: z.string().nullable() })),
    /** The caller may disable, enable and reset this account. */
    canManage: z.boolean(),
  })
  .meta({ id: 'StaffMember' });

const StaffPage = z
  .object({ items: z.array(StaffMemberView), nextCursor: z.string().nullable() })
  .meta({ id: 'StaffPage' });

const InviteBody = z.strictObject({
  email: z
    .email()
    .max(254)
    .transform((s) => s.trim().toLowerCase()),
  fullName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .transform((s) => s.normalize('NFC')),
  /** The agency the new staff member joins; the inviter must administer it. */
  agencyId: z.uuid(),
});

const InvitationView = z
  .object({
    id: z.uuid(),
    /** Give this link to the person (once): it sets their first password. */
    setPasswordPath: z.string(),
    expiresAt: z.string(),
  })
  .meta({ id: 'StaffInvitation' });

const AcceptBody = z.strictObject({
  token: z.string().min(1).max(100),
  password: z.string().min(1).max(1024),
});

const admin = { tags: ['identity'], security: [{ session: [] }] };

/** The web page that reads the link's token and sets the first password. */
const SET_PASSWORD_PAGE = '/can-bo/dat-mat-khau';

// In the fragment, so the token never reaches server or proxy logs when the page loads.
const invitationView = (i: { id: string; token: string; expiresAt: Date }) => ({
  id: i.id,
  setPasswordPath: `${SET_PASSWORD_PAGE}#token=${i.token}`,
  expiresAt: i.expiresAt.toISOString(),
});

export function staffAdminRoutes(service: StaffAdminService) {
  return async (app: App) => {
    if (service.canList) {
      app.get(
        '/api/v1/identity/staff',
        {
          schema: {
            ...admin,
            summary: "Lists an agency's staff accounts (that agency's admin, or city admin)",
            description:
              'Holders of a role at the agency and accounts it invited that hold no role yet, sorted by given name, ' +
              'then middle and family name. `q` matches the name or e-mail without regard to Vietnamese marks.',
            querystring: StaffListQuery,
            response: { 200: StaffPage },
          },
        },
        async (req) => service.list(req.actor, req.query),
      );
    }

    app.post(
      '/api/v1/identity/staff',
      {
        schema: {
          ...admin,
          summary: 'Invites a staff member to an agency (agency or city admin); returns a set-password link',
          description: 'Roles are granted afterwards on the staff roles page (directory), by work e-mail.',
          body: InviteBody,
          response: { 201: InvitationView },
        },
      },
      async (req, reply) =>
        reply.code(201).send(invitationView(await service.invite(req.actor, req.body, req.id))),
    );

    app.post(
      '/api/v1/identity/staff/:id/invitation',
      {
        schema: {
          ...admin,
          summary: 'A new set-password link for a staff member who has not set a password yet',
          description: 'For a lost or expired link; earlier links stop working.',
          params: z.object({ id: z.uuid() }),
          response: { 201: InvitationView },
        },
      },
      async (req, reply) =>
        reply.code(201).send(invitationView(await service.renewInvitation(req.actor, req.params.id, req.id))),
    );

    app.post(
      '/api/v1/identity/staff/:id/disable',
      {
        schema: {
          ...admin,
          summary: 'Disables a staff account of an agency the caller administers and ends its sessions',
          params: z.object({ id: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await service.disable(req.actor, req.params.id, req.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/identity/staff/:id/enable',
      {
        schema: {
          ...admin,
          summary: 'Enables again a disabled staff account of an agency the caller administers',
          params: z.object({ id: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await service.enable(req.actor, req.params.id, req.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/identity/staff/:id/reset-totp',
      {
        schema: {
          ...admin,
          summary: "Removes a staff member's authenticator app (lost phone) and ends their sessions",
          params: z.object({ id: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await service.resetTotp(req.actor, req.params.id, req.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/auth/staff/set-password',
      {
        schema: {
          tags: ['identity'],
          summary: 'Sets the first password of an invited staff member from the link token (works once)',
          body: AcceptBody,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await service.acceptInvitation(req.body, req.id);
        return reply.code(204).send(null);
      },
    );
  };
}
