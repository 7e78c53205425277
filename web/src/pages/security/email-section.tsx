import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client.js';
import { removeEmail, requestEmailCode, verifyEmail } from '../../api/email.js';
import { type Me, refreshSession } from '../../api/session.js';
import { ConfirmAction } from '../../components/confirm-action.js';
import { ErrorSummary, fieldErrorsFromProblem } from '../../components/error-summary.js';
import { cleanCode, OtpCodeField, otpCodeErrors } from '../../components/otp-code-field.js';
import { ProblemNotice } from '../../components/problem-notice.js';
import { errorFor, TextField } from '../../components/text-field.js';
import { useFormErrors } from '../../components/use-form-errors.js';
import { signedOutByServer } from '../../components/use-load.js';
import { formatClockTime } from '../../format/date.js';
import { ResendAnnouncement, ResendButton } from '../login/resend-controls.js';
import { useSecondsLeft } from '../login/use-countdown.js';

const emailId = 'new-email';
const codeId = 'email-code';
/** The server's resend cooldown (OTP_RESEND_COOLDOWN_SECONDS); a 429 tells the real wait. */
const COOLDOWN_SECONDS = 60;

interface Pending {
  email: string;
  challengeId: string;
  /** ISO 8601, from the server. */
  expiresAt: string;
  /** Epoch ms of the latest code, and the wait before another. */
  sentAt: number;
  cooldownSeconds: number;
}

type Step = { kind: 'view' } | { kind: 'form'; previous: string } | { kind: 'code'; pending: Pending };
type Done = { kind: 'added' | 'changed' | 'removed'; email: string };

/**
 * "Thư điện tử" on the security page: the citizen's verified address in full (or none); add or change it
 * (address → code sent there → confirmed), or remove it after confirming. Staff see their work address,
 * which their agency's admin manages. `onErrorsChange` lets the page title start with "Lỗi:".
 */
export function EmailSection({ me, onErrorsChange }: { me: Me; onErrorsChange: (has: boolean) => void }) {
  const { t } = useTranslation();
  const [address, setAddress] = useState(me.email);
  const [step, setStep] = useState<Step>({ kind: 'view' });
  const [done, setDone] = useState<Done | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);

  // The confirmation takes focus (and so is read out): the button that led to it is gone.
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  if (me.kind === 'staff') {
    return (
      <section className="section security-item" aria-labelledby="email-heading">
        <h2 id="email-heading">{t('security.email.heading')}</h2>
        <p className="status-line email-address">{me.email}</p>
        <p>{t('security.email.staffManaged')}</p>
      </section>
    );
  }

  const finish = (next: Done) => {
    setAddress(next.kind === 'removed' ? null : next.email);
    setStep({ kind: 'view' });
    setDone(next);
    // The session's copy of the account (header, other pages) follows.
    void refreshSession();
  };

  return (
    <section className="section security-item" aria-labelledby="email-heading">
      <h2 id="email-heading">{t('security.email.heading')}</h2>
      {done && step.kind === 'view' && (
        <div className="notice notice--success" role="status">
          <p ref={doneRef} tabIndex={-1} className="email-address">
            {t(`security.email.${done.kind}`, { email: done.email })}
          </p>
        </div>
      )}
      {step.kind === 'view' && (
        <EmailView
          address={address}
          onAdd={() => {
            setDone(null);
            setStep({ kind: 'form', previous: '' });
          }}
          onRemoved={(email) => finish({ kind: 'removed', email })}
        />
      )}
      {step.kind === 'form' && (
        <AddressForm
          previous={step.previous}
          onErrorsChange={onErrorsChange}
          onSent={(pending) => setStep({ kind: 'code', pending })}
          onCancel={() => setStep({ kind: 'view' })}
        />
      )}
      {step.kind === 'code' && (
        <CodeForm
          pending={step.pending}
          onPendingChange={(pending) => setStep({ kind: 'code', pending })}
          onErrorsChange={onErrorsChange}
          onVerified={(email) => finish({ kind: address ? 'changed' : 'added', email })}
          onOtherAddress={() => setStep({ kind: 'form', previous: step.pending.email })}
          onCancel={() => setStep({ kind: 'view' })}
        />
      )}
    </section>
  );
}

