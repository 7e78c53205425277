import { type Actor, requireSignedIn } from '../auth/actor.js';
import type { Clock } from '../clock.js';
import type { Db } from '../db/db.js';
import { timeCursor } from '../http/cursor.js';
import { DomainError } from '../http/errors.js';
import { countUnread, type InboxItem, listInboxPage, markAllInboxRead, markInboxItemRead } from './repo.js';

export interface InboxItemView {
  id: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

export interface InboxPage {
  items: InboxItemView[];
  unreadCount: number;
  nextCursor: string | null;
}

/**
 * The inbox belongs to the account holder alone. A volunteer in an assisted session acts for the citizen
 * but must not read (or clear) the citizen's security notices: one of them may be about that very session.
 * The actor plugin refuses the writes already; reads are refused here.
 */
function ownerOf(actor: Actor): string {
  requireSignedIn(actor);
  if (actor.kind === 'assistant') throw new DomainError('forbidden', 'auth.assisted_not_allowed');
  if (actor.kind !== 'citizen' && actor.kind !== 'staff')
    throw new DomainError('forbidden', 'http.forbidden');
  return actor.accountId;
}

const view = (item: InboxItem): InboxItemView => ({
  id: item.id,
  title: item.title,
  body: item.body,
  createdAt: item.createdAt.toISOString(),
  readAt: item.readAt?.toISOString() ?? null,
});

/** "Thông báo": the signed-in person's in-app messages, newest first, and marking them read. */
export function createInbox(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  return {
    async list(actor: Actor, query: { cursor?: string | undefined; limit: number }): Promise<InboxPage> {
      const accountId = ownerOf(actor);
      const after = timeCursor.decode(query.cursor, 'notify.bad_cursor');
      const [rows, unreadCount] = await Promise.all([
        listInboxPage(db, accountId, after, query.limit + 1),
        countUnread(db, accountId),
      ]);
      const page = rows.slice(0, query.limit);
      const last = page.at(-1);
      return {
        items: page.map(view),
        unreadCount,
        nextCursor: rows.length > query.limit && last ? timeCursor.encode(last.createdAt, last.id) : null,
      };
    },

    /** Someone else's item answers exactly like an unknown one. Reading it again changes nothing. */
    async markRead(actor: Actor, id: string): Promise<void> {
      const accountId = ownerOf(actor);
      if (!(await markInboxItemRead(db, accountId, id, clock.now()))) {
        throw new DomainError('not_found', 'notify.inbox_item_not_found');
      }
    },

    async markAllRead(actor: Actor): Promise<void> {
      await markAllInboxRead(db, ownerOf(actor), clock.now());
    },
  };
}

export type Inbox = ReturnType<typeof createInbox>;
