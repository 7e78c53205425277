import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { isStaff, refreshSession, useSession } from '../../api/session.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { ProblemNotice } from '../../components/problem-notice.js';

/**
 * Shows staff pages only to a signed-in staff account. This is for orientation only: the server checks
 * every request, and its 403 problems are shown where they happen.
 */
export function StaffGate({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  const location = useLocation();

  useEffect(() => {
    if (session.status === 'unknown') void refreshSession();
  }, [session.status]);

  if (session.status === 'unknown') return <p className="loading">{t('common.loading')}</p>;
  if (session.status === 'error') {
    return (
      <GateProblem title={title}>
        <ProblemNotice problem={session.problem} onRetry={() => void refreshSession()} />
      </GateProblem>
    );
  }
  if (isStaff(session)) return <>{children}</>;
  const next = `${location.pathname}${location.search}`;
  return <SignInNeeded next={next} signedIn={session.status === 'signed-in'} />;
}

function SignInNeeded({ next, signedIn }: { next: string; signedIn: boolean }) {
  const { t } = useTranslation();
  usePageTitle(t('staff.gate.title'));
  return (
    <>
      <PageHeading>{t('staff.gate.title')}</PageHeading>
      <p>{signedIn ? t('staff.gate.notStaff') : t('staff.gate.signIn')}</p>
      <p>
        <Link className="button" to={`/dang-nhap?${new URLSearchParams({ next })}`}>
          {t('staff.gate.signInAction')}
        </Link>
      </p>
    </>
  );
}

function GateProblem({ title, children }: { title: string; children: ReactNode }) {
  usePageTitle(title);
  return (
    <>
      <PageHeading>{title}</PageHeading>
      {children}
    </>
  );
}
