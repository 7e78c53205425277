import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client.js';
import { safeNext } from '../../app/safe-next.js';

interface Providers {
  providers: Array<{ id: string; startUrl: string }>;
}

/** "Đăng nhập bằng VNeID" (and the national portal) when the server has them switched on. */
export function FederatedLogin() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const [providers, setProviders] = useState<Providers['providers']>([]);
  const next = safeNext(params.get('next'), '/');
  const error = params.get('error');

  useEffect(() => {
    const controller = new AbortController();
    api<Providers>('/api/v1/auth/federated', { signal: controller.signal })
      .then((r) => setProviders(r.providers))
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
