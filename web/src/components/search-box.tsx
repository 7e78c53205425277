import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  id: string;
  label: string;
  hint?: string;
  /** Controlled value; leave out for a plain form read on submit (`name="q"`). */
  value?: string;
  onChange?: (value: string) => void;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
}

/** A labelled search field with its button, inside the `<search>` landmark. */
export function SearchBox({ id, label, hint, value, onChange, onSubmit }: Props) {
  const { t } = useTranslation();
  const hintId = `${id}-hint`;
  return (
    <search>
      <form className="search" onSubmit={onSubmit}>
        <label className="field__label" htmlFor={id}>
          {label}
        </label>
        {hint && (
          <p className="field__hint" id={hintId}>
            {hint}
          </p>
        )}
        <div className="search__row">
          <input
            className="input"
            id={id}
            name="q"
            type="search"
            {...(value !== undefined ? { value } : {})}
            {...(onChange ? { onChange: (event) => onChange(event.target.value) } : {})}
            aria-describedby={hint ? hintId : undefined}
            spellCheck={false}
            autoComplete="off"
          />
          <button className="button" type="submit">
            {t('common.search')}
          </button>
        </div>
      </form>
    </search>
  );
}
