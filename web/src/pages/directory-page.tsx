import type { TFunction } from 'i18next';
import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ApiProblem } from '../api/client.js';
import { type AgencyPage, listAgencies, listUnits, type UnitPage } from '../api/directory.js';
import { PageHeading, usePageTitle } from '../app/page.js';
import { AgencyContactLine } from '../components/agency-contact.js';
import { ProblemNotice } from '../components/problem-notice.js';
import { SearchBox } from '../components/search-box.js';

type Results =
  | { status: 'loading' }
  | { status: 'error'; problem: ApiProblem }
  | { status: 'ready'; query: string; units: UnitPage; agencies: AgencyPage };

/** Public list of Đà Nẵng's commune-level units and agencies; the query lives in the URL (?q=). */
export function DirectoryPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const [draft, setDraft] = useState(q);
  const [results, setResults] = useState<Results>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  usePageTitle(q ? t('directory.titleWithQuery', { q }) : t('directory.title'));

  useEffect(() => setDraft(q), [q]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: attempt re-runs the same search on "Thử lại"
  useEffect(() => {
    const controller = new AbortController();
    setResults({ status: 'loading' });
    Promise.all([listUnits(q, undefined, controller.signal), listAgencies(q, undefined, controller.signal)])
      .then(([units, agencies]) =>
        setResults({ status: 'ready', query: q, units: withoutCity(units), agencies }),
      )
      .catch((error: unknown) => {
        if (error instanceof ApiProblem) setResults({ status: 'error', problem: error });
        else if (!controller.signal.aborted) throw error;
      });
    return () => controller.abort();
  }, [q, attempt]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next = draft.trim();
    setParams(next ? { q: next } : {});
  };

  const loadMore = useCallback(
    async (kind: 'units' | 'agencies') => {
      if (results.status !== 'ready') return;
      const cursor = results[kind].nextCursor;
      if (!cursor) return;
      try {
        if (kind === 'units') {
          const more = await listUnits(q, cursor);
          setResults({
            ...results,
            units: { items: [...results.units.items, ...more.items], nextCursor: more.nextCursor },
          });
        } else {
          const more = await listAgencies(q, cursor);
          setResults({
            ...results,
            agencies: { items: [...results.agencies.items, ...more.items], nextCursor: more.nextCursor },
          });
        }
      } catch (error) {
        if (error instanceof ApiProblem) setResults({ status: 'error', problem: error });
        else throw error;
      }
    },
    [q, results],
  );

  return (
    <>
      <PageHeading>{t('directory.title')}</PageHeading>
      <p className="lead">{t('directory.lead')}</p>
      <SearchBox
        id="directory-q"
        label={t('directory.searchLabel')}
        hint={t('directory.searchHint')}
        value={draft}
        onChange={setDraft}
        onSubmit={onSubmit}
      />
      <p className="results-status" aria-live="polite">
        {results.status === 'loading'
          ? t('common.loading')
          : results.status === 'ready'
            ? summary(t, results.query, results.units, results.agencies)
            : ''}
      </p>
      {results.status === 'error' && (
        <ProblemNotice problem={results.problem} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {results.status === 'ready' && (
        <div className="directory">
          <section aria-labelledby="units-heading">
            <h2 id="units-heading">{t('directory.unitsHeading')}</h2>
            {results.units.items.length === 0 ? (
              <p>{t('directory.noUnits')}</p>
            ) : (
              <ul className="result-list">
                {results.units.items.map((unit) => (
                  <li key={unit.code} className="result">
                    <p className="result__name">{unit.name}</p>
                    <p className="result__meta">
                      {t(`directory.unitType.${unit.type}`, { defaultValue: unit.type })} ·{' '}
                      {t('directory.code', { code: unit.code })}
                    </p>
                  </li>
                ))}
              </ul>
            )}
            {results.units.nextCursor && (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => void loadMore('units')}
              >
                {t('directory.moreUnits')}
              </button>
            )}
          </section>
          <section aria-labelledby="agencies-heading">
            <h2 id="agencies-heading">{t('directory.agenciesHeading')}</h2>
            {results.agencies.items.length === 0 ? (
              <p>{t('directory.noAgencies')}</p>
            ) : (
              <ul className="result-list">
                {results.agencies.items.map((agency) => (
                  <li key={agency.id} className="result">
                    <p className="result__name">{agency.name}</p>
                    <p className="result__meta">
                      {t(`directory.agencyType.${agency.type}`, { defaultValue: agency.type })}
                    </p>
                    <AgencyContactLine contact={agency.contact} />
                  </li>
                ))}
              </ul>
            )}
            {results.agencies.nextCursor && (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => void loadMore('agencies')}
              >
                {t('directory.moreAgencies')}
              </button>
            )}
          </section>
        </div>
      )}
    </>
  );
}

function summary(t: TFunction, q: string, units: UnitPage, agencies: AgencyPage): string {
  const counts = {
    units: units.items.length + (units.nextCursor ? '+' : ''),
    agencies: agencies.items.length + (agencies.nextCursor ? '+' : ''),
  };
  return q ? t('directory.summaryForQuery', { q, ...counts }) : t('directory.summaryAll', counts);
}

/** The list is of commune-level units; the city itself is the frame of the page, not a row in it. */
function withoutCity(page: UnitPage): UnitPage {
  return { items: page.items.filter((unit) => unit.type !== 'city'), nextCursor: page.nextCursor };
}
