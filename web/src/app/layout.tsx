import { Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { displayName, ensureSession, isStaff, logout, useSession } from '../api/session.js';
import { AssistedBanner } from '../components/assisted-banner.js';
import { HelpBlock } from '../components/help-block.js';
import { LanguageSwitch } from '../components/language-switch.js';
import { requestHeadingFocus } from './page.js';

export function Layout() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const firstPath = useRef(pathname);

  useEffect(() => {
    if (pathname === firstPath.current) return;
    firstPath.current = pathname;
    window.scrollTo(0, 0);
    requestHeadingFocus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#main-content">
        {t('layout.skipLink')}
      </a>
      <header className="header">
        <div className="container header__inner">
          <Link to="/" className="brand">
            <svg className="brand__mark" viewBox="0 0 32 32" width="40" height="40" aria-hidden="true">
              <rect width="32" height="32" rx="6" fill="#ffffff" />
              <path d="M16 6l2.4 6.9H26l-6 4.5 2.3 7.1L16 20.1l-6.3 4.4 2.3-7.1-6-4.5h7.6z" fill="#b3261e" />
            </svg>
            <span className="brand__text">
              <span className="brand__name">{t('app.name')}</span>
              <span className="brand__city">{t('app.city')}</span>
            </span>
          </Link>
          <div className="header__tools">
            <LanguageSwitch />
            <a className="header__link" href="#ho-tro">
              {t('help.title')}
            </a>
            <AccountLink />
          </div>
        </div>
        <nav className="nav" aria-label={t('layout.navLabel')}>
          <ul className="container nav__list">
            <li>
              <NavLink to="/" end className="nav__link">
                {t('nav.citizen')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/cong-khai/don-vi" className="nav__link">
                {t('nav.public')}
              </NavLink>
            </li>
            <li>
              <NavLink to="/can-bo/co-quan" className="nav__link">
                {t('nav.staff')}
              </NavLink>
            </li>
          </ul>
        </nav>
      </header>
      <AssistedBanner />
      <main id="main-content" className="container main" tabIndex={-1}>
        <Suspense fallback={<p className="loading">{t('common.loading')}</p>}>
          <Outlet />
        </Suspense>
      </main>
      <HelpBlock />
      <footer className="footer">
        <div className="container">
          <p>{t('layout.footerOwner')}</p>
          <p className="muted">{t('layout.footerLicence')}</p>
        </div>
      </footer>
    </>
  );
}

function AccountLink() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  useEffect(ensureSession, []);
  if (session.status === 'signed-in') {
    return (
      <>
        <Link className="header__link" to={isStaff(session) ? '/can-bo/co-quan' : '/tai-khoan'}>
          <span className="visually-hidden">{t('nav.signedInAs')} </span>
          {displayName(session.me)}
        </Link>
        <button
          type="button"
          className="header__link header__button"
          onClick={() => void logout().finally(() => navigate('/'))}
        >
          {t('nav.signOut')}
        </button>
      </>
    );
  }
  return (
    <Link className="header__link" to="/dang-nhap">
      {t('nav.signIn')}
    </Link>
  );
}
