import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { looksLikePhone, maskPhone, normalisePhone } from '../../../../shared/phone.js';
import {
  type AssistedChallenge,
  type AssistedInfo,
  assistedOf,
  canAssist,
  startAssisted,
  verifyAssisted,
} from '../../api/assisted.js';
import { ApiProblem } from '../../api/client.js';
import { displayName, type Me, type PhoneChannel, useSession } from '../../api/session.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { useEndAssisted } from '../../components/assisted-banner.js';
import { ErrorSummary, fieldErrorsFromProblem } from '../../components/error-summary.js';
import { cleanCode, OtpCodeField, otpCodeErrors } from '../../components/otp-code-field.js';
import { ChannelFieldset, channelOf, PhoneField } from '../../components/phone-field.js';
import { errorFor } from '../../components/text-field.js';
import { useFormErrors } from '../../components/use-form-errors.js';
import { formatClockTime } from '../../format/date.js';
import { ResendAnnouncement, ResendButton } from '../login/resend-controls.js';
import { useSecondsLeft } from '../login/use-countdown.js';
import { StaffGate } from './staff-gate.js';

const phoneId = 'assisted-phone';
const channelId = 'assisted-channel';
const codeId = 'assisted-code';
/** The server's resend wait (OTP_RESEND_COOLDOWN_SECONDS default); a 429 tells the real one. */
const RESEND_SECONDS = 60;

interface Pending extends AssistedChallenge {
  phone: string;
  channel: PhoneChannel;
  /** Epoch ms from which another code may be asked for. */
  resendAt: number;
}

/**
 * "Hỗ trợ công dân" (UX.md §11): a community-team member or one-stop officer types the citizen's number,
 * the citizen reads out the code their phone received (the message names the helper), and the browser
 * then acts for the citizen, with a banner on every page, until the session is ended or runs out.
 */
export function AssistedStartPage() {
  const { t } = useTranslation();
  const session = useSession();
  const assisted = assistedOf(session);
  if (assisted && session.status === 'signed-in') return <Helping me={session.me} assisted={assisted} />;
  return (
    <StaffGate title={t('assisted.start.title')}>
      <StartAssisted />
    </StaffGate>
  );
}

function StartAssisted() {
  const { t } = useTranslation();
  const session = useSession();
  const [pending, setPending] = useState<Pending | null>(null);
  const [hasErrors, setHasErrors] = useState(false);
  usePageTitle(t('assisted.start.title'), hasErrors);

  if (session.status === 'signed-in' && !canAssist(session.me)) {
    return (
      <>
        <PageHeading>{t('assisted.start.title')}</PageHeading>
        <div className="notice">
          <p>{t('assisted.start.noRole')}</p>
        </div>
      </>
    );
  }
  return pending ? (
    <CodeStep pending={pending} onPendingChange={setPending} onErrorsChange={setHasErrors} />
  ) : (
    <PhoneStep onSent={setPending} onErrorsChange={setHasErrors} />
  );
}

