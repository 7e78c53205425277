import { z } from 'zod';
import type { App } from '../../../../platform/http/app.js';
import {
  ClientSecretView,
  ClientView,
  CreateClientBody,
  CreatedClientView,
  UpdateClientBody,
} from './schema.js';
import type { ClientsService } from './service.js';

const Params = z.strictObject({ clientId: z.string().min(1).max(64) });

/** City administrators register the relying parties of "Đăng nhập bằng Công dân số". */
export function clientsRoutes(service: ClientsService) {
  return async (app: App) => {
    const common = { tags: ['identity'], security: [{ session: [] }] };
    app.post(
      '/api/v1/identity/clients',
      {
        schema: {
          ...common,
          summary: 'Registers an API client (city_admin); the secret is shown only in this answer',
          body: CreateClientBody,
          response: { 201: CreatedClientView },
        },
      },
      async (req, reply) => reply.code(201).send(await service.create(req.actor, req.body, req.id)),
    );
    app.get(
      '/api/v1/identity/clients',
      {
        schema: { ...common, summary: 'API clients (city_admin)', response: { 200: z.array(ClientView) } },
      },
      async (req) => service.list(req.actor),
    );
    app.get(
      '/api/v1/identity/clients/:clientId',
      {
        schema: {
          ...common,
          summary: 'One API client (city_admin)',
          params: Params,
          response: { 200: ClientView },
        },
      },
      async (req) => service.get(req.actor, req.params.clientId),
    );
    app.patch(
      '/api/v1/identity/clients/:clientId',
      {
        schema: {
          ...common,
          summary: 'Changes or disables an API client (city_admin)',
          params: Params,
          body: UpdateClientBody,
          response: { 200: ClientView },
        },
      },
      async (req) => service.update(req.actor, req.params.clientId, req.body, req.id),
    );
    app.post(
      '/api/v1/identity/clients/:clientId/secret',
      {
        schema: {
          ...common,
          summary: 'Issues a new client secret (city_admin); shown only in this answer',
          description:
            'Only for clients that authenticate with client_secret_basic (others: 409). The previous secret stops ' +
            'working at once, so the application must be updated with the new one.',
          params: Params,
          response: { 201: ClientSecretView },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await service.renewSecret(req.actor, req.params.clientId, req.id)),
    );
  };
}
