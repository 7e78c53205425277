import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import type { ApiProblem } from '../../api/client.js';
import { ensureSession, type Me, refreshSession, useSession } from '../../api/session.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { ProblemNotice } from '../../components/problem-notice.js';

/**
 * Renders the page for the signed-in account; anyone else goes to sign-in and comes back here after.
 * The server checks every request: this only spares people a page of errors.
 */
export function SignedInOnly({ title, children }: { title: string; children: (me: Me) => ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();

  useEffect(() => {
    if (session.status === 'unknown') ensureSession();
  }, [session.status]);

  if (session.status === 'unknown') return <p className="loading">{t('common.loading')}</p>;
  if (session.status === 'error') return <SessionProblem title={title} problem={session.problem} />;
  if (session.status === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate replace to={`/dang-nhap?${new URLSearchParams({ next })}`} />;
  }
  return <>{children(session.me)}</>;
}

function SessionProblem({ title, problem }: { title: string; problem: ApiProblem }) {
  usePageTitle(title);
  return (
    <>
      <PageHeading>{title}</PageHeading>
      <ProblemNotice problem={problem} onRetry={() => void refreshSession()} />
    </>
  );
}
