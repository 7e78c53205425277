import { useCallback, useEffect, useState } from 'react';
import type { ApiProblem } from '../api/client.js';
import type { FieldError } from './error-summary.js';

/**
 * The error state every form shares: field errors, a form-level problem, and an attempt counter that
 * makes the ErrorSummary take focus again on each failed submit. `onErrorsChange` lets a page title
 * say "Lỗi: …" while errors show (UX.md).
 */
export function useFormErrors(onErrorsChange?: (hasErrors: boolean) => void) {
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => onErrorsChange?.(errors.length > 0 || problem !== null), [errors, problem, onErrorsChange]);

  const fail = useCallback((fieldErrors: FieldError[], formProblem: ApiProblem | null = null) => {
    setErrors(fieldErrors);
    setProblem(formProblem);
    setAttempt((n) => n + 1);
  }, []);

  const clear = useCallback(() => {
    setErrors([]);
    setProblem(null);
  }, []);

  return { errors, problem, attempt, fail, clear };
}
