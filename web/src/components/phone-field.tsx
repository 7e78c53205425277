import type { ComponentProps } from 'react';
import { useTranslation } from 'react-i18next';
import type { OtpChannel } from '../api/session.js';
import { TextField } from './text-field.js';

/** A mobile number field: the phone keypad, and the width of a number. */
export function PhoneField(
  props: Omit<ComponentProps<typeof TextField>, 'type' | 'inputMode' | 'className'>,
) {
  return <TextField type="tel" inputMode="tel" className="input--phone" {...props} />;
}

const channels: readonly OtpChannel[] = ['sms', 'zalo'];

/** Where a one-time code is sent (SMS or Zalo), as radios named `id`. */
export function ChannelFieldset({
  id,
  legend,
  defaultChannel = 'sms',
}: {
  id: string;
  legend: string;
  defaultChannel?: OtpChannel;
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

/** The channel chosen in a ChannelFieldset named `id`. */
export function channelOf(data: FormData, id: string): OtpChannel {
  return data.get(id) === 'zalo' ? 'zalo' : 'sms';
}
