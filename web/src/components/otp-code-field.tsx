import type { ComponentProps } from 'react';
import type { ApiProblem } from '../api/client.js';
import { type FieldError, fieldErrorsFromProblem } from './error-summary.js';
import { TextField } from './text-field.js';

/** Spaces and dashes (as in "123 456" or "123-456", pasted or as apps show it) are not part of the code. */
export function cleanCode(input: string): string {
  return input.normalize('NFKC').replace(/[\s-]/g, '');
}

/**
 * A six-digit code field (UX.md §7): the number pad on phones, no spelling or capitals, and the
 * browser's one-time-code autofill unless `autoComplete` says otherwise.
 */
export function OtpCodeField(
  props: Omit<ComponentProps<typeof TextField>, 'type' | 'inputMode' | 'className'>,
) {
  return (
    <TextField
      type="text"
      inputMode="numeric"
      autoComplete="one-time-code"
      spellCheck={false}
      autoCapitalize="none"
      className="input--otp"
      {...props}
    />
  );
}

/**
 * The field errors of a refused one-time code: the server's field paths when it names them; wrong, expired,
 * used or locked codes are about the field, so the server's words go next to it; anything else is the form's.
 */
export function otpCodeErrors(error: ApiProblem, codeId: string): FieldError[] {
  if (error.errors.length) return fieldErrorsFromProblem(error, { code: codeId });
  if (error.code.startsWith('identity.otp_'))
    return [{ field: codeId, message: error.detail ?? error.title }];
  return [];
}
