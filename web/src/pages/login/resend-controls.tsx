import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { OtpChannel } from '../../api/session.js';
import { formatMinutesSeconds } from './use-countdown.js';

interface Props {
  /** Seconds until another code may be sent; 0 when it may be sent now. */
  secondsLeft: number;
  channel: OtpChannel;
  /** Every channel the citizen could choose; the help offers the others. */
  channels: readonly OtpChannel[];
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
  channels,
  maskedPhone,
  sending,
  changeNumberPath,
  onResend,
}: Props) {
  const { t } = useTranslation();
  const others = channels.filter((c) => c !== channel);
  const resendButton = (via: OtpChannel, label: string) => (
    <ResendButton label={label} secondsLeft={secondsLeft} sending={sending} onResend={() => onResend(via)} />
  );

  return (
    <>
      <p className="resend">{resendButton(channel, t('otp.resend'))}</p>
      <ResendAnnouncement waiting={secondsLeft > 0} />
      <details className="details">
        <summary className="details__summary">{t('otp.help.summary')}</summary>
        <div className="details__body">
          <p>{t('otp.help.delay')}</p>
          <ul className="details__list">
            {others.map((other) => (
              <li key={other}>{resendButton(other, t(`otp.help.resendVia.${other}`))}</li>
            ))}
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

/** "Gửi lại mã (sau 0:45)": does nothing (and says so) while waiting or sending. */
export function ResendButton({
  label,
  secondsLeft,
  sending,
  onResend,
}: {
  label: string;
  secondsLeft: number;
  sending: boolean;
  onResend: () => void;
}) {
  const { t } = useTranslation();
  const waiting = secondsLeft > 0;
  return (
    <button
      type="button"
      className="link-button"
      aria-disabled={waiting || sending || undefined}
      onClick={() => {
        if (!waiting && !sending) onResend();
      }}
    >
      {waiting ? t('otp.resendAfter', { label, time: formatMinutesSeconds(secondsLeft) }) : label}
    </button>
  );
}

/** Said once, politely, when sending again becomes possible; never every second (UX.md §7). */
export function ResendAnnouncement({ waiting }: { waiting: boolean }) {
  const { t } = useTranslation();
  const [announcement, setAnnouncement] = useState('');
  const wasWaiting = useRef(waiting);

  useEffect(() => {
    if (wasWaiting.current && !waiting) setAnnouncement(t('otp.resendAvailable'));
    if (waiting) setAnnouncement('');
    wasWaiting.current = waiting;
  }, [waiting, t]);

  return (
    <p className="visually-hidden" aria-live="polite">
      {announcement}
    </p>
  );
}
