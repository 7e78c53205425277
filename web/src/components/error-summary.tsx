import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/client.js';

export interface FieldError {
  /** id of the input the message belongs to; the summary links to it. */
  field: string;
  message: string;
}

interface Props {
  /** Unique per page, so two forms on one page keep distinct ids. */
  id: string;
  errors: FieldError[];
  problem?: ApiProblem | null;
  /** Changes on every submit, so focus returns to the summary even when the errors are the same. */
  attempt: number;
}

/** "Có thông tin cần sửa": one link per field error; takes focus so screen readers hear it first. */
export function ErrorSummary({ id, errors, problem, attempt }: Props) {
  const { t } = useTranslation();
  const ref = useRef<HTMLElement>(null);
  const visible = errors.length > 0 || Boolean(problem);

  // biome-ignore lint/correctness/useExhaustiveDependencies: focus again on every new attempt
  useEffect(() => {
    if (visible) ref.current?.focus();
  }, [attempt, visible]);

  if (!visible) return null;
  const formProblem = problem && errors.length === 0 ? problem : null;
  return (
    <section className="error-summary" ref={ref} tabIndex={-1} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="error-summary__title">
        {t('form.errorSummaryTitle')}
      </h2>
      {formProblem && (
        <p>
          <strong>{formProblem.title}</strong>
          {formProblem.detail ? ` ${formProblem.detail}` : ''}
        </p>
      )}
      {errors.length > 0 && (
        <ul className="error-summary__list">
          {errors.map((e) => (
            <li key={`${e.field}:${e.message}`}>
              {e.field ? (
                <a
                  href={`#${e.field}`}
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById(e.field)?.focus();
                  }}
                >
                  {e.message}
                </a>
              ) : (
                e.message
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/**
 * Maps problem+json errors[] (JSON pointers such as /email or /contact/phone) to input ids, keeping the
 * server's words. Pointers with no matching input are returned with field '' (shown without a link).
 */
export function fieldErrorsFromProblem(problem: ApiProblem, fieldIds: Record<string, string>): FieldError[] {
  return problem.errors.map((e) => {
    // The server points into the request part first (/body/contact/phone); forms only know the body.
    const path = e.pointer.replace(/^\/(body|querystring|params)(?=\/|$)/, '').replace(/^\//, '');
    const field = fieldIds[path] ?? fieldIds[path.split('/')[0] ?? ''] ?? '';
    return { field, message: e.message };
  });
}
