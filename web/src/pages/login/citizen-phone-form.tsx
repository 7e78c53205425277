import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorSummary, type FieldError } from '../../components/error-summary.js';
import { errorFor, TextField } from '../../components/text-field.js';
import { normaliseMobile } from '../phone.js';

const phoneId = 'citizen-phone';

/**
 * Step one of phone sign-in (UX.md §7). Sending the code arrives with the identity module; until then a
 * valid number gets an honest notice with the hotline instead of a dead end.
 */
export function CitizenPhoneForm({ onErrorsChange }: { onErrorsChange: (has: boolean) => void }) {
  const { t } = useTranslation();
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [attempt, setAttempt] = useState(0);
  const [accepted, setAccepted] = useState(false);
  const notice = useRef<HTMLDivElement>(null);

  useEffect(() => onErrorsChange(errors.length > 0), [errors, onErrorsChange]);
  useEffect(() => {
    if (accepted) notice.current?.focus();
  }, [accepted]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const raw = String(new FormData(event.currentTarget).get(phoneId) ?? '');
    const next: FieldError[] = [];
    if (!raw.trim()) next.push({ field: phoneId, message: t('login.citizen.phoneRequired') });
    else if (!normaliseMobile(raw)) next.push({ field: phoneId, message: t('login.citizen.phoneInvalid') });
    setErrors(next);
    setAttempt((n) => n + 1);
    setAccepted(next.length === 0);
  };

  return (
    <form noValidate onSubmit={onSubmit}>
      <ErrorSummary id="citizen-errors" errors={errors} attempt={attempt} />
      <p>{t('login.citizen.intro')}</p>
      <TextField
        id={phoneId}
        label={t('login.citizen.phoneLabel')}
        hint={t('login.citizen.phoneHint')}
        error={errorFor(errors, phoneId)}
        type="tel"
        autoComplete="tel"
        inputMode="tel"
        className="input--phone"
      />
      <div className="checkbox">
        <input id="shared-device" name="shared-device" type="checkbox" />
        <label htmlFor="shared-device">{t('login.citizen.sharedDevice')}</label>
      </div>
      <button className="button" type="submit">
        {t('common.continue')}
      </button>
      {accepted && (
        <div className="notice" ref={notice} tabIndex={-1} role="status">
          <p className="notice__title">{t('login.citizen.comingTitle')}</p>
          <p>{t('login.citizen.comingBody')}</p>
        </div>
      )}
    </form>
  );
}
