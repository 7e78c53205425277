import { z } from 'zod';
import type { App } from '../../../../platform/http/app.js';
import { translator } from '../../../../platform/i18n/i18n.js';
import type { ConsentsService } from './service.js';

const ConsentView = z
  .object({
    id: z.uuid(),
    clientId: z.string(),
    /** The application's name as registered. */
    clientName: z.string(),
    /** Why it asked for the data, as shown on the consent page. */
    purpose: z.string(),
    scopes: z.array(z.string()),
    dataItems: z.array(z.object({ claim: z.string(), label: z.string() })),
    offlineAccess: z.boolean(),
    grantedAt: z.string(),
    withdrawnAt: z.string().nullable(),
    status: z.enum(['active', 'withdrawn', 'expired']),
  })
  .meta({ id: 'Consent' });

const signedIn = { tags: ['identity'], security: [{ session: [] }] };

export function consentsRoutes(service: ConsentsService) {
  return async (app: App) => {
    app.get(
      '/api/v1/me/consents',
      {
        schema: {
          ...signedIn,
          summary: 'Applications I allowed to receive my data ("Đăng nhập bằng Công dân số"), newest first',
          description:
            'Each consent names the application, its purpose and the data items (labels in the language of Accept-Language).',
          response: { 200: z.object({ items: z.array(ConsentView) }) },
        },
      },
      async (req) => ({ items: await service.list(req.actor, translator(req.locale)) }),
    );

    app.delete(
      '/api/v1/me/consents/:id',
      {
        schema: {
          ...signedIn,
          summary: 'Withdraws a consent: the application loses its access and tokens at once',
          description:
            'The grant and every access and refresh token issued under it are revoked; the next sign-in to that application asks for consent again.',
          params: z.object({ id: z.uuid() }),
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await service.withdraw(req.actor, req.params.id, req.id, req.locale);
        return reply.code(204).send(null);
      },
    );
  };
}