function EmailView({
  address,
  onAdd,
  onRemoved,
}: {
  address: string | null;
  onAdd: () => void;
  onRemoved: (email: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      {address ? (
        <>
          <p className="status-line email-address" id="email-current">
            {/* No break between the mark and the address, which itself may break anywhere. */}
            {`✓\u00a0${address}`}
          </p>
          <p>{t('security.email.inUse')}</p>
        </>
      ) : (
        <>
          <p className="status-line">{t('security.email.none')}</p>
          <p>{t('security.email.why')}</p>
        </>
      )}
      <p>
        <button type="button" className="button button--secondary" onClick={onAdd}>
          {address ? t('security.email.changeAction') : t('security.email.addAction')}
        </button>
      </p>
      {address && <RemoveEmail address={address} onRemoved={onRemoved} />}
    </>
  );
}

function RemoveEmail({ address, onRemoved }: { address: string; onRemoved: (email: string) => void }) {
  const { t } = useTranslation();
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<ApiProblem | null>(null);

  const remove = async () => {
    if (pending) return;
    setPending(true);
    try {
      await removeEmail();
      onRemoved(address);
    } catch (error) {
      setPending(false);
      if (signedOutByServer(error)) return;
      if (!(error instanceof ApiProblem)) throw error;
      setProblem(error);
    }
  };

  return (
    <>
      {problem && <ProblemNotice problem={problem} />}
      <ConfirmAction
        trigger={t('security.email.removeAction')}
        triggerDescribedBy="email-current"
        title={t('security.email.removeConfirmTitle', { email: address })}
        body={t('security.email.removeConfirmBody')}
        confirm={pending ? t('security.email.removing') : t('security.email.removeConfirm')}
        pending={pending}
        onConfirm={() => void remove()}
        className="email-address"
      />
    </>
  );
}

/** Resets the page title's "Lỗi:" when a form goes away with its errors. */
function useErrorsReset(onErrorsChange: (has: boolean) => void) {
  useEffect(() => () => onErrorsChange(false), [onErrorsChange]);
}

function AddressForm({
  previous,
  onErrorsChange,
  onSent,
  onCancel,
}: {
  previous: string;
  onErrorsChange: (has: boolean) => void;
  onSent: (pending: Pending) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { errors, problem, attempt, fail } = useFormErrors(onErrorsChange);
  const [sending, setSending] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useErrorsReset(onErrorsChange);

  // Asked for by pressing "Thêm thư điện tử": the field is where to go next.
  useEffect(() => {
    input.current?.focus();
  }, []);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (sending) return;
    // As the server stores it (trimmed, NFC, lower-case), so the next step shows what it will hold.
    const email = String(new FormData(event.currentTarget).get(emailId) ?? '')
      .normalize('NFC')
      .trim()
      .toLowerCase();
    if (!email) return fail([{ field: emailId, message: t('security.email.addressRequired') }]);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      return fail([{ field: emailId, message: t('security.email.addressInvalid') }]);
    setSending(true);
    try {
      const challenge = await requestEmailCode(email);
      onSent({ ...challenge, email, sentAt: Date.now(), cooldownSeconds: COOLDOWN_SECONDS });
    } catch (error) {
      setSending(false);
      if (signedOutByServer(error)) return;
      if (!(error instanceof ApiProblem)) throw error;
      fail(fieldErrorsFromProblem(error, { email: emailId }), error);
    }
  };

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)} className="form">
      <ErrorSummary id="email-errors" errors={errors} problem={problem} attempt={attempt} />
      <TextField
        ref={input}
        id={emailId}
        type="email"
        inputMode="email"
        autoComplete="email"
        spellCheck={false}
        autoCapitalize="none"
        className="input--email"
        label={t('security.email.addressLabel')}
        hint={t('security.email.addressHint')}
        error={errorFor(errors, emailId)}
        defaultValue={previous}
      />
      <div className="actions">
        <button className="button" type="submit" aria-disabled={sending || undefined}>
          {sending ? t('security.email.sending') : t('security.email.send')}
        </button>
        <button className="button button--secondary" type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

