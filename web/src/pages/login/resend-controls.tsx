import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OtpChannel } from '../../api/session.js';
import { formatMinutesSeconds } from './use-countdown.js';

interface Props {
  /** Seconds until another code may be sent; 0 when it may be sent now. */
  secondsLeft: number;
  channel: OtpChannel;
  maskedPhone: string;
  sending: boolean;
  changeNumberPath: string;
  onResend: (channel: OtpChannel) => void;
}

/**
 * "Gửi lại mã (sau 0:45)" and the "Không nhận được mã?" help (UX.md §7). The countdown text is not a live
 * region; a polite announcement is made once, when sending again becomes possible.
 */
export function ResendControls({
  secondsLeft,
  channel,
  maskedPhone,
  sending,
  changeNumberPath,
  onResend,
}: Props) {
  const { t } = useTranslation();
  const waiting = secondsLeft > 0;
  const [announcement, setAnnouncement] = useState('');
  const wasWaiting = useRef(waiting);
  const other: OtpChannel = channel === 'sms' ? 'zalo' : 'sms';

  useEffect(() => {
    if (wasWaiting.current && !waiting) setAnnouncement(t('otp.resendAvailable'));
    if (waiting) setAnnouncement('');
    wasWaiting.current = waiting;
  }, [waiting, t]);

  const resendButton = (via: OtpChannel, label: string) => (
    <button
      type="button"
      className="link-button"
      aria-disabled={waiting || sending || undefined}
      onClick={() => {
        if (!waiting && !sending) onResend(via);
      }}
    >
      {waiting ? t('otp.resendAfter', { label, time: formatMinutesSeconds(secondsLeft) }) : label}
    </button>
  );

  return (
    <>
      <p className="resend">{resendButton(channel, t('otp.resend'))}</p>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <details className="details">
        <summary className="details__summary">{t('otp.help.summary')}</summary>
        <div className="details__body">
          <p>{t('otp.help.delay')}</p>
          <ul className="details__list">
            <li>{resendButton(other, t(`otp.help.resendVia.${other}`))}</li>
            <li>
              {t('otp.help.checkNumber', { phone: maskedPhone })}{' '}
              <Link to={changeNumberPath}>{t('otp.help.changeNumber')}</Link>
            </li>
            <li>
              {t('otp.help.hotline')}{' '}
              <a className="help__phone" href="tel:1022">
                1022
              </a>{' '}
              {t('otp.help.hotlineHours')}
            </li>
          </ul>
        </div>
      </details>
    </>
  );
}
