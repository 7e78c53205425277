import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiProblem } from '../../api/client.js';
import {
  getOidcClient,
  type OidcClient,
  renewOidcClientSecret,
  updateOidcClient,
} from '../../api/oidc-clients.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { ConfirmAction } from '../../components/confirm-action.js';
import { ProblemNotice } from '../../components/problem-notice.js';
import { signedOutByServer } from '../../components/use-load.js';
import { formatDateTime } from '../../format/date.js';
import { CityAdminGate } from './city-admin-gate.js';
import { ClientSecretPanel } from './client-secret-panel.js';
import { OidcClientForm } from './oidc-client-form.js';
import { ClientStatus } from './oidc-clients-page.js';
import { StaffGate } from './staff-gate.js';
import './oidc-clients.css';

/** /can-bo/ung-dung/moi registers an application; /can-bo/ung-dung/:clientId changes, disables or re-keys it. */
export function OidcClientEditPage() {
  const { t } = useTranslation();
  const { clientId } = useParams();
  return (
    <StaffGate title={t('oidcClients.title')}>
      <CityAdminGate refusal={<NotAdmin />}>
        {clientId ? <ClientEditor key={clientId} clientId={clientId} /> : <ClientRegistration />}
      </CityAdminGate>
    </StaffGate>
  );
}

function NotAdmin() {
  const { t } = useTranslation();
  usePageTitle(t('oidcClients.title'));
  return (
    <>
      <PageHeading>{t('oidcClients.title')}</PageHeading>
      <div className="notice">
        <p>{t('oidcClients.notAdmin')}</p>
      </div>
    </>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <p>
      <Link className="back-link" to="/can-bo/ung-dung">
        {t('oidcClients.back')}
      </Link>
    </p>
  );
}

/** The form, then a confirmation that shows the new secret once (never put in the address or history). */
function ClientRegistration() {
  const { t } = useTranslation();
  const [hasErrors, setHasErrors] = useState(false);
  const [created, setCreated] = useState<{ client: OidcClient; secret: string | null } | null>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  const title = created ? t('oidcClients.created', { name: created.client.name }) : t('oidcClients.newTitle');
  usePageTitle(title, hasErrors);

  useEffect(() => {
    if (created && !created.secret) doneRef.current?.focus();
  }, [created]);

  if (!created) {
    return (
      <>
        <BackLink />
        <PageHeading>{title}</PageHeading>
        <OidcClientForm
          client={null}
          onErrorsChange={setHasErrors}
          onCreated={(client, secret) => setCreated({ client, secret })}
          onSaved={() => {}}
        />
      </>
    );
  }
  const { client, secret } = created;
  return (
    <>
      <BackLink />
      <PageHeading>{title}</PageHeading>
      <div className="notice notice--success" role="status" tabIndex={-1} ref={doneRef}>
        <p className="notice__title">✓ {title}</p>
        <p>{t('oidcClients.createdText', { clientId: client.clientId })}</p>
      </div>
      {secret && (
        <ClientSecretPanel
          name={client.name}
          secret={secret}
          onDone={() => {
            setCreated({ client, secret: null });
          }}
        />
      )}
      <p className="actions">
        <Link className="button" to={`/can-bo/ung-dung/${encodeURIComponent(client.clientId)}`}>
          {t('oidcClients.open')}
        </Link>
        <Link className="button button--secondary" to="/can-bo/ung-dung">
          {t('oidcClients.back')}
        </Link>
      </p>
    </>
  );
}

type Loaded =
  | { status: 'loading' }
  | { status: 'error'; problem: ApiProblem }
  | { status: 'ready'; client: OidcClient };

