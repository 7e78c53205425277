import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { maskPhone } from '../../../../shared/phone.js';
import { ApiProblem } from '../../api/client.js';
import { type OtpChannel, requestOtp, verifyOtp } from '../../api/session.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { safeNext } from '../../app/safe-next.js';
import { rememberSharedDevice } from '../../app/shared-device.js';
import { ErrorSummary } from '../../components/error-summary.js';
import { cleanCode, OtpCodeField, otpCodeErrors } from '../../components/otp-code-field.js';
import { SIGN_IN_CHANNELS } from '../../components/phone-field.js';
import { errorFor } from '../../components/text-field.js';
import { useFormErrors } from '../../components/use-form-errors.js';
import { formatClockTime } from '../../format/date.js';
import { clearPendingOtp, loadPendingOtp, type PendingOtp, savePendingOtp } from './pending-otp.js';
import { ResendControls } from './resend-controls.js';
import { useSecondsLeft } from './use-countdown.js';

const codeId = 'otp-code';

/** Step two of phone sign-in (UX.md §7): one field for the code, resend, and help. */
export function OtpCodePage() {
  const [pending, setPending] = useState(loadPendingOtp);
  if (!pending) return <NoPendingCode />;
  return <CodeForm pending={pending} onPendingChange={setPending} />;
}

function NoPendingCode() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const next = params.get('next');
  usePageTitle(t('otp.title'));
  return (
    <>
      <PageHeading>{t('otp.title')}</PageHeading>
      <p>{t('otp.noRequest')}</p>
      <p>
        <Link className="button" to={next ? `/dang-nhap?${new URLSearchParams({ next })}` : '/dang-nhap'}>
          {t('otp.startAgain')}
        </Link>
      </p>
    </>
  );
}

function CodeForm({
  pending,
  onPendingChange,
}: {
  pending: PendingOtp;
  onPendingChange: (p: PendingOtp) => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = params.get('next');
  const loginPath = next ? `/dang-nhap?${new URLSearchParams({ next })}` : '/dang-nhap';
  const { errors, problem, attempt, fail, clear } = useFormErrors();
  const [checking, setChecking] = useState(false);
  const [sending, setSending] = useState(false);
  const [resent, setResent] = useState<OtpChannel | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const secondsLeft = useSecondsLeft(pending.sentAt + pending.cooldownSeconds * 1000);
  const maskedPhone = maskPhone(pending.phone);
  usePageTitle(t('otp.title'), errors.length > 0 || problem !== null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (checking) return;
    const code = cleanCode(String(new FormData(event.currentTarget).get(codeId) ?? ''));
    if (!code) return fail([{ field: codeId, message: t('otp.codeRequired') }], null);
    if (!/^\d{6}$/.test(code)) return fail([{ field: codeId, message: t('otp.codeFormat') }], null);

    setChecking(true);
    setResent(null);
    try {
      await verifyOtp(pending.challengeId, code);
      clearPendingOtp();
      rememberSharedDevice(pending.sharedDevice);
      navigate(safeNext(next, '/'), { replace: true });
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      setChecking(false);
      fail(otpCodeErrors(error, codeId), error);
    }
  };

  const resend = async (channel: OtpChannel) => {
    setSending(true);
    try {
      const challenge = await requestOtp(pending.phone, channel);
      const updated = { ...pending, ...challenge, channel, sentAt: Date.now() };
      savePendingOtp(updated);
      onPendingChange(updated);
      clear();
      setResent(channel);
      if (input.current) input.current.value = '';
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      if (error.retryAfter) {
        const updated = { ...pending, sentAt: Date.now(), cooldownSeconds: error.retryAfter };
        savePendingOtp(updated);
        onPendingChange(updated);
      }
      fail([], error);
    } finally {
      setSending(false);
    }
  };

  // WebOTP (Chrome on Android): the browser offers the code from the domain-bound SMS; with the
  // citizen's consent it is filled in and checked, with the button showing that it is being checked.
  // biome-ignore lint/correctness/useExhaustiveDependencies: one request per challenge
  useEffect(() => {
    if (!('OTPCredential' in window) || !navigator.credentials) return;
    const abort = new AbortController();
    const options = { otp: { transport: ['sms'] }, signal: abort.signal } as CredentialRequestOptions;
    navigator.credentials
      .get(options)
      .then((credential) => {
        const code = (credential as { code?: string } | null)?.code;
        if (!code || !input.current) return;
        input.current.value = code;
        form.current?.requestSubmit();
      })
      .catch(() => {
        // Dismissed, aborted or unsupported: typing and pasting still work.
      });
    return () => abort.abort();
  }, [pending.challengeId]);

  return (
    <>
      <Link className="back-link" to={loginPath}>
        {t('common.back')}
      </Link>
      <ErrorSummary id="otp-errors" errors={errors} problem={problem} attempt={attempt} />
      <PageHeading>{t('otp.heading')}</PageHeading>
      {resent && (
        <div className="notice notice--success" role="status">
          <p>
            {resent === 'email'
              ? t('otp.resentEmail', { phone: maskedPhone })
              : t('otp.resent', { phone: maskedPhone, channel: t(`otp.channelName.${resent}`) })}
          </p>
        </div>
      )}
      <p>
        {pending.channel === 'email'
          ? t('otp.sentToAccount', { phone: maskedPhone })
          : t('otp.sentTo', { phone: maskedPhone })}
      </p>
      <p>{t(`otp.lookIn.${pending.channel}`)}</p>
      <form ref={form} noValidate onSubmit={(event) => void onSubmit(event)} className="form">
        <OtpCodeField
          ref={input}
          id={codeId}
          label={t('otp.codeLabel')}
          hint={t('otp.validUntil', { time: formatClockTime(pending.expiresAt) })}
          error={errorFor(errors, codeId)}
        />
        <button className="button" type="submit" aria-disabled={checking || undefined}>
          {checking ? t('otp.checking') : t('common.continue')}
        </button>
      </form>
      <ResendControls
        secondsLeft={secondsLeft}
        channel={pending.channel}
        channels={SIGN_IN_CHANNELS}
        maskedPhone={maskedPhone}
        sending={sending}
        changeNumberPath={loginPath}
        onResend={(channel) => void resend(channel)}
      />
    </>
  );
}
