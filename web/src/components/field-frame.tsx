import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface FieldFrameProps {
  id: string;
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  optional?: boolean | undefined;
}

/** The ids a control points to with aria-describedby: its hint and its error, when shown. */
export function describedByOf({ id, hint, error }: Pick<FieldFrameProps, 'id' | 'hint' | 'error'>) {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

/** Label above, hint under the label, error above the control with a hidden "Lỗi:" prefix (UX.md §6). */
export function FieldFrame({
  id,
  label,
  hint,
  error,
  optional,
  children,
}: FieldFrameProps & { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className={`field${error ? ' field--error' : ''}`}>
      <label className="field__label" htmlFor={id}>
        {label}
        {optional ? ` ${t('form.optional')}` : ''}
      </label>
      {hint && (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field__error" id={`${id}-error`}>
          <span className="visually-hidden">{t('form.errorPrefix')} </span>
          {error}
        </p>
      )}
      {children}
    </div>
  );
}
