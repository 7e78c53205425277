import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiProblem } from '../../api/client.js';
import { type StaffLoginStep, staffPassword } from '../../api/session.js';
import { safeNext } from '../../app/safe-next.js';
import { ErrorSummary, type FieldError, fieldErrorsFromProblem } from '../../components/error-summary.js';
import { errorFor, TextField } from '../../components/text-field.js';
import { RecoveryCodesPanel, TotpEnrolmentPanel } from '../../components/totp-enrolment.js';
import { useFormErrors } from '../../components/use-form-errors.js';
import { StaffCodeStep } from './staff-code-step.js';

const emailId = 'staff-email';
const passwordId = 'staff-password';

type Stage =
  | { kind: 'password' }
  | { kind: 'code'; step: StaffLoginStep }
  | { kind: 'recovery-codes'; codes: string[]; account: string };

/**
 * Staff sign in with e-mail and password, then a code from the authenticator app; a first sign-in
 * enrols the app (scan, first code) and shows the recovery codes once.
 */
export function StaffLoginForm({ onErrorsChange }: { onErrorsChange: (has: boolean) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { errors, problem, attempt, fail } = useFormErrors(onErrorsChange);
  const [pending, setPending] = useState(false);
  const [stage, setStage] = useState<Stage>({ kind: 'password' });
  const next = () => navigate(safeNext(params.get('next'), '/can-bo/co-quan'));

  if (stage.kind === 'code') {
    const { step } = stage;
    return (
      <StaffCodeStep
        key={step.pendingId}
        step={step}
        onErrorsChange={onErrorsChange}
        onSignedIn={(codes, me) =>
          codes ? setStage({ kind: 'recovery-codes', codes, account: me.email ?? me.fullName }) : next()
        }
        onRestart={(expired) => {
          setStage({ kind: 'password' });
          fail([], expired);
        }}
      >
        {step.step === 'enrol_totp' && <TotpEnrolmentPanel enrolment={step.enrolment} />}
      </StaffCodeStep>
    );
  }
  if (stage.kind === 'recovery-codes') {
    return (
      <RecoveryCodesPanel codes={stage.codes} account={stage.account}>
        <button type="button" className="button" onClick={next}>
          {t('login.staffCode.continue')}
        </button>
      </RecoveryCodesPanel>
    );
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    const email = String(data.get(emailId) ?? '').trim();
    const password = String(data.get(passwordId) ?? '');
    const local: FieldError[] = [];
    if (!email) local.push({ field: emailId, message: t('login.staff.emailRequired') });
    else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      local.push({ field: emailId, message: t('login.staff.emailInvalid') });
    if (!password) local.push({ field: passwordId, message: t('login.staff.passwordRequired') });
    if (local.length) return fail(local, null);

    setPending(true);
    try {
      setStage({ kind: 'code', step: await staffPassword(email, password) });
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      const fieldErrors = fieldErrorsFromProblem(error, { email: emailId, password: passwordId });
      fail(fieldErrors, error);
    } finally {
      setPending(false);
    }
  };

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)}>
      <ErrorSummary id="staff-errors" errors={errors} problem={problem} attempt={attempt} />
      <p>{t('login.staff.intro')}</p>
      <TextField
        id={emailId}
        label={t('login.staff.emailLabel')}
        error={errorFor(errors, emailId)}
        type="email"
        autoComplete="username"
        spellCheck={false}
        autoCapitalize="none"
      />
      <TextField
        id={passwordId}
        label={t('login.staff.passwordLabel')}
        error={errorFor(errors, passwordId)}
        type="password"
        autoComplete="current-password"
      />
      <button className="button" type="submit" aria-disabled={pending || undefined}>
        {pending ? t('login.staff.submitting') : t('login.staff.submit')}
      </button>
    </form>
  );
}
