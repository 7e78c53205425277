import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiProblem } from '../../api/client.js';
import { setStaffPassword } from '../../api/staff-people.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { ErrorSummary, fieldErrorsFromProblem } from '../../components/error-summary.js';
import { errorFor } from '../../components/text-field.js';
import { useFormErrors } from '../../components/use-form-errors.js';
import { PasswordField } from '../security/password-field.js';
import '../security/security.css';

const passwordId = 'staff-new-password';
/** The server's default (DEFAULT_MIN_PASSWORD_LENGTH); its refusal names the length it really uses. */
const MIN_PASSWORD_LENGTH = 10;

/** The token from `#token=…`: in the fragment, so it never reached the server when the page loaded. */
function tokenFromHash(): string | null {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  return token && /^[A-Za-z0-9_-]{10,100}$/.test(token) ? token : null;
}

/**
 * "Đặt mật khẩu tài khoản cán bộ": the invited person opens the one-time link from their agency's admin,
 * sets a first password (the server says why a weak one is refused), then signs in and enrols the app.
 */
export function StaffSetPasswordPage() {
  const { t } = useTranslation();
  const [token] = useState(tokenFromHash);
  const [done, setDone] = useState(false);
  const { errors, problem, attempt, fail } = useFormErrors();
  const [pending, setPending] = useState(false);
  const title = done ? t('staffPeople.setPassword.doneTitle') : t('staffPeople.setPassword.title');
  usePageTitle(title, errors.length > 0 || problem !== null);
  const doneRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  if (!token) {
    return (
      <>
        <PageHeading>{t('staffPeople.setPassword.title')}</PageHeading>
        <div className="notice notice--problem" role="alert">
          <p className="notice__title">{t('staffPeople.setPassword.noToken')}</p>
          <p>{t('staffPeople.setPassword.noTokenDetail')}</p>
        </div>
      </>
    );
  }

  if (done) {
    return (
      <>
        <PageHeading>{title}</PageHeading>
        <div className="notice notice--success" role="status" tabIndex={-1} ref={doneRef}>
          <p className="notice__title">✓ {t('staffPeople.setPassword.doneTitle')}</p>
          <p>{t('staffPeople.setPassword.doneText')}</p>
        </div>
        <p>
          <Link className="button" to="/dang-nhap">
            {t('staffPeople.setPassword.signIn')}
          </Link>
        </p>
      </>
    );
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const password = String(new FormData(event.currentTarget).get(passwordId) ?? '');
    if (!password) return fail([{ field: passwordId, message: t('staffPeople.setPassword.required') }]);
    setPending(true);
    try {
      await setStaffPassword(token, password);
      // The link has done its job: keep its token out of the address bar and the history entry.
      window.history.replaceState(window.history.state, '', window.location.pathname);
      setDone(true);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      fail(fieldErrorsFromProblem(error, { password: passwordId }), error);
    } finally {
      setPending(false);
    }
  };

  return (
    <>
      <ErrorSummary id="set-password-errors" errors={errors} problem={problem} attempt={attempt} />
      <PageHeading>{title}</PageHeading>
      <p className="lead">{t('staffPeople.setPassword.intro')}</p>
      <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <PasswordField
          id={passwordId}
          label={t('staffPeople.setPassword.label')}
          hint={t('security.password.newHint', { minLength: MIN_PASSWORD_LENGTH })}
          error={errorFor(errors, passwordId)}
          autoComplete="new-password"
          submitCount={attempt}
        />
        <button className="button" type="submit" aria-disabled={pending || undefined}>
          {pending ? t('common.saving') : t('staffPeople.setPassword.submit')}
        </button>
      </form>
    </>
  );
}
