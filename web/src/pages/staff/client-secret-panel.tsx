import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A new client secret, shown once: the server keeps only a sealed copy and never shows it again. Copy
 * button, a warning, and "hide" (as InvitationLink does for set-password links).
 */
export function ClientSecretPanel({
  name,
  secret,
  onDone,
}: {
  name: string;
  secret: string;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const panelRef = useRef<HTMLElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new secret takes focus again
  useEffect(() => {
    setCopyState('idle');
    panelRef.current?.focus();
  }, [secret]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
      inputRef.current?.select();
    }
  };

  return (
    <section
      className="notice notice--success client-secret"
      aria-labelledby="client-secret-title"
      tabIndex={-1}
      ref={panelRef}
    >
      <h2 id="client-secret-title" className="notice__title">
        {t('oidcClients.secret.title', { name })}
      </h2>
      <p>
        <strong>⚠ {t('oidcClients.secret.once')}</strong>
      </p>
      <div className="field">
        <label className="field__label" htmlFor="client-secret-value">
          {t('oidcClients.secret.label')}
        </label>
        <input
          ref={inputRef}
          id="client-secret-value"
          className="input mono client-secret__value"
          type="text"
          readOnly
          value={secret}
          spellCheck={false}
          autoComplete="off"
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      <div className="actions">
        <button type="button" className="button" onClick={() => void copy()}>
          {t('oidcClients.secret.copy')}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t('oidcClients.secret.done')}
        </button>
      </div>
      <p aria-live="polite" className={copyState === 'failed' ? 'field__error' : undefined}>
        {copyState === 'copied' ? t('oidcClients.secret.copied') : ''}
        {copyState === 'failed' ? t('oidcClients.secret.copyFailed') : ''}
      </p>
      <p>{t('oidcClients.secret.warning')}</p>
    </section>
  );
}
