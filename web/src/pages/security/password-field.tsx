import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describedByOf, FieldFrame } from '../../components/field-frame.js';

interface Props {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  autoComplete: 'current-password' | 'new-password';
  /** Changes on every submit: the password is hidden again, so it is not left on screen. */
  submitCount: number;
}

/**
 * A password input with "Hiện mật khẩu" / "Ẩn mật khẩu", so people can check what they typed on a
 * phone keyboard instead of typing it twice. Paste and password managers work as usual.
 */
export function PasswordField({ id, label, hint, error, autoComplete, submitCount }: Props) {
  const { t } = useTranslation();
  const [shown, setShown] = useState(false);
  const [toggled, setToggled] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: hide again on every submit
  useEffect(() => {
    setShown(false);
    setToggled(false);
  }, [submitCount]);

  return (
    <FieldFrame id={id} label={label} hint={hint} error={error}>
      <div className="password-input">
        <input
          id={id}
          name={id}
          className="input password-input__input"
          type={shown ? 'text' : 'password'}
          autoComplete={autoComplete}
          spellCheck={false}
          autoCapitalize="none"
          autoCorrect="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedByOf({ id, hint, error })}
        />
        <button
          type="button"
          className="button button--secondary password-input__toggle"
          aria-controls={id}
          onClick={() => {
            setShown((s) => !s);
            setToggled(true);
          }}
        >
          {shown ? t('security.password.hide') : t('security.password.show')}
        </button>
      </div>
      <p className="visually-hidden" aria-live="polite">
        {toggled ? (shown ? t('security.password.shownStatus') : t('security.password.hiddenStatus')) : ''}
      </p>
    </FieldFrame>
  );
}
