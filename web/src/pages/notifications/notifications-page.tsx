import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { assistedOf } from '../../api/assisted.js';
import { ApiProblem } from '../../api/client.js';
import {
  type InboxItem,
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
} from '../../api/notifications.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { AccountBody } from '../../components/account-body.js';
import { ProblemNotice } from '../../components/problem-notice.js';
import { signedOutByServer } from '../../components/use-load.js';
import { formatDateTime } from '../../format/date.js';
import './notifications.css';

const _NOTIFICATIONS_PATH = '/tai-khoan/thong-bao';

/**
 * "Thông báo": the messages the platform left for the signed-in person (security notices and the like),
 * newest first, unread ones marked with a word and a style; opening one marks it read.
 */
export function NotificationsPage() {
  const { t } = useTranslation();
  usePageTitle(t('inbox.title'));

  return (
    <>
      <Link className="back-link" to="/tai-khoan">
        {t('account.title')}
      </Link>
      <PageHeading>{t('inbox.title')}</PageHeading>
      <AccountBody signInText={t('inbox.signInNeeded')}>
        {(session) =>
          // The inbox is the citizen's own: a volunteer helping them does not read it (the server refuses too).
          assistedOf(session) ? <p className="notice">{t('inbox.assisted')}</p> : <Inbox />
        }
      </AccountBody>
    </>
  );
}

function Inbox() {
  const { t } = useTranslation();
  const [items, setItems] = useState<InboxItem[] | null>(null);
  const [unread, setUnread] = useState(0);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [loadProblem, setLoadProblem] = useState<ApiProblem | null>(null);
  const [actionProblem, setActionProblem] = useState<ApiProblem | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [markingAll, setMarkingAll] = useState(false);
  const [allRead, setAllRead] = useState(false);
  const [focusId, setFocusId] = useState<string | null>(null);
  const allReadRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      const page = await listNotifications();
      setItems(page.items);
      setUnread(page.unreadCount);
      setNextCursor(page.nextCursor);
      setLoadProblem(null);
    } catch (error) {
      if (signedOutByServer(error)) return;
      if (!(error instanceof ApiProblem)) throw error;
      setLoadProblem(error);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  // The "mark all" button leaves with the last unread item: the confirmation takes its focus.
  useEffect(() => {
    if (allRead) allReadRef.current?.focus();
  }, [allRead]);

  // "Xem thêm" is gone after the last page: focus moves to the first of the items it brought.
  useEffect(() => {
    if (focusId) document.getElementById(`inbox-item-${focusId}`)?.focus();
  }, [focusId]);

  const failed = (error: unknown) => {
    if (signedOutByServer(error)) return;
    if (!(error instanceof ApiProblem)) throw error;
    setActionProblem(error);
  };

  const more = async () => {
    if (!nextCursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await listNotifications(nextCursor);
      setItems((old) => [...(old ?? []), ...page.items]);
      setUnread(page.unreadCount);
      setNextCursor(page.nextCursor);
      if (!page.nextCursor && page.items[0]) setFocusId(page.items[0].id);
    } catch (error) {
      failed(error);
    } finally {
      setLoadingMore(false);
    }
  };

  const markRead = async (item: InboxItem) => {
    if (item.readAt) return;
    const readAt = new Date().toISOString();
    setItems((old) => old?.map((i) => (i.id === item.id ? { ...i, readAt } : i)) ?? old);
    setUnread((n) => Math.max(0, n - 1));
    try {
      await markNotificationRead(item.id);
    } catch (error) {
      failed(error);
      await load();
    }
  };

  const markAll = async () => {
    if (markingAll) return;
    setMarkingAll(true);
    try {
      await markAllNotificationsRead();
      const readAt = new Date().toISOString();
      setItems((old) => old?.map((i) => (i.readAt ? i : { ...i, readAt })) ?? old);
      setUnread(0);
      setAllRead(true);
    } catch (error) {
      failed(error);
    } finally {
      setMarkingAll(false);
    }
  };

  if (loadProblem) return <ProblemNotice problem={loadProblem} onRetry={() => void load()} />;
  if (!items) return <p className="loading">{t('common.loading')}</p>;
  return (
    <>
      {actionProblem && <ProblemNotice problem={actionProblem} />}
      <div role="status">
        {allRead && (
          <div className="notice notice--success" ref={allReadRef} tabIndex={-1}>
            <p>{t('inbox.allReadDone')}</p>
          </div>
        )}
      </div>
      {items.length === 0 ? (
        <p>{t('inbox.empty')}</p>
      ) : (
        <>
          <div className="inbox-bar">
            <p className="inbox-bar__count">
              {unread > 0 ? t('inbox.unreadCount', { count: unread }) : t('inbox.noneUnread')}
            </p>
            {unread > 0 && (
              <button
                type="button"
                className="button button--secondary"
                aria-disabled={markingAll || undefined}
                onClick={() => void markAll()}
              >
                {t('inbox.markAll')}
              </button>
            )}
          </div>
          <p className="muted">{t('inbox.hint')}</p>
          <ul className="inbox-list">
            {items.map((item) => (
              <InboxEntry key={item.id} item={item} onOpen={() => void markRead(item)} />
            ))}
          </ul>
        </>
      )}
      {nextCursor && (
        <button
          type="button"
          className="button button--secondary"
          aria-disabled={loadingMore || undefined}
          onClick={() => void more()}
        >
          {loadingMore ? t('common.loading') : t('inbox.more')}
        </button>
      )}
    </>
  );
}

function InboxEntry({ item, onOpen }: { item: InboxItem; onOpen: () => void }) {
  const { t } = useTranslation();
  const unread = item.readAt === null;
  return (
    <li className={unread ? 'inbox-item inbox-item--unread' : 'inbox-item'}>
      <details
        className="inbox-item__details"
        onToggle={(e) => {
          if (e.currentTarget.open) onOpen();
        }}
      >
        <summary className="inbox-item__summary" id={`inbox-item-${item.id}`}>
          <span className="inbox-item__title">{item.title}</span>
          <span className="inbox-item__meta">
            {unread && (
              <span className="inbox-badge">
                <span aria-hidden="true">● </span>
                {t('inbox.unread')}
              </span>
            )}
            <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
          </span>
        </summary>
        <div className="inbox-item__body">
          <p>
            <BodyText text={item.body} />
          </p>
        </div>
      </details>
    </li>
  );
}

/** Account pages named in a notice ("/tai-khoan/bao-mat") become links to them. */
const PAGE_PATH = /(\/tai-khoan(?:\/[a-z0-9-]+)*)/;

function BodyText({ text }: { text: string }) {
  return (
    <>
      {text.split(PAGE_PATH).map((part, i) =>
        i % 2 === 1 ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one fixed text never move
          <Link key={i} to={part}>
            {part}
          </Link>
        ) : (
          part
        ),
      )}
    </>
  );
}
