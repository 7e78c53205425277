import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { ApiProblem } from '../../api/client.js';
import { type Agency, getAgency, listAgencies } from '../../api/directory.js';
import { type Me, refreshSession, useSession } from '../../api/session.js';
import {
  disableStaff,
  enableStaff,
  listStaff,
  renewStaffInvitation,
  resetStaffTotp,
  type StaffInvitation,
  type StaffMember,
  type StaffPage,
} from '../../api/staff-people.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { ProblemNotice } from '../../components/problem-notice.js';
import { formatDateTime } from '../../format/date.js';
import { InvitationLink } from './invitation-link.js';
import { StaffGate } from './staff-gate.js';
import { InviteStaffForm } from './staff-invite-form.js';
import { useCommuneUnits } from './use-units.js';
import './staff-people.css';
import { SearchBox } from '../../components/search-box.js';

/** "Quản lý cán bộ": an agency's staff accounts, invitations, disable / enable, authenticator reset. */
export function StaffPeoplePage() {
  const { t } = useTranslation();
  return (
    <StaffGate title={t('staffPeople.title')}>
      <StaffPeople />
    </StaffGate>
  );
}

function StaffPeople() {
  const { t } = useTranslation();
  const session = useSession();
  const [params] = useSearchParams();
  const [hasErrors, setHasErrors] = useState(false);
  usePageTitle(t('staffPeople.title'), hasErrors);
  if (session.status !== 'signed-in') return null;
  const { me } = session;
  const isCityAdmin = me.grants.some((g) => g.role === 'city_admin');
  const own = [...new Set(me.grants.filter((g) => g.role === 'agency_admin').map((g) => g.agencyId))];
  const onlyOne = !isCityAdmin && own.length === 1 ? own[0] : undefined;
  const agencyId = params.get('agencyId') ?? onlyOne ?? null;

  return (
    <>
      <p>
        <Link className="back-link" to="/can-bo/co-quan">
          {t('staffPeople.back')}
        </Link>
      </p>
      <PageHeading>{t('staffPeople.title')}</PageHeading>
      <p className="lead">{t('staffPeople.intro')}</p>
      {!isCityAdmin && own.length === 0 ? (
        <div className="notice">
          <p>{t('staffPeople.notAdmin')}</p>
        </div>
      ) : agencyId ? (
        <AgencyStaff
          key={agencyId}
          agencyId={agencyId}
          me={me}
          canChange={!onlyOne}
          onErrorsChange={setHasErrors}
        />
      ) : (
        <AgencyChooser own={own} isCityAdmin={isCityAdmin} />
      )}
    </>
  );
}

