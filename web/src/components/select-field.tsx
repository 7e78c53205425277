import type { SelectHTMLAttributes } from 'react';
import { describedByOf, FieldFrame, type FieldFrameProps } from './field-frame.js';

interface Props extends FieldFrameProps, Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'> {
  options: { value: string; label: string }[];
}

/** A native <select> with the same label / hint / error layout as TextField. */
export function SelectField({ id, label, hint, error, optional, options, ...select }: Props) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <select
        id={id}
        name={id}
        className="select"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByOf({ id, hint, error })}
        {...select}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldFrame>
  );
}
