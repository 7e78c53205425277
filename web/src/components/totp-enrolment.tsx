import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TotpEnrolment } from '../api/security.js';
import { formatDateTime } from '../format/date.js';
import './totp-enrolment.css';

/** The base32 key in groups of four, as authenticator apps show it, for typing by hand. */
function groupSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

/**
 * How to add the account to an authenticator app: the QR, a link for the same phone, the typed key;
 * `children` (the first-code form) is the last step.
 */
export function TotpEnrolmentPanel({
  enrolment,
  children,
}: {
  enrolment: TotpEnrolment;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  // The server's SVG is shown as an image, never inserted into the page as markup.
  const qrSrc = useMemo(
    () => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(enrolment.qrSvg)}`,
    [enrolment.qrSvg],
  );
  return (
    <ol className="steps">
      <li>{t('security.totp.step1')}</li>
      <li>
        <p>{t('security.totp.step2')}</p>
        <img className="totp-qr" src={qrSrc} alt={t('security.totp.qrAlt')} width={240} height={240} />
        <p>
          {t('security.totp.sameDevice')} <a href={enrolment.uri}>{t('security.totp.openInApp')}</a>
        </p>
        <p>{t('security.totp.manualIntro')}</p>
        <p className="totp-key mono">{groupSecret(enrolment.secret)}</p>
      </li>
      {children && <li>{children}</li>}
    </ol>
  );
}

/**
 * The recovery codes, shown once: a warning, the list, copy and download as .txt. `children` is the
 * way on ("Đã lưu các mã, hoàn tất").
 */
export function RecoveryCodesPanel({
  codes,
  account,
  children,
}: {
  codes: string[];
  account: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const listRef = useRef<HTMLOListElement>(null);

  const fileText = useMemo(() => {
    const now = new Date();
    return [
      t('security.totp.fileHeading'),
      t('security.totp.fileAccount', { account }),
      t('security.totp.fileCreated', { time: formatDateTime(now) }),
      '',
      ...codes.map((code, i) => `${i + 1}. ${code}`),
      '',
      t('security.totp.fileNote'),
      '',
    ].join('\n');
  }, [codes, account, t]);
  const [fileUrl, setFileUrl] = useState<string | null>(null);
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([fileText], { type: 'text/plain;charset=utf-8' }));
    setFileUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [fileText]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopyState('copied');
    } catch {
      setCopyState('failed');
      // Select the list so the codes can be copied by hand.
      const list = listRef.current;
      const selection = window.getSelection();
      if (list && selection) {
        const range = document.createRange();
        range.selectNodeContents(list);
        selection.removeAllRanges();
        selection.addRange(range);
      }
    }
  };

  return (
    <>
      <div className="notice notice--warning">
        <p className="notice__title">{t('security.totp.codesWarningTitle')}</p>
        <p>{t('security.totp.codesWarning')}</p>
      </div>
      <h2 id="recovery-codes-heading">{t('security.totp.codesListLabel')}</h2>
      <ol ref={listRef} className="recovery-codes mono" aria-labelledby="recovery-codes-heading">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ol>
      <div className="actions">
        <button type="button" className="button button--secondary" onClick={() => void copy()}>
          {t('security.totp.copy')}
        </button>
        {fileUrl && (
          <a className="button button--secondary" href={fileUrl} download={t('security.totp.fileName')}>
            {t('security.totp.download')}
          </a>
        )}
      </div>
      <p aria-live="polite" className={copyState === 'failed' ? 'field__error' : undefined}>
        {copyState === 'copied' ? t('security.totp.copied') : ''}
        {copyState === 'failed' ? t('security.totp.copyFailed') : ''}
      </p>
      <p>{children}</p>
    </>
  );
}
