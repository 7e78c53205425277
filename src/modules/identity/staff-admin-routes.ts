import { z } from 'zod';
import type { App } from '../../platform/http/app.js';
import type { StaffAdminService } from './staff-admin-service.js';

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

export function staffAdminRoutes(service: StaffAdminService) {
  return async (app: App) => {
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
      async (req, reply) => {
        const { id, token, expiresAt } = await service.invite(req.actor, req.body, req.id);
        // In the fragment, so the token never reaches server or proxy logs when the page loads.
        return reply.code(201).send({
          id,
          setPasswordPath: `/staff/set-password#token=${token}`,
          expiresAt: expiresAt.toISOString(),
        });
      },
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
