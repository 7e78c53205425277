import { z } from 'zod';
import type { App } from '../http/app.js';
import type { Inbox } from './inbox.js';

const InboxItemView = z
  .object({
    id: z.uuid(),
    title: z.string(),
    body: z.string(),
    /** When it was sent (ISO 8601). */
    createdAt: z.string(),
    /** Null while unread. */
    readAt: z.string().nullable(),
  })
  .meta({ id: 'InboxItem' });

const InboxPageView = z
  .object({
    items: z.array(InboxItemView),
    /** Unread items in the whole inbox, not only on this page. */
    unreadCount: z.number().int(),
    /** Pass as `cursor` for the next (older) page; null on the last page. */
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'InboxPage' });

const InboxQuery = z.strictObject({
  cursor: z
    .string()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'notify.bad_cursor')
    .optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

const signedIn = { tags: ['notify'], security: [{ session: [] }] };
const ownOnly =
  'Only the signed-in citizen or staff member reads their own inbox: a volunteer in an assisted session is refused (403 `auth.assisted_not_allowed`).';

/** The in-app inbox ("Thông báo") of the signed-in account. */
export function registerInboxRoutes(app: App, inbox: Inbox): void {
  app.get(
    '/api/v1/me/notifications',
    {
      schema: {
        ...signedIn,
        summary: 'My notifications ("Thông báo"), newest first, with the number still unread',
        description: `Keyset paging: follow \`nextCursor\`. ${ownOnly}`,
        querystring: InboxQuery,
        response: { 200: InboxPageView },
      },
    },
    async (req) => inbox.list(req.actor, req.query),
  );

  app.post(
    '/api/v1/me/notifications/read-all',
    {
      schema: {
        ...signedIn,
        summary: 'Marks every notification of mine read',
        description: ownOnly,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await inbox.markAllRead(req.actor);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/me/notifications/:id/read',
    {
      schema: {
        ...signedIn,
        summary: 'Marks one notification of mine read',
        description: `Someone else's notification answers 404, as an unknown one does. ${ownOnly}`,
        params: z.strictObject({ id: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await inbox.markRead(req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
