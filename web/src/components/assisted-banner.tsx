import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { assistedOf, endAssisted } from '../api/assisted.js';
import { ApiProblem } from '../api/client.js';
import { displayName, refreshSession, useSession } from '../api/session.js';
import { formatClockTime } from '../format/date.js';
import './assisted-banner.css';

/**
 * On every page while a volunteer acts for a citizen (UX.md §11): for whom, until when, and the way out.
 * When the session runs out the page learns it from the server and the banner goes away.
 */
export function AssistedBanner() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const assisted = assistedOf(session);
  const { ending, end: endSession } = useEndAssisted();

  const expiresAt = assisted?.expiresAt;
  useEffect(() => {
    if (!expiresAt) return;
    const ms = new Date(expiresAt).getTime() - Date.now() + 1000;
    // Beyond a day the timer is pointless (and browsers clamp long delays).
    if (ms > 86_400_000) return;
    const timer = window.setTimeout(() => void refreshSession(), Math.max(0, ms));
    return () => window.clearTimeout(timer);
  }, [expiresAt]);

  if (!assisted || session.status !== 'signed-in') return null;

  const end = async () => {
    if (ending) return;
    // The session is over either way once the server is reachable again; the page shows what it knows.
    await endSession();
    navigate('/can-bo/ho-tro');
  };

  return (
    <section className="assisted-banner" aria-label={t('assisted.banner.label')}>
      <div className="container assisted-banner__inner">
        <p className="assisted-banner__text">
          <strong>{t('assisted.banner.helping', { name: displayName(session.me) })}</strong>{' '}
          <span>{t('assisted.banner.until', { time: formatClockTime(assisted.expiresAt) })}</span>
        </p>
        <button
          type="button"
          className="button button--secondary assisted-banner__end"
          aria-disabled={ending || undefined}
          onClick={() => void end()}
        >
          {t('assisted.banner.end')}
        </button>
      </div>
    </section>
  );
}

/** Ending the assisted session: `end` gives the server's problem, or null once it has ended. */
export function useEndAssisted() {
  const [ending, setEnding] = useState(false);
  const end = async (): Promise<ApiProblem | null> => {
    setEnding(true);
    try {
      await endAssisted();
      return null;
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      return error;
    } finally {
      setEnding(false);
    }
  };
  return { ending, end };
}