function PhoneStep({
  onSent,
  onErrorsChange,
}: {
  onSent: (p: Pending) => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const { t } = useTranslation();
  const { errors, problem, attempt, fail } = useFormErrors(onErrorsChange);
  const [sending, setSending] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (sending) return;
    const data = new FormData(event.currentTarget);
    const typed = String(data.get(phoneId) ?? '').trim();
    const channel = channelOf(data, channelId);
    if (!typed) return fail([{ field: phoneId, message: t('assisted.start.phoneRequired') }]);
    if (!looksLikePhone(typed)) return fail([{ field: phoneId, message: t('assisted.start.phoneInvalid') }]);
    setSending(true);
    try {
      const challenge = await startAssisted(typed, channel);
      onSent({
        ...challenge,
        phone: normalisePhone(typed) ?? typed,
        channel,
        resendAt: Date.now() + RESEND_SECONDS * 1000,
      });
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      fail(fieldErrorsFromProblem(error, { phone: phoneId, channel: channelId }), error);
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <PageHeading>{t('assisted.start.title')}</PageHeading>
      <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <ErrorSummary id="assisted-errors" errors={errors} problem={problem} attempt={attempt} />
        <p>{t('assisted.start.intro')}</p>
        <PhoneField
          id={phoneId}
          label={t('assisted.start.phoneLabel')}
          hint={t('assisted.start.phoneHint')}
          error={errorFor(errors, phoneId)}
          autoComplete="off"
        />
        <ChannelFieldset id={channelId} legend={t('assisted.start.channelLegend')} />
        <button className="button" type="submit" aria-disabled={sending || undefined}>
          {sending ? t('assisted.start.sending') : t('assisted.start.send')}
        </button>
      </form>
    </>
  );
}

function CodeStep({
  pending,
  onPendingChange,
  onErrorsChange,
}: {
  pending: Pending;
  onPendingChange: (p: Pending | null) => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const { t } = useTranslation();
  const { errors, problem, attempt, fail, clear } = useFormErrors(onErrorsChange);
  const [checking, setChecking] = useState(false);
  const [sending, setSending] = useState(false);
  const [resent, setResent] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const secondsLeft = useSecondsLeft(pending.resendAt);
  const masked = maskPhone(pending.phone);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (checking) return;
    const code = cleanCode(String(new FormData(event.currentTarget).get(codeId) ?? ''));
    if (!code) return fail([{ field: codeId, message: t('assisted.code.required') }]);
    if (!/^\d{6}$/.test(code)) return fail([{ field: codeId, message: t('otp.codeFormat') }]);
    setChecking(true);
    setResent(false);
    try {
      // On success the session switches to the citizen and the page shows the "helping" view.
      await verifyAssisted(pending.challengeId, code);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      setChecking(false);
      fail(otpCodeErrors(error, codeId), error);
    }
  };

  const resend = async () => {
    setSending(true);
    try {
      const challenge = await startAssisted(pending.phone, pending.channel);
      onPendingChange({ ...pending, ...challenge, resendAt: Date.now() + RESEND_SECONDS * 1000 });
      clear();
      setResent(true);
      if (input.current) input.current.value = '';
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      if (error.retryAfter) onPendingChange({ ...pending, resendAt: Date.now() + error.retryAfter * 1000 });
      fail([], error);
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <button type="button" className="link-button back-link" onClick={() => onPendingChange(null)}>
        {t('assisted.code.changeNumber')}
      </button>
      <ErrorSummary id="assisted-code-errors" errors={errors} problem={problem} attempt={attempt} />
      <PageHeading>{t('assisted.code.title')}</PageHeading>
      {resent && (
        <div className="notice notice--success" role="status">
          <p>{t('assisted.code.resent', { phone: masked })}</p>
        </div>
      )}
      <p>{t('assisted.code.sentTo', { phone: masked })}</p>
      <p>{t('assisted.code.askCitizen')}</p>
      <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <OtpCodeField
          ref={input}
          id={codeId}
          label={t('assisted.code.label')}
          hint={t('otp.validUntil', { time: formatClockTime(pending.expiresAt) })}
          error={errorFor(errors, codeId)}
          autoComplete="off"
        />
        <button className="button" type="submit" aria-disabled={checking || undefined}>
          {checking ? t('otp.checking') : t('assisted.code.submit')}
        </button>
      </form>
      <p className="resend">
        <ResendButton
          label={t('otp.resend')}
          secondsLeft={secondsLeft}
          sending={sending}
          onResend={() => void resend()}
        />
      </p>
      <ResendAnnouncement waiting={secondsLeft > 0} />
    </>
  );
}

/** The browser already acts for a citizen: say for whom, and offer to go on or to end. */
function Helping({ me, assisted }: { me: Me; assisted: AssistedInfo }) {
  const { t } = useTranslation();
  const { ending, end: endSession } = useEndAssisted();
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(t('assisted.start.title'));

  useEffect(() => heading.current?.focus(), []);

  const end = async () => {
    if (ending) return;
    const failed = await endSession();
    if (failed) setProblem(failed);
  };

  return (
    <>
      <PageHeading>{t('assisted.start.title')}</PageHeading>
      <div className="notice notice--success">
        <h2 className="notice__title" tabIndex={-1} ref={heading}>
          <span aria-hidden="true">✓ </span>
          {t('assisted.helping.title', { name: displayName(me) })}
        </h2>
        {assisted.registered && <p>{t('assisted.helping.registered')}</p>}
        <p>{t('assisted.helping.body', { time: formatClockTime(assisted.expiresAt) })}</p>
      </div>
      {problem && (
        <div className="notice notice--problem" role="alert">
          <p className="notice__title">{problem.title}</p>
          {problem.detail && <p>{problem.detail}</p>}
        </div>
      )}
      <div className="actions">
        <Link className="button" to="/">
          {t('assisted.helping.continue')}
        </Link>
        <button
          type="button"
          className="button button--secondary"
          aria-disabled={ending || undefined}
          onClick={() => void end()}
        >
          {t('assisted.banner.end')}
        </button>
      </div>
    </>
  );
}