/** Agency admins pick one of their agencies; a city admin searches the directory for any agency. */
function AgencyChooser({ own, isCityAdmin }: { own: string[]; isCityAdmin: boolean }) {
  const { t } = useTranslation();
  const [mine, setMine] = useState<Agency[] | null>(null);
  const [found, setFound] = useState<{ q: string; items: Agency[] } | null>(null);
  const [problem, setProblem] = useState<ApiProblem | null>(null);
  const [draft, setDraft] = useState('');
  const ownKey = own.join(',');

  useEffect(() => {
    const controller = new AbortController();
    Promise.all(ownKey ? ownKey.split(',').map((id) => getAgency(id, controller.signal)) : [])
      .then(setMine)
      .catch((error: unknown) => {
        if (error instanceof ApiProblem) setProblem(error);
      });
    return () => controller.abort();
  }, [ownKey]);

  const search = useCallback(async (q: string) => {
    try {
      setFound({ q, items: (await listAgencies(q)).items });
      setProblem(null);
    } catch (error) {
      if (error instanceof ApiProblem) setProblem(error);
      else throw error;
    }
  }, []);

  useEffect(() => {
    if (isCityAdmin) void search('');
  }, [isCityAdmin, search]);

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    void search(draft.trim());
  };

  return (
    <section className="section" aria-labelledby="choose-agency-heading">
      <h2 id="choose-agency-heading">{t('staffPeople.chooseHeading')}</h2>
      {problem && <ProblemNotice problem={problem} />}
      {own.length > 0 && (
        <>
          <h3>{t('staffPeople.ownAgencies')}</h3>
          {mine === null && !problem && <p className="loading">{t('common.loading')}</p>}
          {mine && <AgencyLinks agencies={mine} />}
        </>
      )}
      {isCityAdmin && (
        <>
          <SearchBox
            id="people-agency-q"
            label={t('staffPeople.agencySearchLabel')}
            value={draft}
            onChange={setDraft}
            onSubmit={onSearch}
          />
          {found && (
            <>
              <h3 aria-live="polite">
                {found.q ? t('staffPeople.agencyResults', { q: found.q }) : t('staffPeople.allAgencies')}
              </h3>
              {found.items.length ? (
                <AgencyLinks agencies={found.items} />
              ) : (
                <p>{t('staffPeople.noAgencies')}</p>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}

function AgencyLinks({ agencies }: { agencies: Agency[] }) {
  return (
    <ul className="result-list">
      {agencies.map((a) => (
        <li key={a.id} className="result">
          <Link className="result__name" to={`?${new URLSearchParams({ agencyId: a.id })}`}>
            {a.name}
          </Link>
          <p className="result__meta mono">{a.code}</p>
        </li>
      ))}
    </ul>
  );
}

type ListState =
  | { status: 'loading' }
  | { status: 'error'; problem: ApiProblem }
  /** `q`: the query this page answers, so a new search never shows under the old results. */
  | { status: 'ready'; page: StaffPage; q: string };

type Pending = { id: string; action: 'disable' | 'reset' } | null;

/** One agency: its staff list with row actions, the one-time link of a new invitation, the invite form. */
function AgencyStaff({
  agencyId,
  me,
  canChange,
  onErrorsChange,
}: {
  agencyId: string;
  me: Me;
  canChange: boolean;
  onErrorsChange: (has: boolean) => void;
}) {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const [draft, setDraft] = useState(q);
  const [agency, setAgency] = useState<Agency | null>(null);
  const [agencyProblem, setAgencyProblem] = useState<ApiProblem | null>(null);
  const [state, setState] = useState<ListState>({ status: 'loading' });
  const [actionProblem, setActionProblem] = useState<ApiProblem | null>(null);
  const [message, setMessage] = useState('');
  const [pending, setPending] = useState<Pending>(null);
  const [link, setLink] = useState<{ name: string; invitation: StaffInvitation } | null>(null);
  const { units } = useCommuneUnits();
  const messageRef = useRef<HTMLDivElement>(null);

  useEffect(() => setDraft(q), [q]);

  useEffect(() => {
    const controller = new AbortController();
    getAgency(agencyId, controller.signal)
      .then(setAgency)
      .catch((error: unknown) => {
        if (error instanceof ApiProblem) setAgencyProblem(error);
      });
    return () => controller.abort();
  }, [agencyId]);

  const load = useCallback(
    async (signal?: AbortSignal) => {
      try {
        const page = await listStaff(agencyId, q, undefined, signal);
        setState({ status: 'ready', page, q });
      } catch (error) {
        if (error instanceof ApiProblem) {
          // A session ended elsewhere: the gate asks for sign-in again.
          if (error.status === 401) void refreshSession();
          setState({ status: 'error', problem: error });
        } else if (!(error instanceof DOMException)) throw error;
      }
    },
    [agencyId, q],
  );

  useEffect(() => {
    const controller = new AbortController();
    setState({ status: 'loading' });
    void load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const loadMore = async () => {
    if (state.status !== 'ready' || !state.page.nextCursor) return;
    try {
      const more = await listStaff(agencyId, state.q, state.page.nextCursor);
      setState({
        ...state,
        page: { items: [...state.page.items, ...more.items], nextCursor: more.nextCursor },
      });
    } catch (error) {
      if (error instanceof ApiProblem) setActionProblem(error);
      else throw error;
    }
  };

  const announce = (text: string) => {
    setMessage(text);
    // After the row changes, the pressed button is gone: focus the outcome instead of the page top.
    requestAnimationFrame(() => messageRef.current?.focus());
  };

  const act = async (run: () => Promise<unknown>, done: string) => {
    try {
      await run();
      setActionProblem(null);
      setPending(null);
      announce(done);
      await load();
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      setActionProblem(error);
      setPending(null);
    }
  };

  const renew = async (member: StaffMember) => {
    try {
      const invitation = await renewStaffInvitation(member.id);
      setActionProblem(null);
      setMessage('');
      setLink({ name: member.fullName, invitation });
      await load();
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      setActionProblem(error);
    }
  };

  const onSearch = (event: FormEvent) => {
    event.preventDefault();
    const next = new URLSearchParams(params);
    if (draft.trim()) next.set('q', draft.trim());
    else next.delete('q');
    setParams(next);
  };

  const agencyName = agency?.name ?? '';
  const wardName = (code: string) => units.find((u) => u.code === code)?.name ?? code;

  return (
    <>
      <div className="people-agency">
        <p>
          {t('staffPeople.agencyLabel')} <strong>{agencyName || t('common.loading')}</strong>
        </p>
        <p className="actions">
          {canChange && <Link to="?">{t('staffPeople.changeAgency')}</Link>}
          <Link to={`/can-bo/co-quan/${encodeURIComponent(agencyId)}`}>{t('staffPeople.rolesLink')}</Link>
        </p>
      </div>
      {agencyProblem && <ProblemNotice problem={agencyProblem} />}

      <div ref={messageRef} tabIndex={-1} role="status" className="people-message">
        {message && (
          <div className="notice notice--success">
            <p className="notice__title">✓ {message}</p>
          </div>
        )}
      </div>
      {actionProblem && <ProblemNotice problem={actionProblem} />}
      {link && <InvitationLink name={link.name} invitation={link.invitation} onDone={() => setLink(null)} />}

      <section className="section" aria-labelledby="people-list-heading">
        <h2 id="people-list-heading">{t('staffPeople.listHeading')}</h2>
        <SearchBox
          id="people-q"
          label={t('staffPeople.searchLabel')}
          value={draft}
          onChange={setDraft}
          onSubmit={onSearch}
        />
        {state.status === 'loading' && <p className="loading">{t('common.loading')}</p>}
        {state.status === 'error' && <ProblemNotice problem={state.problem} onRetry={() => void load()} />}
        {state.status === 'ready' && state.page.items.length === 0 && (
          <p>{state.q ? t('staffPeople.noneQuery', { q: state.q }) : t('staffPeople.none')}</p>
        )}
        {state.status === 'ready' && state.page.items.length > 0 && (
          <div className="table-wrap">
            <table className="table table--stack people-table">
              <caption>
                {state.q
                  ? t('staffPeople.captionQuery', { agency: agencyName, q: state.q })
                  : t('staffPeople.caption', { agency: agencyName })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('staffPeople.col.name')}</th>
                  <th scope="col">{t('staffPeople.col.roles')}</th>
                  <th scope="col">{t('staffPeople.col.status')}</th>
                  <th scope="col">{t('staffPeople.col.app')}</th>
                  <th scope="col">{t('staffPeople.col.lastSignIn')}</th>
                  <th scope="col">{t('staffPeople.col.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {state.page.items.map((member) => (
                  <tr key={member.id}>
                    <td>
                      <span className="people-name">{member.fullName}</span>
                      {member.id === me.id && <span className="muted"> {t('staffPeople.you')}</span>}
                      {member.email && <span className="people-email mono">{member.email}</span>}
                    </td>
                    <td data-label={t('staffPeople.col.roles')}>
                      {member.roles.length === 0 ? (
                        <span className="muted">{t('staffPeople.noRoles')}</span>
                      ) : (
                        <ul className="people-roles">
                          {member.roles.map((r) => (
                            <li key={`${r.role}:${r.wardCode ?? ''}`}>
                              {t(`staff.roles.name.${r.role}`, { defaultValue: r.role })}
                              {r.wardCode && <span className="muted"> · {wardName(r.wardCode)}</span>}
                            </li>
                          ))}
                        </ul>
                      )}
                    </td>
                    <td data-label={t('staffPeople.col.status')}>
                      <StatusCell member={member} />
                    </td>
                    <td data-label={t('staffPeople.col.app')}>
                      {member.totpEnrolled ? (
                        <span className="people-yes">✓ {t('staffPeople.app.yes')}</span>
                      ) : (
                        <span className="people-no">✗ {t('staffPeople.app.no')}</span>
                      )}
                    </td>
                    <td data-label={t('staffPeople.col.lastSignIn')}>
                      {member.lastSignInAt ? (
                        formatDateTime(member.lastSignInAt)
                      ) : (
                        <span className="muted">{t('staffPeople.neverSignedIn')}</span>
                      )}
                    </td>
                    <td>
                      <RowActions
                        member={member}
                        isSelf={member.id === me.id}
                        pending={pending?.id === member.id ? pending.action : null}
                        onAsk={(action) => setPending({ id: member.id, action })}
                        onCancel={() => setPending(null)}
                        onDisable={() =>
                          void act(
                            () => disableStaff(member.id),
                            t('staffPeople.disabledDone', { name: member.fullName }),
                          )
                        }
                        onEnable={() =>
                          void act(
                            () => enableStaff(member.id),
                            t('staffPeople.enabledDone', { name: member.fullName }),
                          )
                        }
                        onReset={() =>
                          void act(
                            () => resetStaffTotp(member.id),
                            t('staffPeople.resetDone', { name: member.fullName }),
                          )
                        }
                        onRenew={() => void renew(member)}
                      />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {state.status === 'ready' && state.page.nextCursor && (
          <button type="button" className="button button--secondary" onClick={() => void loadMore()}>
            {t('staffPeople.more')}
          </button>
        )}
      </section>

      <InviteStaffForm
        agencyId={agencyId}
        onErrorsChange={onErrorsChange}
        onInvited={(name, invitation) => {
          setMessage('');
          setLink({ name, invitation });
          void load();
        }}
      />
    </>
  );
}

function StatusCell({ member }: { member: StaffMember }) {
  const { t } = useTranslation();
  if (member.status === 'disabled') {
    return (
      <span className="people-status people-status--disabled">✕ {t('staffPeople.status.disabled')}</span>
    );
  }
  if (member.status === 'active') {
    return <span className="people-status people-status--active">✓ {t('staffPeople.status.active')}</span>;
  }
  const until = member.invitationExpiresAt;
  if (!until || new Date(until).getTime() <= Date.now()) {
    return <span className="people-status people-status--invited">⚠ {t('staffPeople.status.expired')}</span>;
  }
  return (
    <>
      <span className="people-status people-status--invited">◷ {t('staffPeople.status.invited')}</span>
      <span className="people-note muted">
        {t('staffPeople.invitedUntil', { time: formatDateTime(until) })}
      </span>
    </>
  );
}

interface RowActionProps {
  member: StaffMember;
  isSelf: boolean;
  pending: 'disable' | 'reset' | null;
  onAsk: (action: 'disable' | 'reset') => void;
  onCancel: () => void;
  onDisable: () => void;
  onEnable: () => void;
  onReset: () => void;
  onRenew: () => void;
}

/** Disable and reset ask first (as revoking a role does); enable and a new link act at once. */
function RowActions({
  member,
  isSelf,
  pending,
  onAsk,
  onCancel,
  onDisable,
  onEnable,
  onReset,
  onRenew,
}: RowActionProps) {
  const { t } = useTranslation();
  const whose = <span className="visually-hidden"> {t('staffPeople.of', { name: member.fullName })}</span>;
  if (!member.canManage) return <span className="muted">{t('staffPeople.notManaged')}</span>;
  if (pending) {
    const isDisable = pending === 'disable';
    return (
      <div className="people-confirm">
        <p>
          {isDisable
            ? t('staffPeople.disableConfirmText', { name: member.fullName })
            : t('staffPeople.resetConfirmText', { name: member.fullName })}
        </p>
        <div className="actions">
          <button type="button" className="button button--warning" onClick={isDisable ? onDisable : onReset}>
            {isDisable ? t('staffPeople.confirmDisable') : t('staffPeople.confirmReset')}
            {whose}
          </button>
          <button type="button" className="button button--secondary" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="actions">
      {member.status === 'disabled' && (
        <button type="button" className="button button--secondary" onClick={onEnable}>
          {t('staffPeople.enable')}
          {whose}
        </button>
      )}
      {member.status === 'invited' && (
        <button type="button" className="button button--secondary" onClick={onRenew}>
          {t('staffPeople.newLink')}
          {whose}
        </button>
      )}
      {member.totpEnrolled && member.status !== 'disabled' && (
        <button type="button" className="button button--secondary" onClick={() => onAsk('reset')}>
          {t('staffPeople.resetApp')}
          {whose}
        </button>
      )}
      {member.status !== 'disabled' && !isSelf && (
        <button type="button" className="button button--secondary" onClick={() => onAsk('disable')}>
          {t('staffPeople.disable')}
          {whose}
        </button>
      )}
    </div>
  );
}
