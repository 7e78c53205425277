import type { Ref, TextareaHTMLAttributes } from 'react';
import { describedByOf, FieldFrame, type FieldFrameProps } from './field-frame.js';

interface Props extends FieldFrameProps, Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'> {
  ref?: Ref<HTMLTextAreaElement>;
}

/** A multi-line text box in the shared label / hint / error layout (UX.md §6). */
export function TextAreaField({ id, label, hint, error, optional, className, ...textarea }: Props) {
  return (
    <FieldFrame id={id} label={label} hint={hint} error={error} optional={optional}>
      <textarea
        id={id}
        name={id}
        className={`input textarea${className ? ` ${className}` : ''}`}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByOf({ id, hint, error })}
        {...textarea}
      />
    </FieldFrame>
  );
}
