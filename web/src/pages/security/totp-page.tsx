import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiProblem } from '../../api/client.js';
import {
  confirmTotp,
  disableTotp,
  getSecurityStatus,
  type SecurityStatus,
  startTotp,
  type TotpEnrolment,
} from '../../api/security.js';
import { displayName, type Me } from '../../api/session.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { ErrorSummary, fieldErrorsFromProblem } from '../../components/error-summary.js';
import { cleanCode, OtpCodeField } from '../../components/otp-code-field.js';
import { ProblemNotice } from '../../components/problem-notice.js';
import { errorFor, TextField } from '../../components/text-field.js';
import { RecoveryCodesPanel, TotpEnrolmentPanel } from '../../components/totp-enrolment.js';
import { useFormErrors } from '../../components/use-form-errors.js';
import { signedOutByServer, useLoad } from '../../components/use-load.js';
import { SECURITY_PATH, type SecurityNotice } from './paths.js';
import './security.css';
import { SignedInOnly } from './signed-in-only.js';

const codeId = 'totp-code';
const offCodeId = 'totp-off-code';
const offRecoveryId = 'totp-off-recovery';
const offWithId = 'totp-off-with';

type Step = { kind: 'scan'; enrolment: TotpEnrolment } | { kind: 'codes'; codes: string[] };

/**
 * "Ứng dụng xác thực": turn on (QR or typed key → first code → recovery codes, shown once), or turn off
 * with a code or a recovery code. Staff accounts must keep it on, so they are not offered "turn off".
 */
export function TotpPage() {
  const { t } = useTranslation();
  return <SignedInOnly title={t('security.totp.title')}>{(me) => <TotpFlow me={me} />}</SignedInOnly>;
}

