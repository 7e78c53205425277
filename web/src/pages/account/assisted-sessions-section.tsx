import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AssistedSession, endMyAssistedSession, listMyAssistedSessions } from '../../api/assisted.js';
import { ApiProblem } from '../../api/client.js';
import { ProblemNotice } from '../../components/problem-notice.js';
import { formatClockTime, formatDate } from '../../format/date.js';
import './assisted.css';

/** Consecutive identical actions shown once with a count ("Xem thông tin cá nhân (3 lần)"). */
function groupActions(actions: AssistedSession['actions']) {
  const groups: { at: string; action: string; count: number }[] = [];
  for (const a of actions) {
    const last = groups.at(-1);
    if (last && last.action === a.action) last.count += 1;
    else groups.push({ ...a, count: 1 });
  }
  return groups;
}

function minutesBetween(from: string, to: string): number {
  return Math.max(1, Math.round((new Date(to).getTime() - new Date(from).getTime()) / 60_000));
}

/**
 * "Các lần được hỗ trợ" on the citizen's account page: who helped (name, agency, ward), when, for how
 * long, what was done, and "Kết thúc ngay" for a session still going on.
 */
export function AssistedSessionsSection() {
  const { t } = useTranslation();
  const [items, setItems] = useState<AssistedSession[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [ending, setEnding] = useState<string | null>(null);
  const [status, setStatus] = useState('');

  const load = useCallback(async () => {
    try {
      const page = await listMyAssistedSessions();
      setItems(page.items);
      setNextCursor(page.nextCursor);
      setProblem(null);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      setProblem(error);
    }
  }, []);

  useEffect(() => {
    void load();
  }, [load]);

  const more = async () => {
    if (!nextCursor || loadingMore) return;
    setLoadingMore(true);
    try {
      const page = await listMyAssistedSessions(nextCursor);
      setItems((old) => [...(old ?? []), ...page.items]);
      setNextCursor(page.nextCursor);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      setProblem(error);
    } finally {
      setLoadingMore(false);
    }
  };

  const end = async (session: AssistedSession) => {
    if (ending) return;
    setEnding(session.id);
    try {
      await endMyAssistedSession(session.id);
      await load();
      setStatus(t('assisted.mine.ended', { name: session.assistant.name }));
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      setProblem(error);
    } finally {
      setEnding(null);
    }
  };

  let body: ReactNode;
  if (problem) body = <ProblemNotice problem={problem} onRetry={() => void load()} />;
  else if (!items) body = <p className="loading">{t('common.loading')}</p>;
  else if (!items.length) body = <p>{t('assisted.mine.none')}</p>;
  else
    body = (
      <>
        <ul className="assisted-list">
          {items.map((s) => (
            <li key={s.id} className="assisted-list__item">
              <h3 className="assisted-list__who">{s.assistant.name}</h3>
              <p className="assisted-list__meta">
                {[t(`assisted.role.${s.assistant.role}`), s.assistant.agency, s.assistant.ward]
                  .filter(Boolean)
                  .join(' · ')}
              </p>
              <p>
                {t('assisted.mine.when', {
                  date: formatDate(s.startedAt),
                  from: formatClockTime(s.startedAt),
                  to: formatClockTime(s.endsAt),
                })}{' '}
                {s.live
                  ? t('assisted.mine.liveUntil', { time: formatClockTime(s.endsAt) })
                  : t('assisted.mine.duration', { count: minutesBetween(s.startedAt, s.endsAt) })}
              </p>
              <p className={s.live ? 'assisted-status assisted-status--live' : 'assisted-status'}>
                <span aria-hidden="true">{s.live ? '● ' : '✓ '}</span>
                {s.live ? t('assisted.mine.live') : t(`assisted.endReason.${s.endReason ?? 'expired'}`)}
              </p>
              {s.registered && <p>{t('assisted.mine.registered')}</p>}
              <details className="details">
                <summary className="details__summary">
                  {t('assisted.mine.actions', { count: s.actions.length })}
                </summary>
                <div className="details__body">
                  <ul className="details__list">
                    {groupActions(s.actions).map((a) => (
                      <li key={`${a.at}-${a.action}`}>
                        {formatClockTime(a.at)} —{' '}
                        {t(`assisted.action.${a.action}`, { defaultValue: t('assisted.action.other') })}
                        {a.count > 1 ? ` ${t('assisted.mine.times', { count: a.count })}` : ''}
                      </li>
                    ))}
                  </ul>
                  {s.actionsTruncated && <p className="muted">{t('assisted.mine.truncated')}</p>}
                </div>
              </details>
              {s.live && (
                <button
                  type="button"
                  className="button button--warning"
                  aria-disabled={ending === s.id || undefined}
                  onClick={() => void end(s)}
                >
                  {t('assisted.mine.end')}
                </button>
              )}
            </li>
          ))}
        </ul>
        {nextCursor && (
          <button
            type="button"
            className="button button--secondary"
            aria-disabled={loadingMore || undefined}
            onClick={() => void more()}
          >
            {t('assisted.mine.more')}
          </button>
        )}
      </>
    );

  return (
    <section aria-labelledby="assisted-heading">
      <h2 id="assisted-heading">{t('assisted.mine.title')}</h2>
      <p>{t('assisted.mine.intro')}</p>
      <p className="visually-hidden" role="status">
        {status}
      </p>
      {body}
    </section>
  );
}
