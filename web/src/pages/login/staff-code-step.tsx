import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client.js';
import { type Me, type StaffLoginStep, staffSecondFactor } from '../../api/session.js';
import { ErrorSummary, fieldErrorsFromProblem } from '../../components/error-summary.js';
import { errorFor, TextField } from '../../components/text-field.js';
import { useFormErrors } from '../../components/use-form-errors.js';
import { formatClockTime } from '../../format/date.js';

const codeId = 'staff-code';

interface Props {
  step: StaffLoginStep;
  onSignedIn: (recoveryCodes: string[] | null, me: Me) => void;
  /** The pending sign-in ran out (or the account got locked): back to the password, with the reason. */
  onRestart: (problem: ApiProblem) => void;
  onErrorsChange: (has: boolean) => void;
  /** The enrolment panel (QR, key) shown above the code field at a first sign-in. */
  children?: ReactNode;
}

/**
 * The staff sign-in's second step: a 6-digit code from the authenticator app, or one recovery code
 * typed into the same field when the phone is lost.
 */
export function StaffCodeStep({ step, onSignedIn, onRestart, onErrorsChange, children }: Props) {
  const { t } = useTranslation();
  const { errors, problem, attempt, fail } = useFormErrors(onErrorsChange);
  const [pending, setPending] = useState(false);
  const enrolling = step.step === 'enrol_totp';

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const raw = String(new FormData(event.currentTarget).get(codeId) ?? '').trim();
    if (!raw) return fail([{ field: codeId, message: t('login.staffCode.required') }]);
    const digits = raw.replace(/[\s-]/g, '');
    const isAppCode = /^\d{6}$/.test(digits);
    if (enrolling && !isAppCode) return fail([{ field: codeId, message: t('login.staffCode.format') }]);
    setPending(true);
    try {
      const { recoveryCodes, me } = await staffSecondFactor(
        step.pendingId,
        isAppCode ? { code: digits } : { recoveryCode: raw },
      );
      onSignedIn(recoveryCodes, me);
    } catch (error) {
      setPending(false);
      if (!(error instanceof ApiProblem)) throw error;
      if (error.status === 401) return onRestart(error);
      fail(fieldErrorsFromProblem(error, { code: codeId, recoveryCode: codeId }), error);
    }
  };

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)}>
      <ErrorSummary id="staff-code-errors" errors={errors} problem={problem} attempt={attempt} />
      <h3>{enrolling ? t('login.staffCode.enrolTitle') : t('login.staffCode.title')}</h3>
      <p>{enrolling ? t('login.staffCode.enrolIntro') : t('login.staffCode.intro')}</p>
      {children}
      <TextField
        id={codeId}
        label={enrolling ? t('login.staffCode.enrolLabel') : t('login.staffCode.label')}
        hint={
          enrolling
            ? t('login.staffCode.enrolHint')
            : t('login.staffCode.hint', { time: formatClockTime(step.expiresAt) })
        }
        error={errorFor(errors, codeId)}
        type="text"
        autoComplete="one-time-code"
        spellCheck={false}
        autoCapitalize="none"
        autoFocus
      />
      <button className="button" type="submit" aria-disabled={pending || undefined}>
        {pending ? t('login.staff.submitting') : t('login.staffCode.submit')}
      </button>
    </form>
  );
}
