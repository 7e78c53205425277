import { client, unwrap } from './client.js';
import type { Schema } from './types.js';

/** One message in "Thông báo" (GET /api/v1/me/notifications), already in the language it was sent in. */
export type InboxItem = Schema<'InboxItem'>;
/** `unreadCount` counts the whole inbox, not only this page. */
export type InboxPage = Schema<'InboxPage'>;

/** Newest first; pass the previous page's `nextCursor` for older ones. */
export function listNotifications(cursor?: string | null, limit?: number): Promise<InboxPage> {
  return unwrap(
    client.GET('/api/v1/me/notifications', { params: { query: { cursor: cursor ?? undefined, limit } } }),
  );
}

export async function markNotificationRead(id: string): Promise<void> {
  await unwrap(client.POST('/api/v1/me/notifications/{id}/read', { params: { path: { id } } }));
}

export async function markAllNotificationsRead(): Promise<void> {
  await unwrap(client.POST('/api/v1/me/notifications/read-all'));
}
