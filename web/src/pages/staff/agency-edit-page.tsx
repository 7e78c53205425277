import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ApiProblem } from '../../api/client.js';
import { type Agency, getAgency } from '../../api/directory.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { ProblemNotice } from '../../components/problem-notice.js';
import { AgencyForm } from './agency-form.js';
import { StaffGate } from './staff-gate.js';
import { StaffRolesSection } from './staff-roles-section.js';
import { useCommuneUnits } from './use-units.js';

export function AgencyEditPage() {
  const { t } = useTranslation();
  return (
    <StaffGate title={t('staff.agencies.title')}>
      <AgencyEditor />
    </StaffGate>
  );
}

type Loaded =
  | { status: 'loading' }
  | { status: 'error'; problem: ApiProblem }
  | { status: 'ready'; agency: Agency | null };

/** /can-bo/co-quan/moi creates an agency; /can-bo/co-quan/:id edits it and manages its staff roles. */
function AgencyEditor() {
  const { t } = useTranslation();
  const { id } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const [justSaved, setJustSaved] = useState((location.state as { saved?: boolean } | null)?.saved === true);
  const { units } = useCommuneUnits();
  const [loaded, setLoaded] = useState<Loaded>(
    id ? { status: 'loading' } : { status: 'ready', agency: null },
  );
  const [formHasErrors, setFormHasErrors] = useState(false);

  useEffect(() => {
    if (!id) {
      setLoaded({ status: 'ready', agency: null });
      return;
    }
    const controller = new AbortController();
    setLoaded({ status: 'loading' });
    getAgency(id, controller.signal)
      .then((agency) => setLoaded({ status: 'ready', agency }))
      .catch((error: unknown) => {
        if (error instanceof ApiProblem) setLoaded({ status: 'error', problem: error });
      });
    return () => controller.abort();
  }, [id]);

  const agency = loaded.status === 'ready' ? loaded.agency : null;
  const title = agency ? agency.name : id ? t('staff.agency.editTitle') : t('staff.agency.newTitle');
  usePageTitle(title, formHasErrors);

  return (
    <>
      <p>
        <Link className="back-link" to="/can-bo/co-quan">
          {t('staff.agency.back')}
        </Link>
      </p>
      <PageHeading>{title}</PageHeading>
      {justSaved && <SavedNotice key={agency?.updatedAt} />}
      {loaded.status === 'loading' && <p className="loading">{t('common.loading')}</p>}
      {loaded.status === 'error' && <ProblemNotice problem={loaded.problem} />}
      {loaded.status === 'ready' && (
        <>
          <AgencyForm
            key={agency?.updatedAt ?? 'new'}
            agency={agency}
            units={units}
            onErrorsChange={setFormHasErrors}
            onSaved={(saved) => {
              if (id) {
                setLoaded({ status: 'ready', agency: saved });
                setJustSaved(true);
              } else {
                navigate(`/can-bo/co-quan/${saved.id}`, { state: { saved: true } });
              }
            }}
          />
          {agency && <StaffRolesSection agencyId={agency.id} units={units} />}
          {agency && (
            <p>
              <Link to={`/can-bo/nhan-su?${new URLSearchParams({ agencyId: agency.id })}`}>
                {t('staffPeople.agenciesLink')}
              </Link>
            </p>
          )}
        </>
      )}
    </>
  );
}

function SavedNotice() {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="notice notice--success" role="status" tabIndex={-1} ref={ref}>
      <p className="notice__title">✓ {t('staff.agency.saved')}</p>
    </div>
  );
}
