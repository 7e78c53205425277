import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate } from 'react-router';
import { ApiProblem } from '../../api/client.js';
import { type Consent, listConsents, withdrawConsent } from '../../api/consents.js';
import { ensureSession, refreshSession, useSession } from '../../api/session.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { ConfirmAction } from '../../components/confirm-action.js';
import { ProblemNotice } from '../../components/problem-notice.js';
import { signedOutByServer, useLoad } from '../../components/use-load.js';
import { formatDate } from '../../format/date.js';
import './data-sharing.css';

const DATA_SHARING_PATH = '/tai-khoan/chia-se-du-lieu';

/**
 * "Ứng dụng được chia sẻ dữ liệu": the applications the person allowed to receive data through
 * "Đăng nhập bằng Công dân số", and withdrawing that consent (the server revokes the access at once).
 */
export function DataSharingPage() {
  const { t } = useTranslation();
  const session = useSession();
  usePageTitle(t('dataSharing.title'));

  useEffect(() => {
    if (session.status === 'unknown') ensureSession();
  }, [session.status]);

  if (session.status === 'anonymous') {
    return <Navigate replace to={`/dang-nhap?${new URLSearchParams({ next: DATA_SHARING_PATH })}`} />;
  }
  return (
    <>
      <Link className="back-link" to="/tai-khoan">
        {t('account.title')}
      </Link>
      <PageHeading>{t('dataSharing.title')}</PageHeading>
      {session.status === 'unknown' && <p className="loading">{t('common.loading')}</p>}
      {session.status === 'error' && (
        <ProblemNotice problem={session.problem} onRetry={() => void refreshSession()} />
      )}
      {session.status === 'signed-in' && <ConsentList />}
    </>
  );
}

function ConsentList() {
  const { t } = useTranslation();
  const { data: consents, problem: loadProblem, reload: load } = useLoad(listConsents);
  const [withdrawn, setWithdrawn] = useState<string | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);

  // The withdrawn item leaves the list with the button that had focus: the confirmation takes it.
  useEffect(() => {
    if (withdrawn) noticeRef.current?.focus();
  }, [withdrawn]);

  const active = consents?.filter((c) => c.status === 'active') ?? [];
  const past = consents?.filter((c) => c.status !== 'active') ?? [];

  return (
    <>
      <p>{t('dataSharing.intro')}</p>
      <div role="status">
        {withdrawn && (
          <div className="notice notice--success" ref={noticeRef} tabIndex={-1}>
            <p>{t('dataSharing.withdrawnNotice', { client: withdrawn })}</p>
          </div>
        )}
      </div>
      {loadProblem && <ProblemNotice problem={loadProblem} onRetry={() => void load()} />}
      {!consents && !loadProblem && <p className="loading">{t('common.loading')}</p>}
      {consents && (
        <section className="section" aria-labelledby="consents-active-heading">
          <h2 id="consents-active-heading">{t('dataSharing.activeHeading')}</h2>
          {active.length === 0 ? (
            <p>{t('dataSharing.none')}</p>
          ) : (
            <ul className="consent-list">
              {active.map((c) => (
                <ConsentItem
                  key={c.id}
                  consent={c}
                  onWithdrawn={async () => {
                    setWithdrawn(c.clientName);
                    await load();
                  }}
                />
              ))}
            </ul>
          )}
        </section>
      )}
      {past.length > 0 && (
        <section className="section" aria-labelledby="consents-past-heading">
          <h2 id="consents-past-heading">{t('dataSharing.pastHeading')}</h2>
          <ul className="consent-list">
            {past.map((c) => (
              <ConsentItem key={c.id} consent={c} />
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function ConsentItem({ consent: c, onWithdrawn }: { consent: Consent; onWithdrawn?: () => Promise<void> }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const nameId = `consent-${c.id}`;

  const withdraw = async () => {
    if (pending || !onWithdrawn) return;
    setPending(true);
    try {
      await withdrawConsent(c.id);
      await onWithdrawn();
    } catch (error) {
      setPending(false);
      if (signedOutByServer(error)) return;
      if (!(error instanceof ApiProblem)) throw error;
      setProblem(error);
      // Withdrawn meanwhile (another device): the list should say so.
      if (error.status === 404 || error.status === 409) await onWithdrawn();
    }
  };

  return (
    <li className="consent">
      <h3 className="consent__name" id={nameId}>
        {c.clientName}
      </h3>
      <p className={`consent__status consent__status--${c.status}`}>
        <span aria-hidden="true">{c.status === 'active' ? '✓ ' : '○ '}</span>
        {t(`dataSharing.status.${c.status}`)}
      </p>
      <dl className="consent__facts">
        <dt>{t('dataSharing.purpose')}</dt>
        <dd>{c.purpose}</dd>
        <dt>{t('dataSharing.items')}</dt>
        <dd>
          <ul>
            {c.dataItems.map((d) => (
              <li key={d.claim}>{d.label}</li>
            ))}
            {c.offlineAccess && <li>{t('dataSharing.offline')}</li>}
          </ul>
        </dd>
        <dt>{t('dataSharing.grantedAt')}</dt>
        <dd>{formatDate(c.grantedAt)}</dd>
        {c.withdrawnAt && (
          <>
            <dt>{t('dataSharing.withdrawnAt')}</dt>
            <dd>{formatDate(c.withdrawnAt)}</dd>
          </>
        )}
      </dl>
      {problem && <ProblemNotice problem={problem} />}
      {onWithdrawn && (
        <ConfirmAction
          className="consent__confirm"
          trigger={t('dataSharing.withdraw')}
          triggerDescribedBy={nameId}
          title={t('dataSharing.confirmTitle', { client: c.clientName })}
          body={t('dataSharing.confirmBody', { client: c.clientName })}
          confirm={pending ? t('dataSharing.withdrawing') : t('dataSharing.confirmAction')}
          pending={pending}
          onConfirm={() => void withdraw()}
        />
      )}
    </li>
  );
}
