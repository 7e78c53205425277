import { useTranslation } from 'react-i18next';
import type { ApiProblem } from '../api/client.js';

/** A failed load, in the server's own words, with the request id support staff ask for. */
export function ProblemNotice({ problem, onRetry }: { problem: ApiProblem; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="notice notice--problem" role="alert">
      <p className="notice__title">{problem.title}</p>
      {problem.detail && <p>{problem.detail}</p>}
      {problem.requestId && <p className="muted">{t('errors.requestId', { id: problem.requestId })}</p>}
      {onRetry && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
