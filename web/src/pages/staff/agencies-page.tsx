import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiProblem } from '../../api/client.js';
import { type AgencyPage, listAgencies } from '../../api/directory.js';
import { useSession } from '../../api/session.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { ProblemNotice } from '../../components/problem-notice.js';
import { SearchBox } from '../../components/search-box.js';
import { formatDate } from '../../format/date.js';
import { StaffGate } from './staff-gate.js';

export function AgenciesPage() {
  const { t } = useTranslation();
  return (
    <StaffGate title={t('staff.agencies.title')}>
      <AgencyList />
    </StaffGate>
  );
}

type State =
  | { status: 'loading' }
  | { status: 'error'; problem: ApiProblem }
  | { status: 'ready'; page: AgencyPage };

function AgencyList() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const [draft, setDraft] = useState(q);
  const [state, setState] = useState<State>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const session = useSession();
  const isCityAdmin =
    session.status === 'signed-in' && session.me.grants.some((g) => g.role === 'city_admin');
  usePageTitle(t('staff.agencies.title'));

  useEffect(() => setDraft(q), [q]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt re-runs the same query on "Thử lại"
  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    listAgencies(q, undefined, controller.signal)
      .then((page) => setState({ status: 'ready', page }))
      .catch((error: unknown) => {
        if (error instanceof ApiProblem) setState({ status: 'error', problem: error });
      });
    return () => controller.abort();
  }, [q, attempt]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setParams(draft.trim() ? { q: draft.trim() } : {});
  };

  const loadMore = async () => {
    if (state.status !== 'ready' || !state.page.nextCursor) return;
    try {
      const more = await listAgencies(q, state.page.nextCursor);
      setState({
        status: 'ready',
        page: { items: [...state.page.items, ...more.items], nextCursor: more.nextCursor },
      });
    } catch (error) {
      if (error instanceof ApiProblem) setState({ status: 'error', problem: error });
      else throw error;
    }
  };

  return (
    <>
      <PageHeading>{t('staff.agencies.title')}</PageHeading>
      <p className="actions">
        <Link className="button" to="/can-bo/co-quan/moi">
          {t('staff.agencies.add')}
        </Link>
        <Link className="button button--secondary" to="/can-bo/nhan-su">
          {t('staffPeople.title')}
        </Link>
        {isCityAdmin && (
          <Link className="button button--secondary" to="/can-bo/ung-dung">
            {t('oidcClients.agenciesLink')}
          </Link>
        )}
      </p>
      <SearchBox
        id="agencies-q"
        label={t('staff.agencies.searchLabel')}
        value={draft}
        onChange={setDraft}
        onSubmit={onSubmit}
      />
      {state.status === 'loading' && <p className="loading">{t('common.loading')}</p>}
      {state.status === 'error' && (
        <ProblemNotice problem={state.problem} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {state.status === 'ready' && (
        <>
          <div className="table-wrap">
            <table className="table">
              <caption>{q ? t('staff.agencies.captionQuery', { q }) : t('staff.agencies.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('staff.agencies.colName')}</th>
                  <th scope="col">{t('staff.agencies.colCode')}</th>
                  <th scope="col">{t('staff.agencies.colType')}</th>
                  <th scope="col">{t('staff.agencies.colUpdated')}</th>
                </tr>
              </thead>
              <tbody>
                {state.page.items.map((agency) => (
                  <tr key={agency.id}>
                    <td>
                      <Link to={`/can-bo/co-quan/${agency.id}`}>{agency.name}</Link>
                    </td>
                    <td className="mono">{agency.code}</td>
                    <td>{t(`directory.agencyType.${agency.type}`, { defaultValue: agency.type })}</td>
                    <td>{formatDate(agency.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {state.page.items.length === 0 && <p>{t('directory.noAgencies')}</p>}
          {state.page.nextCursor && (
            <button type="button" className="button button--secondary" onClick={() => void loadMore()}>
              {t('directory.moreAgencies')}
            </button>
          )}
        </>
      )}
    </>
  );
}