function ClientEditor({ clientId }: { clientId: string }) {
  const { t } = useTranslation();
  const [loaded, setLoaded] = useState<Loaded>({ status: 'loading' });
  const [hasErrors, setHasErrors] = useState(false);
  /** Bumped on save only, so disabling or a new secret never resets unsaved edits in the form. */
  const [formVersion, setFormVersion] = useState(0);
  const [message, setMessage] = useState('');
  const [actionProblem, setActionProblem] = useState<ApiProblem | null>(null);
  const [pending, setPending] = useState<'disable' | 'enable' | 'renew' | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  /** Remounts the "new secret" question after each use, so it shows its button again. */
  const [renewRound, setRenewRound] = useState(0);
  const messageRef = useRef<HTMLDivElement>(null);
  const secretHeadingRef = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    const controller = new AbortController();
    getOidcClient(clientId, controller.signal)
      .then((client) => setLoaded({ status: 'ready', client }))
      .catch((error: unknown) => {
        if (signedOutByServer(error)) return;
        if (error instanceof ApiProblem) setLoaded({ status: 'error', problem: error });
      });
    return () => controller.abort();
  }, [clientId]);

  const client = loaded.status === 'ready' ? loaded.client : null;
  const title = client?.name ?? t('oidcClients.title');
  usePageTitle(title, hasErrors);

  const announce = (text: string) => {
    setMessage(text);
    requestAnimationFrame(() => messageRef.current?.focus());
  };

  const run = async <T,>(
    kind: 'disable' | 'enable' | 'renew',
    call: () => Promise<T>,
    done: (r: T) => void,
  ) => {
    if (pending) return;
    setPending(kind);
    try {
      const result = await call();
      setActionProblem(null);
      done(result);
    } catch (error) {
      if (signedOutByServer(error)) return;
      if (!(error instanceof ApiProblem)) throw error;
      setActionProblem(error);
    } finally {
      setPending(null);
    }
  };

  const setDisabled = (disabled: boolean) => {
    if (!client) return;
    void run(
      disabled ? 'disable' : 'enable',
      () => updateOidcClient(client.clientId, { disabled }),
      (updated) => {
        setLoaded({ status: 'ready', client: updated });
        announce(
          t(disabled ? 'oidcClients.disabledDone' : 'oidcClients.enabledDone', { name: updated.name }),
        );
      },
    );
  };

  const renew = () => {
    if (!client) return;
    void run(
      'renew',
      () => renewOidcClientSecret(client.clientId),
      ({ clientSecret }) => {
        setMessage('');
        setSecret(clientSecret);
        setRenewRound((n) => n + 1);
      },
    );
  };

  return (
    <>
      <BackLink />
      <PageHeading>{title}</PageHeading>
      {loaded.status === 'loading' && <p className="loading">{t('common.loading')}</p>}
      {loaded.status === 'error' && <ProblemNotice problem={loaded.problem} />}
      <div ref={messageRef} tabIndex={-1} role="status" className="client-message">
        {message && (
          <div className="notice notice--success">
            <p className="notice__title">✓ {message}</p>
          </div>
        )}
      </div>
      {actionProblem && <ProblemNotice problem={actionProblem} />}
      {client && (
        <>
          {secret && (
            <ClientSecretPanel
              name={client.name}
              secret={secret}
              onDone={() => {
                setSecret(null);
                requestAnimationFrame(() => secretHeadingRef.current?.focus());
              }}
            />
          )}
          <dl className="summary-list">
            <div className="summary-list__row">
              <dt>{t('oidcClients.clientIdLabel')}</dt>
              <dd className="mono">{client.clientId}</dd>
            </div>
            <div className="summary-list__row">
              <dt>{t('oidcClients.col.status')}</dt>
              <dd>
                <ClientStatus client={client} />
              </dd>
            </div>
            <div className="summary-list__row">
              <dt>{t('oidcClients.methodLabel')}</dt>
              <dd>{t(`oidcClients.method.${client.tokenEndpointAuthMethod}`)}</dd>
            </div>
            <div className="summary-list__row">
              <dt>{t('oidcClients.createdAt')}</dt>
              <dd>{formatDateTime(client.createdAt)}</dd>
            </div>
          </dl>

          <OidcClientForm
            key={formVersion}
            client={client}
            onErrorsChange={setHasErrors}
            onCreated={() => {}}
            onSaved={(saved) => {
              setLoaded({ status: 'ready', client: saved });
              setFormVersion((n) => n + 1);
              announce(t('oidcClients.saved'));
            }}
          />

          <section className="client-section" aria-labelledby="client-status-heading">
            <h2 id="client-status-heading">{t('oidcClients.statusHeading')}</h2>
            {client.disabledAt ? (
              <>
                <p>{t('oidcClients.disabledText', { time: formatDateTime(client.disabledAt) })}</p>
                <button
                  type="button"
                  className="button button--secondary"
                  aria-disabled={pending === 'enable' || undefined}
                  onClick={() => setDisabled(false)}
                >
                  {t('oidcClients.enable')}
                </button>
              </>
            ) : (
              <>
                <p>{t('oidcClients.activeText')}</p>
                <ConfirmAction
                  trigger={t('oidcClients.disable')}
                  title={t('oidcClients.disableTitle', { name: client.name })}
                  body={t('oidcClients.disableBody')}
                  confirm={
                    pending === 'disable' ? t('oidcClients.disabling') : t('oidcClients.disableConfirm')
                  }
                  pending={pending === 'disable'}
                  onConfirm={() => setDisabled(true)}
                />
              </>
            )}
          </section>

          <section className="client-section" aria-labelledby="client-secret-heading">
            <h2 id="client-secret-heading" tabIndex={-1} ref={secretHeadingRef}>
              {t('oidcClients.secretHeading')}
            </h2>
            {client.tokenEndpointAuthMethod === 'client_secret_basic' ? (
              <>
                <p>{t('oidcClients.secretIntro')}</p>
                <ConfirmAction
                  key={renewRound}
                  trigger={t('oidcClients.renew')}
                  title={t('oidcClients.renewTitle', { name: client.name })}
                  body={t('oidcClients.renewBody')}
                  confirm={pending === 'renew' ? t('oidcClients.renewing') : t('oidcClients.renewConfirm')}
                  pending={pending === 'renew'}
                  onConfirm={renew}
                />
              </>
            ) : (
              <p>{t(`oidcClients.noSecret.${client.tokenEndpointAuthMethod}`)}</p>
            )}
          </section>
        </>
      )}
    </>
  );
}
