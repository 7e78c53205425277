import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffInvitation } from '../../api/staff-people.js';
import { formatDateTime } from '../../format/date.js';

/**
 * The set-password link of a new invitation, shown once: the server keeps only its hash. Copy, its
 * expiry, and what the person does with it.
 */
export function InvitationLink({
  name,
  invitation,
  onDone,
}: {
  name: string;
  invitation: StaffInvitation;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const url = `${window.location.origin}${invitation.setPasswordPath}`;
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const panelRef = useRef<HTMLElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new link takes focus again
  useEffect(() => {
    setCopyState('idle');
    panelRef.current?.focus();
  }, [invitation.setPasswordPath]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setCopyState('copied');
    } catch {
      setCopyState('failed');
      inputRef.current?.select();
    }
  };

  return (
    <section
      className="notice notice--success invitation-link"
      aria-labelledby="invitation-link-title"
      tabIndex={-1}
      ref={panelRef}
    >
      <h2 id="invitation-link-title" className="notice__title">
        {t('staffPeople.link.title', { name })}
      </h2>
      <p>
        <strong>{t('staffPeople.link.once')}</strong>
      </p>
      <div className="field">
        <label className="field__label" htmlFor="invitation-url">
          {t('staffPeople.link.label')}
        </label>
        <p className="field__hint" id="invitation-url-hint">
          {t('staffPeople.link.expires', { time: formatDateTime(invitation.expiresAt) })}
        </p>
        <input
          ref={inputRef}
          id="invitation-url"
          className="input mono invitation-link__url"
          type="text"
          readOnly
          value={url}
          aria-describedby="invitation-url-hint"
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      <div className="actions">
        <button type="button" className="button" onClick={() => void copy()}>
          {t('staffPeople.link.copy')}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          {t('staffPeople.link.done')}
        </button>
      </div>
      <p aria-live="polite" className={copyState === 'failed' ? 'field__error' : undefined}>
        {copyState === 'copied' ? t('staffPeople.link.copied') : ''}
        {copyState === 'failed' ? t('staffPeople.link.copyFailed') : ''}
      </p>
      <p>{t('staffPeople.link.next')}</p>
      <p>{t('staffPeople.link.lost')}</p>
    </section>
  );
}
