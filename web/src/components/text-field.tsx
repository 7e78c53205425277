import type { InputHTMLAttributes, Ref } from 'react';
import { describedByOf, FieldFrame, type FieldFrameProps } from './field-frame.js';

interface Props extends FieldFrameProps, Omit<InputHTMLAttributes<HTMLInputElement>, 'id'> {
  ref?: Ref<HTMLInputElement>;
}

/** A text input in the shared label / hint / error layout (UX.md §6). */
export function TextField({ id, label, hint, error, optional, className, ...input }: Props) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <input
        id={id}
        name={id}
        className={`input${className ? ` ${className}` : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByOf({ id, hint, error })}
        {...input}
      />
    </FieldFrame>
  );
}

export function errorFor(errors: { field: string; message: string }[], field: string): string | undefined {
  return errors.find((e) => e.field === field)?.message;
}
