import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiProblem } from '../../api/client.js';
import { getSecurityStatus, setPassword } from '../../api/security.js';
import type { Me } from '../../api/session.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { ErrorSummary, type FieldError, fieldErrorsFromProblem } from '../../components/error-summary.js';
import { ProblemNotice } from '../../components/problem-notice.js';
import { errorFor } from '../../components/text-field.js';
import { useFormErrors } from '../../components/use-form-errors.js';
import { signedOutByServer, useLoad } from '../../components/use-load.js';
import { PasswordField } from './password-field.js';
import { SECURITY_PATH, type SecurityNotice } from './paths.js';
import './security.css';
import { SignedInOnly } from './signed-in-only.js';

const currentId = 'current-password';
const newId = 'new-password';
/** The server's default (DEFAULT_MIN_PASSWORD_LENGTH); its refusal names the length it really uses. */
const MIN_PASSWORD_LENGTH = 10;

/** "Đặt mật khẩu" / "Đổi mật khẩu": the server says why a password is refused, next to the field. */
export function PasswordPage() {
  const { t } = useTranslation();
  return (
    <SignedInOnly title={t('security.password.changeTitle')}>
      {(me) => <PasswordLoader me={me} />}
    </SignedInOnly>
  );
}

function PasswordLoader({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { data: status, problem, reload } = useLoad(getSecurityStatus);

  if (problem) return <LoadProblem problem={problem} onRetry={() => void reload()} />;
  if (!status) return <p className="loading">{t('common.loading')}</p>;
  return <PasswordForm me={me} hasPassword={status.hasPassword} />;
}

function LoadProblem({ problem, onRetry }: { problem: ApiProblem; onRetry: () => void }) {
  const { t } = useTranslation();
  usePageTitle(t('security.password.changeTitle'));
  return (
    <>
      <Link className="back-link" to={SECURITY_PATH}>
        {t('common.back')}
      </Link>
      <PageHeading>{t('security.password.changeTitle')}</PageHeading>
      <ProblemNotice problem={problem} onRetry={onRetry} />
    </>
  );
}

function PasswordForm({ me, hasPassword }: { me: Me; hasPassword: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const title = hasPassword ? t('security.password.changeTitle') : t('security.password.setTitle');
  const { errors, problem, attempt, fail } = useFormErrors();
  const [pending, setPending] = useState(false);
  usePageTitle(title, errors.length > 0 || problem !== null);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    const currentPassword = String(data.get(currentId) ?? '');
    const password = String(data.get(newId) ?? '');
    const local: FieldError[] = [];
    if (hasPassword && !currentPassword)
      local.push({ field: currentId, message: t('security.password.currentRequired') });
    if (!password) local.push({ field: newId, message: t('security.password.newRequired') });
    if (local.length) return fail(local, null);

    setPending(true);
    try {
      await setPassword(hasPassword ? { password, currentPassword } : { password });
      const notice: SecurityNotice = hasPassword ? 'passwordChanged' : 'passwordSet';
      navigate(SECURITY_PATH, { state: { notice } });
    } catch (error) {
      setPending(false);
      if (signedOutByServer(error)) return;
      if (!(error instanceof ApiProblem)) throw error;
      fail(fieldErrorsFromProblem(error, { password: newId, currentPassword: currentId }), error);
    }
  };

  return (
    <>
      <Link className="back-link" to={SECURITY_PATH}>
        {t('common.back')}
      </Link>
      <ErrorSummary id="password-errors" errors={errors} problem={problem} attempt={attempt} />
      <PageHeading>{title}</PageHeading>
      <p>{t('security.password.intro')}</p>
      <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        {/* Lets password managers file the new password under this account (never shown). */}
        <input
          type="text"
          name="username"
          autoComplete="username"
          value={me.email ?? me.phone ?? ''}
          readOnly
          hidden
        />
        {hasPassword && (
          <PasswordField
            id={currentId}
            label={t('security.password.currentLabel')}
            error={errorFor(errors, currentId)}
            autoComplete="current-password"
            submitCount={attempt}
          />
        )}
        <PasswordField
          id={newId}
          label={t('security.password.newLabel')}
          hint={t('security.password.newHint', { minLength: MIN_PASSWORD_LENGTH })}
          error={errorFor(errors, newId)}
          autoComplete="new-password"
          submitCount={attempt}
        />
        <button className="button" type="submit" aria-disabled={pending || undefined}>
          {pending ? t('common.saving') : t('security.password.submit')}
        </button>
      </form>
    </>
  );
}
