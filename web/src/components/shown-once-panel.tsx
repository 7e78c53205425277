import { type ReactNode, useEffect, useRef, useState } from 'react';

export interface ShownOnceTexts {
  title: string;
  /** Why it must be copied now (the server keeps no readable copy). */
  once: ReactNode;
  label: string;
  hint?: string;
  copy: string;
  done: string;
  copied: string;
  copyFailed: string;
}

/**
 * A value the server shows only once (a set-password link, a client secret): it takes focus, can be
 * copied (or is selected for copying by hand when the clipboard is refused), and is hidden with "done".
 * `children` say what to do with it next.
 */
export function ShownOncePanel({
  id,
  className,
  value,
  texts,
  onDone,
  children,
}: {
  /** Prefix of the element ids on the page. */
  id: string;
  className: string;
  value: string;
  texts: ShownOnceTexts;
  onDone: () => void;
  children?: ReactNode;
}) {
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const panelRef = useRef<HTMLElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new value takes focus again
  useEffect(() => {
    setCopyState('idle');
    panelRef.current?.focus();
  }, [value]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
      inputRef.current?.select();
    }
  };

  return (
    <section
      className={`notice notice--success ${className}`}
      aria-labelledby={`${id}-title`}
      tabIndex={-1}
      ref={panelRef}
    >
      <h2 id={`${id}-title`} className="notice__title">
        {texts.title}
      </h2>
      <p>
        <strong>{texts.once}</strong>
      </p>
      <div className="field">
        <label className="field__label" htmlFor={`${id}-value`}>
          {texts.label}
        </label>
        {texts.hint && (
          <p className="field__hint" id={`${id}-hint`}>
            {texts.hint}
          </p>
        )}
        <input
          ref={inputRef}
          id={`${id}-value`}
          className={`input mono ${className}__value`}
          type="text"
          readOnly
          value={value}
          spellCheck={false}
          autoComplete="off"
          aria-describedby={texts.hint ? `${id}-hint` : undefined}
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      <div className="actions">
        <button type="button" className="button" onClick={() => void copy()}>
          {texts.copy}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {texts.done}
        </button>
      </div>
      <p aria-live="polite" className={copyState === 'failed' ? 'field__error' : undefined}>
        {copyState === 'copied' ? texts.copied : ''}
        {copyState === 'failed' ? texts.copyFailed : ''}
      </p>
      {children}
    </section>
  );
}
