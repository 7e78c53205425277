import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { looksLikePhone, normalisePhone } from '../../../../shared/phone.js';
import { ApiProblem } from '../../api/client.js';
import { requestOtp } from '../../api/session.js';
import { ErrorSummary, fieldErrorsFromProblem } from '../../components/error-summary.js';
import { ChannelFieldset, channelOf, PhoneField, SIGN_IN_CHANNELS } from '../../components/phone-field.js';
import { errorFor } from '../../components/text-field.js';
import { useFormErrors } from '../../components/use-form-errors.js';
import { loadPendingOtp, RESEND_COOLDOWN_SECONDS, savePendingOtp } from './pending-otp.js';

const phoneId = 'citizen-phone';
const channelId = 'citizen-channel';

/** Path of the code page, keeping ?next= so the citizen lands where they were going. */
function codePagePath(next: string | null): string {
  return next ? `/dang-nhap/ma?${new URLSearchParams({ next })}` : '/dang-nhap/ma';
}

/** Step one of phone sign-in (UX.md §7): the number and where to send the code. */
export function CitizenPhoneForm({ onErrorsChange }: { onErrorsChange: (has: boolean) => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { errors, problem, attempt, fail } = useFormErrors(onErrorsChange);
  const [sending, setSending] = useState(false);
  // Coming back from the code page (Back, "Đổi số điện thoại") keeps what was chosen.
  const [previous] = useState(loadPendingOtp);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (sending) return;
    const data = new FormData(event.currentTarget);
    const phone = String(data.get(phoneId) ?? '').trim();
    const channel = channelOf(data, channelId, SIGN_IN_CHANNELS);
    const sharedDevice = data.get('shared-device') === 'on';
    if (!phone) return fail([{ field: phoneId, message: t('login.citizen.phoneRequired') }], null);
    if (!looksLikePhone(phone))
      return fail([{ field: phoneId, message: t('login.citizen.phoneInvalid') }], null);

    setSending(true);
    try {
      const challenge = await requestOtp(phone, channel);
      savePendingOtp({
        ...challenge,
        phone: normalisePhone(phone) ?? phone,
        channel,
        sentAt: Date.now(),
        cooldownSeconds: RESEND_COOLDOWN_SECONDS,
        sharedDevice,
      });
      navigate(codePagePath(params.get('next')));
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      const fieldErrors = fieldErrorsFromProblem(error, { phone: phoneId, channel: channelId });
      fail(fieldErrors, error);
    } finally {
      setSending(false);
    }
  };

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)}>
      <ErrorSummary id="citizen-errors" errors={errors} problem={problem} attempt={attempt} />
      <p>{t('login.citizen.intro')}</p>
      <PhoneField
        id={phoneId}
        label={t('login.citizen.phoneLabel')}
        hint={t('login.citizen.phoneHint')}
        error={errorFor(errors, phoneId)}
        autoComplete="tel"
        defaultValue={previous?.phone ?? ''}
      />
      <ChannelFieldset
        id={channelId}
        legend={t('login.citizen.channelLegend')}
        defaultChannel={previous?.channel}
        channels={SIGN_IN_CHANNELS}
      />
      <div className="checkbox">
        <input
          id="shared-device"
          name="shared-device"
          type="checkbox"
          defaultChecked={previous?.sharedDevice ?? false}
          aria-describedby="shared-device-hint"
        />
        <div>
          <label htmlFor="shared-device">{t('login.citizen.sharedDevice')}</label>
          <p className="field__hint checkbox__hint" id="shared-device-hint">
            {t('login.citizen.sharedDeviceHint')}
          </p>
        </div>
      </div>
      <button className="button" type="submit" aria-disabled={sending || undefined}>
        {sending ? t('login.citizen.sending') : t('common.continue')}
      </button>
    </form>
  );
}
