import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { assistedOf, canAssist } from '../api/assisted.js';
import { ApiProblem } from '../api/client.js';
import { listNotifications } from '../api/notifications.js';
import { logout } from '../api/session.js';
import { PageHeading, usePageTitle } from '../app/page.js';
import { AccountBody, type SignedInSession } from '../components/account-body.js';
import { CitizenSummary } from '../components/citizen-summary.js';
import { AssistedSessionsSection } from './account/assisted-sessions-section.js';

/** "Tài khoản của tôi": who is signed in, and signing out of this device. */
export function AccountPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [signingOut, setSigningOut] = useState(false);
  usePageTitle(t('account.title'));

  const signOut = async () => {
    if (signingOut) return;
    setSigningOut(true);
    try {
      await logout();
    } catch (error) {
      // The local session is cleared even when the server could not be reached.
      if (!(error instanceof ApiProblem)) throw error;
    }
    navigate('/', { replace: true });
  };

  const body = (session: SignedInSession) => (
    <>
      <CitizenSummary me={session.me} />
      {!assistedOf(session) && <NotificationsLink />}
      <h2>{t('identityVerify.accountHeading')}</h2>
      {session.me.kind === 'citizen' ? (
        <>
          <p>{t(`identityVerify.accountBody${session.me.assuranceLevel >= 2 ? 2 : 1}`)}</p>
          <p>
            <Link to="/tai-khoan/xac-minh">{t('identityVerify.accountLink')}</Link>
          </p>
        </>
      ) : (
        <p>
          <Link to="/can-bo/xac-minh-cccd">{t('identityVerify.accountStaffLink')}</Link>
        </p>
      )}
      <h2>{t('security.title')}</h2>
      <p>{t('security.accountLinkBody')}</p>
      <p>
        <Link to="/tai-khoan/bao-mat">{t('security.title')}</Link>
      </p>
      <h2>{t('dataSharing.title')}</h2>
      <p>{t('dataSharing.accountLinkBody')}</p>
      <p>
        <Link to="/tai-khoan/chia-se-du-lieu">{t('dataSharing.title')}</Link>
      </p>
      {session.me.kind === 'citizen' && !assistedOf(session) && <AssistedSessionsSection />}
      {canAssist(session.me) && (
        <>
          <h2>{t('assisted.start.title')}</h2>
          <p>
            <Link to="/can-bo/ho-tro">{t('assisted.start.title')}</Link>
          </p>
        </>
      )}
      <h2>{t('account.signOutHeading')}</h2>
      <p>{t('account.signOutBody')}</p>
      <button
        type="button"
        className="button button--secondary"
        aria-disabled={signingOut || undefined}
        onClick={() => void signOut()}
      >
        {t('nav.signOut')}
      </button>
    </>
  );

  return (
    <>
      <PageHeading>{t('account.title')}</PageHeading>
      <AccountBody signInText={t('account.signInNeeded')}>{body}</AccountBody>
    </>
  );
}

/**
 * "Thông báo (2)": the link to the inbox with the number still unread (its accessible name goes on
 * "… chưa đọc"). A failed count leaves the plain link: the inbox page shows the problem itself.
 */
function NotificationsLink() {
  const { t } = useTranslation();
  const [unread, setUnread] = useState(0);

  useEffect(() => {
    let live = true;
    listNotifications(null, 1).then(
      (page) => live && setUnread(page.unreadCount),
      (error: unknown) => {
        if (!(error instanceof ApiProblem)) throw error;
      },
    );
    return () => {
      live = false;
    };
  }, []);

  return (
    <>
      <h2>{t('inbox.title')}</h2>
      <p>{t('inbox.accountLinkBody')}</p>
      <p>
        <Link to="/tai-khoan/thong-bao">
          {t('inbox.title')}
          {unread > 0 && (
            <>
              {` (${unread})`}
              <span className="visually-hidden"> {t('inbox.unreadLink')}</span>
            </>
          )}
        </Link>
      </p>
    </>
  );
}
