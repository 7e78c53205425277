import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiProblem } from '../../api/client.js';
import { staffLogin } from '../../api/session.js';
import { safeNext } from '../../app/safe-next.js';
import { ErrorSummary, type FieldError, fieldErrorsFromProblem } from '../../components/error-summary.js';
import { errorFor, TextField } from '../../components/text-field.js';
import { useFormErrors } from '../../components/use-form-errors.js';

const emailId = 'staff-email';
const passwordId = 'staff-password';

export function StaffLoginForm({ onErrorsChange }: { onErrorsChange: (has: boolean) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { errors, problem, attempt, fail } = useFormErrors(onErrorsChange);
  const [pending, setPending] = useState(false);

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
      await staffLogin(email, password);
      navigate(safeNext(params.get('next'), '/can-bo/co-quan'));
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
