import type { FormEvent } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client.js';
import { inviteStaff, type StaffInvitation } from '../../api/staff-people.js';
import { ErrorSummary, type FieldError, fieldErrorsFromProblem } from '../../components/error-summary.js';
import { errorFor, TextField } from '../../components/text-field.js';
import { useFormErrors } from '../../components/use-form-errors.js';

const ids = { fullName: 'invite-name', email: 'invite-email' } as const;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** "Mời cán bộ mới": name and work e-mail; the server answers with a one-time set-password link. */
export function InviteStaffForm({
  agencyId,
  onInvited,
  onErrorsChange,
}: {
  agencyId: string;
  onInvited: (name: string, invitation: StaffInvitation) => void;
  onErrorsChange: (has: boolean) => void;
}) {
  const { t } = useTranslation();
  const { errors, problem, attempt, fail, clear } = useFormErrors(onErrorsChange);
  const [pending, setPending] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const fullName = String(data.get(ids.fullName) ?? '').trim();
    const email = String(data.get(ids.email) ?? '').trim();
    const local: FieldError[] = [];
    if (!fullName) local.push({ field: ids.fullName, message: t('staffPeople.invite.nameRequired') });
    if (!emailPattern.test(email))
      local.push({ field: ids.email, message: t('staffPeople.invite.emailInvalid') });
    if (local.length) return fail(local);
    setPending(true);
    try {
      const invitation = await inviteStaff({ fullName, email, agencyId });
      clear();
      form.reset();
      onInvited(fullName, invitation);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      fail(fieldErrorsFromProblem(error, ids), error);
    } finally {
      setPending(false);
    }
  };

  return (
    <section className="section people-invite" aria-labelledby="invite-heading">
      <h2 id="invite-heading">{t('staffPeople.invite.heading')}</h2>
      <form noValidate className="form form--inset" onSubmit={(event) => void onSubmit(event)}>
        <ErrorSummary id="invite-errors" errors={errors} problem={problem} attempt={attempt} />
        <p>{t('staffPeople.invite.intro')}</p>
        <TextField
          id={ids.fullName}
          label={t('staffPeople.invite.name')}
          error={errorFor(errors, ids.fullName)}
          autoComplete="off"
          spellCheck={false}
          maxLength={200}
        />
        <TextField
          id={ids.email}
          type="email"
          label={t('staffPeople.invite.email')}
          hint={t('staffPeople.invite.emailHint')}
          error={errorFor(errors, ids.email)}
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="none"
        />
        <button className="button" type="submit" aria-disabled={pending || undefined}>
          {pending ? t('staffPeople.invite.submitting') : t('staffPeople.invite.submit')}
        </button>
      </form>
    </section>
  );
}
