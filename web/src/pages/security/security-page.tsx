import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiProblem } from '../../api/client.js';
import {
  type Device,
  getSecurityStatus,
  listDevices,
  logoutEverywhere,
  revokeDevice,
} from '../../api/security.js';
import { type Me, refreshSession } from '../../api/session.js';
import { PageHeading, requestHeadingFocus, usePageTitle } from '../../app/page.js';
import { rememberSharedDevice } from '../../app/shared-device.js';
import { ConfirmAction } from '../../components/confirm-action.js';
import { ProblemNotice } from '../../components/problem-notice.js';
import { signedOutByServer, useLoad } from '../../components/use-load.js';
import { formatDateTime } from '../../format/date.js';
import { deviceName } from './device-name.js';
import { EmailSection } from './email-section.js';
import { PASSWORD_PATH, type SecurityNotice, TOTP_PATH } from './paths.js';
import './security.css';
import { SignedInOnly } from './signed-in-only.js';

const notices: readonly SecurityNotice[] = ['passwordSet', 'passwordChanged', 'totpEnabled', 'totpDisabled'];

/** "Bảo mật đăng nhập": password, authenticator app and the devices signed in to this account. */
export function SecurityPage() {
  const { t } = useTranslation();
  const [signedOutEverywhere, setSignedOutEverywhere] = useState(false);
  // Shown before SignedInOnly, which would otherwise send the now signed-out person to sign-in.
  if (signedOutEverywhere) return <SignedOutEverywhere />;
  return (
    <SignedInOnly title={t('security.title')}>
      {(me) => <SecurityHub me={me} onSignedOutEverywhere={() => setSignedOutEverywhere(true)} />}
    </SignedInOnly>
  );
}

/** The confirmation a sub-page asked for, read once; the history entry is cleared so a reload drops it. */
function useArrivalNotice(): SecurityNotice | null {
  const location = useLocation();
  const navigate = useNavigate();
  const [notice] = useState<SecurityNotice | null>(() => {
    const value = (location.state as { notice?: unknown } | null)?.notice;
    return notices.find((n) => n === value) ?? null;
  });
  useEffect(() => {
    if (location.state) navigate(location.pathname, { replace: true, state: null });
  }, [location.state, location.pathname, navigate]);
  return notice;
}

function SecurityHub({ me, onSignedOutEverywhere }: { me: Me; onSignedOutEverywhere: () => void }) {
  const { t } = useTranslation();
  const arrival = useArrivalNotice();
  const { data: status, problem, reload } = useLoad(getSecurityStatus);
  const [emailErrors, setEmailErrors] = useState(false);
  usePageTitle(t('security.title'), emailErrors);

  return (
    <>
      <Link className="back-link" to="/tai-khoan">
        {t('account.title')}
      </Link>
      <PageHeading>{t('security.title')}</PageHeading>
      {arrival && (
        <div className="notice notice--success" role="status">
          <p>{t(`security.notice.${arrival}`)}</p>
        </div>
      )}
      <p>{t('security.intro')}</p>
      {problem && <ProblemNotice problem={problem} onRetry={() => void reload()} />}
      {!status && !problem && <p className="loading">{t('common.loading')}</p>}
      {status && (
        <>
          <section className="section security-item" aria-labelledby="password-heading">
            <h2 id="password-heading">{t('security.password.heading')}</h2>
            <p className="status-line">
              {status.hasPassword ? t('security.password.isSet') : t('security.password.notSet')}
            </p>
            <p>
              <Link className="button button--secondary" to={PASSWORD_PATH}>
                {status.hasPassword ? t('security.password.changeAction') : t('security.password.setAction')}
              </Link>
            </p>
          </section>
          <section className="section security-item" aria-labelledby="totp-heading">
            <h2 id="totp-heading">{t('security.totp.title')}</h2>
            <p className="status-line">
              {status.totpEnabled
                ? t('security.totp.on')
                : me.kind === 'staff'
                  ? t('security.totp.offStaff')
                  : t('security.totp.off')}
            </p>
            {status.totpEnabled && <p>{t('security.totp.codesLeft', { count: status.recoveryCodesLeft })}</p>}
            <p>
              <Link className="button button--secondary" to={TOTP_PATH}>
                {status.totpEnabled ? t('security.totp.manageAction') : t('security.totp.enableAction')}
              </Link>
            </p>
          </section>
        </>
      )}
      <EmailSection me={me} onErrorsChange={setEmailErrors} />
      <DevicesSection onSignedOutEverywhere={onSignedOutEverywhere} />
    </>
  );
}