function TotpFlow({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { data: status, problem, reload } = useLoad(getSecurityStatus);
  const [step, setStep] = useState<Step | null>(null);

  if (step?.kind === 'scan') {
    return <ScanStep enrolment={step.enrolment} onConfirmed={(codes) => setStep({ kind: 'codes', codes })} />;
  }
  if (step?.kind === 'codes') return <RecoveryCodesStep me={me} codes={step.codes} />;
  if (problem) {
    return (
      <Frame title={t('security.totp.title')}>
        <ProblemNotice problem={problem} onRetry={() => void reload()} />
      </Frame>
    );
  }
  if (!status) return <p className="loading">{t('common.loading')}</p>;
  if (status.totpEnabled) return <EnabledStep me={me} status={status} />;
  return <IntroStep me={me} onStarted={(enrolment) => setStep({ kind: 'scan', enrolment })} />;
}

function Frame({
  title,
  hasErrors = false,
  before,
  children,
}: {
  title: string;
  hasErrors?: boolean;
  before?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  usePageTitle(title, hasErrors);
  return (
    <>
      <Link className="back-link" to={SECURITY_PATH}>
        {t('common.back')}
      </Link>
      {before}
      <PageHeading>{title}</PageHeading>
      {children}
    </>
  );
}

function IntroStep({ me, onStarted }: { me: Me; onStarted: (e: TotpEnrolment) => void }) {
  const { t } = useTranslation();
  const { problem, attempt, fail } = useFormErrors();
  const [pending, setPending] = useState(false);

  const start = async () => {
    if (pending) return;
    setPending(true);
    try {
      onStarted(await startTotp());
    } catch (error) {
      setPending(false);
      if (signedOutByServer(error)) return;
      if (!(error instanceof ApiProblem)) throw error;
      fail([], error);
    }
  };

  return (
    <Frame
      title={t('security.totp.title')}
      hasErrors={problem !== null}
      before={<ErrorSummary id="totp-start-errors" errors={[]} problem={problem} attempt={attempt} />}
    >
      <p>{t('security.totp.what')}</p>
      {me.kind === 'staff' && (
        <div className="notice">
          <p>{t('security.totp.staffRequired')}</p>
        </div>
      )}
      <p>{t('security.totp.needPhone')}</p>
      <button
        type="button"
        className="button"
        aria-disabled={pending || undefined}
        onClick={() => void start()}
      >
        {pending ? t('security.totp.starting') : t('security.totp.start')}
      </button>
    </Frame>
  );
}

function ScanStep({
  enrolment,
  onConfirmed,
}: {
  enrolment: TotpEnrolment;
  onConfirmed: (codes: string[]) => void;
}) {
  const { t } = useTranslation();
  const { errors, problem, attempt, fail } = useFormErrors();
  const [pending, setPending] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const code = cleanCode(String(new FormData(event.currentTarget).get(codeId) ?? ''));
    if (!code) return fail([{ field: codeId, message: t('security.totp.codeRequired') }], null);
    if (!/^\d{6}$/.test(code)) return fail([{ field: codeId, message: t('security.totp.codeFormat') }], null);
    setPending(true);
    try {
      onConfirmed((await confirmTotp(code)).recoveryCodes);
    } catch (error) {
      setPending(false);
      if (signedOutByServer(error)) return;
      if (!(error instanceof ApiProblem)) throw error;
      fail(fieldErrorsFromProblem(error, { code: codeId }), error);
    }
  };

  return (
    <Frame
      title={t('security.totp.scanTitle')}
      hasErrors={errors.length > 0 || problem !== null}
      before={<ErrorSummary id="totp-confirm-errors" errors={errors} problem={problem} attempt={attempt} />}
    >
      <TotpEnrolmentPanel enrolment={enrolment}>
        <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
          <OtpCodeField
            id={codeId}
            label={t('security.totp.codeLabel')}
            hint={t('security.totp.codeHint')}
            error={errorFor(errors, codeId)}
          />
          <button className="button" type="submit" aria-disabled={pending || undefined}>
            {pending ? t('security.totp.confirming') : t('security.totp.confirm')}
          </button>
        </form>
      </TotpEnrolmentPanel>
    </Frame>
  );
}

function RecoveryCodesStep({ me, codes }: { me: Me; codes: string[] }) {
  const { t } = useTranslation();
  const notice: SecurityNotice = 'totpEnabled';
  return (
    <Frame title={t('security.totp.codesTitle')}>
      <div className="notice notice--success" role="status">
        <p>{t('security.notice.totpEnabled')}</p>
      </div>
      <RecoveryCodesPanel codes={codes} account={displayName(me) || me.email || ''}>
        <Link className="button" to={SECURITY_PATH} state={{ notice }}>
          {t('security.totp.done')}
        </Link>
      </RecoveryCodesPanel>
    </Frame>
  );
}

function EnabledStep({ me, status }: { me: Me; status: SecurityStatus }) {
  const { t } = useTranslation();
  const title = t('security.totp.title');
  if (me.kind === 'staff') {
    return (
      <Frame title={title}>
        <p className="status-line">{t('security.totp.on')}</p>
        <p>{t('security.totp.codesLeft', { count: status.recoveryCodesLeft })}</p>
        <div className="notice">
          <p className="notice__title">{t('security.totp.staffCannotDisableTitle')}</p>
          <p>{t('security.totp.staffCannotDisable')}</p>
        </div>
      </Frame>
    );
  }
  return <DisableForm status={status} />;
}

function DisableForm({ status }: { status: SecurityStatus }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [withRecovery, setWithRecovery] = useState(false);
  const { errors, problem, attempt, fail } = useFormErrors();
  const [pending, setPending] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    let body: { code: string } | { recoveryCode: string };
    if (withRecovery) {
      const recoveryCode = String(data.get(offRecoveryId) ?? '').trim();
      if (!recoveryCode)
        return fail([{ field: offRecoveryId, message: t('security.totp.recoveryRequired') }], null);
      body = { recoveryCode };
    } else {
      const code = cleanCode(String(data.get(offCodeId) ?? ''));
      if (!code) return fail([{ field: offCodeId, message: t('security.totp.codeRequired') }], null);
      if (!/^\d{6}$/.test(code))
        return fail([{ field: offCodeId, message: t('security.totp.codeFormat') }], null);
      body = { code };
    }
    setPending(true);
    try {
      await disableTotp(body);
      const notice: SecurityNotice = 'totpDisabled';
      navigate(SECURITY_PATH, { state: { notice } });
    } catch (error) {
      setPending(false);
      if (signedOutByServer(error)) return;
      if (!(error instanceof ApiProblem)) throw error;
      fail(fieldErrorsFromProblem(error, { code: offCodeId, recoveryCode: offRecoveryId }), error);
    }
  };

  return (
    <Frame
      title={t('security.totp.title')}
      hasErrors={errors.length > 0 || problem !== null}
      before={<ErrorSummary id="totp-off-errors" errors={errors} problem={problem} attempt={attempt} />}
    >
      <p className="status-line">{t('security.totp.on')}</p>
      <p>{t('security.totp.codesLeft', { count: status.recoveryCodesLeft })}</p>
      <h2>{t('security.totp.offTitle')}</h2>
      <p>{t('security.totp.offIntro')}</p>
      <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <fieldset className="fieldset">
          <legend className="fieldset__legend--small">{t('security.totp.offWith')}</legend>
          <div className="radio">
            <input
              id={`${offWithId}-code`}
              name={offWithId}
              type="radio"
              checked={!withRecovery}
              onChange={() => setWithRecovery(false)}
            />
            <label htmlFor={`${offWithId}-code`}>{t('security.totp.offWithCode')}</label>
          </div>
          <div className="radio">
            <input
              id={`${offWithId}-recovery`}
              name={offWithId}
              type="radio"
              checked={withRecovery}
              onChange={() => setWithRecovery(true)}
            />
            <label htmlFor={`${offWithId}-recovery`}>{t('security.totp.offWithRecovery')}</label>
          </div>
        </fieldset>
        {withRecovery ? (
          <TextField
            key={offRecoveryId}
            id={offRecoveryId}
            label={t('security.totp.recoveryLabel')}
            hint={t('security.totp.recoveryHint')}
            error={errorFor(errors, offRecoveryId)}
            type="text"
            autoComplete="off"
            spellCheck={false}
            autoCapitalize="characters"
            className="input--code"
          />
        ) : (
          <OtpCodeField
            key={offCodeId}
            id={offCodeId}
            label={t('security.totp.codeLabel')}
            hint={t('security.totp.codeHint')}
            error={errorFor(errors, offCodeId)}
          />
        )}
        <button className="button button--warning" type="submit" aria-disabled={pending || undefined}>
          {t('security.totp.offSubmit')}
        </button>
      </form>
    </Frame>
  );
}