function CodeForm({
  pending,
  onPendingChange,
  onErrorsChange,
  onVerified,
  onOtherAddress,
  onCancel,
}: {
  pending: Pending;
  onPendingChange: (pending: Pending) => void;
  onErrorsChange: (has: boolean) => void;
  onVerified: (email: string) => void;
  onOtherAddress: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const { errors, problem, attempt, fail, clear } = useFormErrors(onErrorsChange);
  const [checking, setChecking] = useState(false);
  const [sending, setSending] = useState(false);
  const [resent, setResent] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const secondsLeft = useSecondsLeft(pending.sentAt + pending.cooldownSeconds * 1000);
  useErrorsReset(onErrorsChange);

  // A new step of the same section: its heading takes focus, as a page's would.
  useEffect(() => {
    heading.current?.focus();
  }, []);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (checking) return;
    const code = cleanCode(String(new FormData(event.currentTarget).get(codeId) ?? ''));
    if (!code) return fail([{ field: codeId, message: t('security.email.codeRequired') }]);
    if (!/^\d{6}$/.test(code)) return fail([{ field: codeId, message: t('security.email.codeFormat') }]);
    setChecking(true);
    setResent(false);
    try {
      const me = await verifyEmail(pending.challengeId, code);
      onVerified(me.email ?? pending.email);
    } catch (error) {
      setChecking(false);
      if (signedOutByServer(error)) return;
      if (!(error instanceof ApiProblem)) throw error;
      fail(otpCodeErrors(error, codeId), error);
    }
  };

  const resend = async () => {
    setSending(true);
    try {
      const challenge = await requestEmailCode(pending.email);
      onPendingChange({ ...pending, ...challenge, sentAt: Date.now(), cooldownSeconds: COOLDOWN_SECONDS });
      clear();
      setResent(true);
      if (input.current) input.current.value = '';
    } catch (error) {
      if (signedOutByServer(error)) return;
      if (!(error instanceof ApiProblem)) throw error;
      if (error.retryAfter) {
        onPendingChange({ ...pending, sentAt: Date.now(), cooldownSeconds: error.retryAfter });
      }
      fail([], error);
    } finally {
      setSending(false);
    }
  };

  return (
    <>
      <h3 ref={heading} tabIndex={-1}>
        {t('security.email.codeHeading')}
      </h3>
      {resent && (
        <div className="notice notice--success" role="status">
          <p className="email-address">{t('security.email.resent', { email: pending.email })}</p>
        </div>
      )}
      <p className="email-address">{t('security.email.sentTo', { email: pending.email })}</p>
      <p>{t('security.email.lookIn')}</p>
      <form noValidate onSubmit={(event) => void onSubmit(event)} className="form">
        <ErrorSummary id="email-code-errors" errors={errors} problem={problem} attempt={attempt} />
        <OtpCodeField
          ref={input}
          id={codeId}
          label={t('security.email.codeLabel')}
          hint={t('security.email.validUntil', { time: formatClockTime(pending.expiresAt) })}
          error={errorFor(errors, codeId)}
          autoComplete="one-time-code"
        />
        <div className="actions">
          <button className="button" type="submit" aria-disabled={checking || undefined}>
            {checking ? t('security.email.confirming') : t('security.email.confirm')}
          </button>
          <button className="button button--secondary" type="button" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
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
      <p>
        <button type="button" className="link-button" onClick={onOtherAddress}>
          {t('security.email.otherAddress')}
        </button>
      </p>
    </>
  );
}
