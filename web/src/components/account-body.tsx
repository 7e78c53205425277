import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ensureSession, refreshSession, type SessionState, useSession } from '../api/session.js';
import { ProblemNotice } from './problem-notice.js';

export type SignedInSession = Extract<SessionState, { status: 'signed-in' }>;

/**
 * The body of an account page by session state: loading, the problem with a retry, a sign-in prompt
 * (`signInText` says what signing in gives here; sign-in comes back to this page), or the page itself.
 * The server checks every request: this only spares people a page of errors.
 */
export function AccountBody({
  signInText,
  children,
}: {
  signInText: string;
  children: (session: SignedInSession) => ReactNode;
}) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();

  useEffect(() => {
    if (session.status === 'unknown') ensureSession();
  }, [session.status]);

  if (session.status === 'unknown') return <p className="loading">{t('common.loading')}</p>;
  if (session.status === 'error')
    return <ProblemNotice problem={session.problem} onRetry={() => void refreshSession()} />;
  if (session.status === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    return (
      <>
        <p>{signInText}</p>
        <p>
          <Link className="button" to={`/dang-nhap?${new URLSearchParams({ next })}`}>
            {t('home.signInAction')}
          </Link>
        </p>
      </>
    );
  }
  return <>{children(session)}</>;
}
