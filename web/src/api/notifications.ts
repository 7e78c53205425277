import { api } from './client.js';

/** One message in "Thông báo" (GET /api/v1/me/notifications), already in the language it was sent in. */
export interface InboxItem {
  id: string;
  title: string;
  body: string;
  /** ISO 8601. */
  createdAt: string;
  /** Null while unread. */
  readAt: string | null;
}

export interface InboxPage {
  items: InboxItem[];
  /** Unread in the whole inbox, not only on this page. */
  unreadCount: number;
  nextCursor: string | null;
}

/** Newest first; pass the previous page's `nextCursor` for older ones. */
export function listNotifications(cursor?: string | null, limit?: number): Promise<InboxPage> {
  return api<InboxPage>('/api/v1/me/notifications', { query: { cursor: cursor ?? undefined, limit } });
}

export function markNotificationRead(id: string): Promise<void> {
  return api<void>(`/api/v1/me/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });
}

export function markAllNotificationsRead(): Promise<void> {
  return api<void>('/api/v1/me/notifications/read-all', { method: 'POST' });
}
