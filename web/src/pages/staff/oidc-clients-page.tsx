import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { clientScopes, listOidcClients, type OidcClient } from '../../api/oidc-clients.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { ProblemNotice } from '../../components/problem-notice.js';
import { useLoad } from '../../components/use-load.js';
import { CityAdminGate } from './city-admin-gate.js';
import { StaffGate } from './staff-gate.js';
import './oidc-clients.css';

/** "Ứng dụng dùng Đăng nhập bằng Công dân số": the OIDC clients the city administrator registered. */
export function OidcClientsPage() {
  const { t } = useTranslation();
  return (
    <StaffGate title={t('oidcClients.title')}>
      <OidcClients />
    </StaffGate>
  );
}

function OidcClients() {
  const { t } = useTranslation();
  usePageTitle(t('oidcClients.title'));
  return (
    <>
      <p>
        <Link className="back-link" to="/can-bo/co-quan">
          {t('staff.agencies.title')}
        </Link>
      </p>
      <PageHeading>{t('oidcClients.title')}</PageHeading>
      <p className="lead">{t('oidcClients.intro')}</p>
      <CityAdminGate
        refusal={
          <div className="notice">
            <p>{t('oidcClients.notAdmin')}</p>
          </div>
        }
      >
        <p className="actions">
          <Link className="button" to="/can-bo/ung-dung/moi">
            {t('oidcClients.add')}
          </Link>
        </p>
        <ClientList />
      </CityAdminGate>
    </>
  );
}

function ClientList() {
  const { t } = useTranslation();
  const { data, problem, reload } = useLoad(listOidcClients);
  if (problem) return <ProblemNotice problem={problem} onRetry={() => void reload()} />;
  if (!data) return <p className="loading">{t('common.loading')}</p>;
  if (data.length === 0) return <p>{t('oidcClients.none')}</p>;
  return (
    <div className="table-wrap">
      <table className="table table--stack clients-table">
        <caption>{t('oidcClients.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('oidcClients.col.name')}</th>
            <th scope="col">{t('oidcClients.col.clientId')}</th>
            <th scope="col">{t('oidcClients.col.status')}</th>
            <th scope="col">{t('oidcClients.col.data')}</th>
          </tr>
        </thead>
        <tbody>
          {data.map((client) => (
            <tr key={client.clientId}>
              <td>
                <Link className="clients-name" to={`/can-bo/ung-dung/${encodeURIComponent(client.clientId)}`}>
                  {client.name}
                </Link>
              </td>
              <td data-label={t('oidcClients.col.clientId')}>
                <span className="mono">{client.clientId}</span>
              </td>
              <td data-label={t('oidcClients.col.status')}>
                <ClientStatus client={client} />
              </td>
              <td data-label={t('oidcClients.col.data')}>{scopeSummary(client, t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Word + icon + colour (UX.md rule 5). */
export function ClientStatus({ client }: { client: OidcClient }) {
  const { t } = useTranslation();
  return client.disabledAt ? (
    <span className="client-status client-status--disabled">✕ {t('oidcClients.status.disabled')}</span>
  ) : (
    <span className="client-status client-status--active">✓ {t('oidcClients.status.active')}</span>
  );
}

/** The allowed scopes in plain words, in the form's order: "Mã định danh tài khoản, Họ và tên". */
function scopeSummary(client: OidcClient, t: (key: string) => string): string {
  return clientScopes
    .filter((s) => client.scopes.includes(s))
    .map((s) => t(`oidcClients.scope.${s}`))
    .join(', ');
}
