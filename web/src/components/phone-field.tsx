import type { ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import type { OtpChannel, PhoneChannel } from '../api/session.js';
import { TextField } from './text-field.js';

/** A mobile number field: the phone keypad, and the width of a number. */
export function PhoneField(
  props: Omit<ComponentProps<typeof TextField>, 'type' | 'inputMode' | 'className'>,
) {
  return <TextField type="tel" inputMode="tel" className="input--phone" {...props} />;
}

/** Codes to the phone's holder (assisted sessions): SMS or Zalo. */
const PHONE_CHANNELS: readonly PhoneChannel[] = ['sms', 'zalo'];
/**
 * Sign-in codes: also e-mail, which the server uses only when the account has a verified address and
 * otherwise sends by SMS, answering the same either way (nobody learns whether a number has an address).
 */
export const SIGN_IN_CHANNELS: readonly OtpChannel[] = ['sms', 'zalo', 'email'];

/** Where a one-time code is sent (SMS or Zalo, and e-mail for sign-in), as radios named `id`. */
export function ChannelFieldset({
  id,
  legend,
  defaultChannel = 'sms',
  channels = PHONE_CHANNELS,
}: {
  id: string;
  legend: string;
  defaultChannel?: OtpChannel;
  channels?: readonly OtpChannel[];
}) {
  const { t } = useTranslation();
  return (
    <fieldset className="fieldset">
      <legend className="fieldset__legend--small">{legend}</legend>
      {channels.map((channel) => (
        <div className="radio" key={channel}>
          <input
            id={`${id}-${channel}`}
            name={id}
            type="radio"
            value={channel}
            defaultChecked={channel === defaultChannel}
          />
          <label htmlFor={`${id}-${channel}`}>{t(`login.citizen.channel.${channel}`)}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** The channel chosen in a ChannelFieldset named `id` (SMS when none of `channels` is). */
export function channelOf(data: FormData, id: string): PhoneChannel;
export function channelOf(data: FormData, id: string, channels: readonly OtpChannel[]): OtpChannel;
export function channelOf(
  data: FormData,
  id: string,
  channels: readonly OtpChannel[] = PHONE_CHANNELS,
): OtpChannel {
  return channels.find((c) => c === data.get(id)) ?? 'sms';
}
