import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './confirm-action.css';

interface Props {
  /** The secondary button that asks first. */
  trigger: string;
  /** An id naming what the trigger acts on, when several triggers share a label. */
  triggerDescribedBy?: string;
  title: string;
  body: string;
  /** The warning button's label (say "…ing" while pending). */
  confirm: string;
  pending: boolean;
  onConfirm: () => void;
  /** Extra class on the confirmation box, for its place in the page. */
  className?: string;
}

/**
 * An action that cannot be undone asks first, in place (UX.md): the question takes focus when shown,
 * and "Huỷ" gives it back to the button that asked.
 */
export function ConfirmAction({
  trigger,
  triggerDescribedBy,
  title,
  body,
  confirm,
  pending,
  onConfirm,
  className,
}: Props) {
  const { t } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const confirmRef = useRef<HTMLParagraphElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef(false);

  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
    else if (returnFocus.current) triggerRef.current?.focus();
  }, [confirming]);

  if (!confirming) {
    return (
      <button
        ref={triggerRef}
        type="button"
        className="button button--secondary"
        aria-describedby={triggerDescribedBy}
        onClick={() => setConfirming(true)}
      >
        {trigger}
      </button>
    );
  }
  return (
    <div className={className ? `confirm ${className}` : 'confirm'}>
      <p className="notice__title confirm__title" ref={confirmRef} tabIndex={-1}>
        {title}
      </p>
      <p>{body}</p>
      <div className="actions">
        <button
          type="button"
          className="button button--warning"
          aria-disabled={pending || undefined}
          onClick={onConfirm}
        >
          {confirm}
        </button>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => {
            returnFocus.current = true;
            setConfirming(false);
          }}
        >
          {t('common.cancel')}
        </button>
      </div>
    </div>
  );
}
