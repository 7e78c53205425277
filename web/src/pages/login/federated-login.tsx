import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { type FederatedProvider, listFederatedProviders } from '../../api/session.js';
import { safeNext } from '../../app/safe-next.js';

/** "Đăng nhập bằng VNeID" (and the national portal) when the server has them switched on. */
export function FederatedLogin() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [providers, setProviders] = useState<FederatedProvider[]>([]);
  const next = safeNext(params.get('next'), '/');
  const error = params.get('error');

  useEffect(() => {
    const controller = new AbortController();
    listFederatedProviders(controller.signal)
      .then(setProviders)
      .catch(() => setProviders([]));
    return () => controller.abort();
  }, []);

  if (!providers.length && !error) return null;
  return (
    <div className="federated">
      {error && (
        <div className="notice notice--problem" role="alert">
          <p>{t('login.federated.failed')}</p>
        </div>
      )}
      {providers.map((p) => (
        <p key={p.id}>
          <a className="button button--secondary" href={`${p.startUrl}?next=${encodeURIComponent(next)}`}>
            {t(`login.federated.with.${p.id}`, {
              defaultValue: t('login.federated.withOther', { id: p.id }),
            })}
          </a>
        </p>
      ))}
    </div>
  );
}