function useDeviceLabel() {
  const { t } = useTranslation();
  return (device: Device) => {
    const { browser, os } = deviceName(device.userAgent);
    if (browser && os) return t('security.devices.browserOn', { browser, os });
    if (os) return t('security.devices.browserOn', { browser: t('security.devices.someBrowser'), os });
    return browser ?? t('security.devices.unknown');
  };
}

function DevicesSection({ onSignedOutEverywhere }: { onSignedOutEverywhere: () => void }) {
  const { t } = useTranslation();
  const label = useDeviceLabel();
  const { data: devices, problem: loadProblem, reload: load } = useLoad(listDevices);
  const [actionProblem, setActionProblem] = useState<ApiProblem | null>(null);
  const [revoked, setRevoked] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);

  const revoke = async (device: Device) => {
    if (revoking) return;
    setRevoking(device.id);
    try {
      await revokeDevice(device.id);
      setActionProblem(null);
      setRevoked(label(device));
    } catch (error) {
      if (signedOutByServer(error)) return;
      if (!(error instanceof ApiProblem)) throw error;
      setRevoked(null);
      setActionProblem(error);
    } finally {
      setRevoking(null);
    }
    // Also after a 404: the device was signed out meanwhile, and the list should say so.
    await load();
  };

  // Current device first, then the most recently used.
  const sorted = devices
    ? [...devices].sort(
        (a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt),
      )
    : null;

  return (
    <section className="section" aria-labelledby="devices-heading">
      <h2 id="devices-heading">{t('security.devices.heading')}</h2>
      <p>{t('security.devices.intro')}</p>
      <div role="status">
        {revoked && (
          <div className="notice notice--success">
            <p>{t('security.devices.revoked', { device: revoked })}</p>
          </div>
        )}
      </div>
      {actionProblem && <ProblemNotice problem={actionProblem} />}
      {loadProblem && <ProblemNotice problem={loadProblem} onRetry={() => void load()} />}
      {!sorted && !loadProblem && <p className="loading">{t('common.loading')}</p>}
      {sorted && (
        <ul className="device-list" aria-labelledby="devices-heading">
          {sorted.map((device) => (
            <li key={device.id} className="device">
              <p className="device__name" id={`device-${device.id}`}>
                {label(device)}
                {device.current && <span className="device__current">{t('security.devices.current')}</span>}
              </p>
              <p className="device__meta">
                {t('security.devices.signedInAt', { time: formatDateTime(device.createdAt) })}
                <br />
                {t('security.devices.lastSeenAt', { time: formatDateTime(device.lastSeenAt) })}
              </p>
              {!device.current && (
                <button
                  type="button"
                  className="button button--secondary"
                  aria-describedby={`device-${device.id}`}
                  aria-disabled={revoking === device.id || undefined}
                  onClick={() => void revoke(device)}
                >
                  {revoking === device.id ? t('security.devices.revoking') : t('security.devices.revoke')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <SignOutEverywhere onDone={onSignedOutEverywhere} />
    </section>
  );
}

function SignOutEverywhere({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const signOutAll = async () => {
    if (pending) return;
    setPending(true);
    try {
      await logoutEverywhere();
      rememberSharedDevice(false);
      // The confirmation replaces this page: its heading takes focus, as after a navigation.
      requestHeadingFocus();
      onDone();
      void refreshSession();
    } catch (error) {
      setPending(false);
      if (signedOutByServer(error)) return;
      if (!(error instanceof ApiProblem)) throw error;
      setProblem(error);
    }
  };

  return (
    <div className="security-item">
      <h3>{t('security.devices.everywhereHeading')}</h3>
      <p>{t('security.devices.everywhereBody')}</p>
      {problem && <ProblemNotice problem={problem} />}
      <ConfirmAction
        trigger={t('security.devices.everywhereAction')}
        title={t('security.devices.everywhereConfirmTitle')}
        body={t('security.devices.everywhereConfirmBody')}
        confirm={t('security.devices.everywhereConfirm')}
        pending={pending}
        onConfirm={() => void signOutAll()}
      />
    </div>
  );
}

function SignedOutEverywhere() {
  const { t } = useTranslation();
  usePageTitle(t('security.devices.doneTitle'));
  return (
    <>
      <PageHeading>{t('security.devices.doneTitle')}</PageHeading>
      <div className="notice notice--success" role="status">
        <p>{t('security.devices.doneBody')}</p>
      </div>
      <p>
        <Link className="button" to={`/dang-nhap?${new URLSearchParams({ next: '/tai-khoan/bao-mat' })}`}>
          {t('security.devices.signInAgain')}
        </Link>
      </p>
    </>
  );
}
