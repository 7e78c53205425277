import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client.js';
import {
  type AuthMethod,
  authMethods,
  type ClientScope,
  clientScopes,
  createOidcClient,
  type OidcClient,
  type OidcClientInput,
  updateOidcClient,
} from '../../api/oidc-clients.js';
import { isMember } from '../../api/types.js';
import { ErrorSummary, type FieldError } from '../../components/error-summary.js';
import { TextField } from '../../components/text-field.js';
import { TextAreaField } from '../../components/textarea-field.js';
import { useFormErrors } from '../../components/use-form-errors.js';

const ids = {
  clientId: 'client-id',
  name: 'client-name',
  purpose: 'client-purpose',
  redirectUris: 'client-redirect-uris',
  postLogoutRedirectUris: 'client-post-logout-uris',
  /** A group's errors point at its first option (GOV.UK error summary pattern). */
  scopes: 'client-scope-openid',
  tokenEndpointAuthMethod: 'client-method-client_secret_basic',
  jwks: 'client-jwks',
} as const;
type FieldName = keyof typeof ids;

/** Fields whose value is one address per line: a server pointer /body/<field>/<index> names the line. */
const lineFields = new Set<FieldName>(['redirectUris', 'postLogoutRedirectUris']);

const clientIdPattern = /^[a-z0-9][a-z0-9-]{2,63}$/;

interface Props {
  /** null: register a new application. */
  client: OidcClient | null;
  onCreated: (client: OidcClient, secret: string | null) => void;
  onSaved: (client: OidcClient) => void;
  onErrorsChange: (has: boolean) => void;
}

export function OidcClientForm({ client, onCreated, onSaved, onErrorsChange }: Props) {
  const { t } = useTranslation();
  const { errors, problem, attempt, fail } = useFormErrors(onErrorsChange);
  const [pending, setPending] = useState(false);
  const savedMethod = client?.tokenEndpointAuthMethod;
  const [method, setMethod] = useState<AuthMethod>(
    isMember(authMethods, savedMethod) ? savedMethod : 'client_secret_basic',
  );

  /** A server problem's field errors on this form's inputs, with the line number for address lists. */
  const fromProblem = (error: ApiProblem): FieldError[] =>
    error.errors.map((e) => {
      const [, name = '', index] = e.pointer.replace(/^\/body/, '').split('/');
      const field = name in ids ? (name as FieldName) : null;
      if (!field) return { field: '', message: e.message };
      const line = index !== undefined && lineFields.has(field) ? Number(index) + 1 : null;
      return {
        field: ids[field],
        message: line ? t('oidcClients.form.line', { line, message: e.message }) : e.message,
      };
    });

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    const { input, local } = readForm(data, method, client === null, t);
    if (local.length) return fail(local, null);
    setPending(true);
    try {
      if (client) {
        const { clientId: _, tokenEndpointAuthMethod: __, ...changes } = input;
        const saved = await updateOidcClient(client.clientId, changes);
        fail([], null);
        onSaved(saved);
      } else {
        const { clientSecret, ...created } = await createOidcClient(input);
        fail([], null);
        onCreated(created, clientSecret);
      }
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      if (error.code === 'identity.client_exists') {
        fail([{ field: ids.clientId, message: error.detail ?? error.title }], null);
      } else {
        fail(fromProblem(error), error);
      }
    } finally {
      setPending(false);
    }
  };

  /** Every message for a field (an address list may have several bad lines). */
  const errorOf = (field: string) =>
    errors
      .filter((e) => e.field === field)
      .map((e) => e.message)
      .join(' ') || undefined;

  const scopesError = errorOf(ids.scopes);
  const methodError = errorOf(ids.tokenEndpointAuthMethod);
  const selectedScopes = client?.scopes ?? ['openid'];

  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)} className="form client-form">
      <ErrorSummary id="client-errors" errors={errors} problem={problem} attempt={attempt} />
      <TextField
        id={ids.name}
        label={t('oidcClients.form.name')}
        hint={t('oidcClients.form.nameHint')}
        defaultValue={client?.name}
        error={errorOf(ids.name)}
        maxLength={200}
        autoComplete="off"
      />
      {!client && (
        <TextField
          id={ids.clientId}
          label={t('oidcClients.form.clientId')}
          hint={t('oidcClients.form.clientIdHint')}
          optional
          error={errorOf(ids.clientId)}
          className="input--code"
          spellCheck={false}
          autoCapitalize="none"
          autoComplete="off"
        />
      )}
      <TextAreaField
        id={ids.purpose}
        label={t('oidcClients.form.purpose')}
        hint={t('oidcClients.form.purposeHint')}
        defaultValue={client?.purpose}
        error={errorOf(ids.purpose)}
        maxLength={1000}
        rows={3}
      />
      <TextAreaField
        id={ids.redirectUris}
        label={t('oidcClients.form.redirectUris')}
        hint={t('oidcClients.form.redirectUrisHint')}
        defaultValue={client?.redirectUris.join('\n')}
        error={errorOf(ids.redirectUris)}
        className="mono"
        rows={3}
        spellCheck={false}
        autoCapitalize="none"
        wrap="off"
      />
      <TextAreaField
        id={ids.postLogoutRedirectUris}
        label={t('oidcClients.form.postLogoutUris')}
        hint={t('oidcClients.form.postLogoutUrisHint')}
        optional
        defaultValue={client?.postLogoutRedirectUris.join('\n')}
        error={errorOf(ids.postLogoutRedirectUris)}
        className="mono"
        rows={2}
        spellCheck={false}
        autoCapitalize="none"
        wrap="off"
      />

      <div className={`field${scopesError ? ' field--error' : ''}`}>
        <fieldset className="fieldset" aria-describedby="client-scopes-hint">
          <legend className="fieldset__legend--small">{t('oidcClients.form.scopesLegend')}</legend>
          <p className="field__hint" id="client-scopes-hint">
            {t('oidcClients.form.scopesHint')}
          </p>
          {scopesError && (
            <p className="field__error" id="client-scopes-error">
              <span className="visually-hidden">{t('form.errorPrefix')} </span>
              {scopesError}
            </p>
          )}
          {clientScopes.map((scope) => {
            const id = `client-scope-${scope}`;
            return (
              <div className="checkbox" key={scope}>
                <input
                  id={id}
                  name="scopes"
                  type="checkbox"
                  value={scope}
                  defaultChecked={selectedScopes.includes(scope)}
                  aria-describedby={`${id}-hint${scopesError ? ' client-scopes-error' : ''}`}
                />
                <div>
                  <label htmlFor={id}>{t(`oidcClients.scope.${scope}`)}</label>
                  <p className="client-option__hint" id={`${id}-hint`}>
                    {t(`oidcClients.scopeHint.${scope}`)} {t('oidcClients.scopeName')}{' '}
                    <span className="mono">{scope}</span>
                  </p>
                </div>
              </div>
            );
          })}
        </fieldset>
      </div>

      {!client && (
        <div className={`field${methodError ? ' field--error' : ''}`}>
          <fieldset className="fieldset" aria-describedby="client-method-hint">
            <legend className="fieldset__legend--small">{t('oidcClients.form.methodLegend')}</legend>
            <p className="field__hint" id="client-method-hint">
              {t('oidcClients.form.methodFixed')}
            </p>
            {methodError && (
              <p className="field__error" id="client-method-error">
                <span className="visually-hidden">{t('form.errorPrefix')} </span>
                {methodError}
              </p>
            )}
            {authMethods.map((m) => {
              const id = `client-method-${m}`;
              return (
                <div className="radio" key={m}>
                  <input
                    id={id}
                    name="tokenEndpointAuthMethod"
                    type="radio"
                    value={m}
                    checked={method === m}
                    onChange={() => setMethod(m)}
                    aria-describedby={`${id}-hint`}
                  />
                  <div>
                    <label htmlFor={id}>{t(`oidcClients.method.${m}`)}</label>
                    <p className="client-option__hint" id={`${id}-hint`}>
                      {t(`oidcClients.methodHint.${m}`)}
                    </p>
                  </div>
                </div>
              );
            })}
          </fieldset>
        </div>
      )}

      {method === 'private_key_jwt' && (
        <TextAreaField
          id={ids.jwks}
          label={t('oidcClients.form.jwks')}
          hint={t('oidcClients.form.jwksHint')}
          defaultValue={client?.jwks ? JSON.stringify(client.jwks, null, 2) : ''}
          error={errorOf(ids.jwks)}
          className="textarea--code"
          rows={8}
          spellCheck={false}
          autoCapitalize="none"
        />
      )}

      <button className="button" type="submit" aria-disabled={pending || undefined}>
        {client
          ? pending
            ? t('common.saving')
            : t('oidcClients.form.save')
          : pending
            ? t('oidcClients.form.creating')
            : t('oidcClients.form.create')}
      </button>
    </form>
  );
}

/** The form's values as the API wants them, and what is plainly missing before asking the server. */
function readForm(
  data: FormData,
  method: AuthMethod,
  isNew: boolean,
  t: TFunction,
): { input: OidcClientInput; local: FieldError[] } {
  const text = (id: string) => String(data.get(id) ?? '').trim();
  const lines = (id: string) =>
    text(id)
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
  const local: FieldError[] = [];
  const input: OidcClientInput = {
    name: text(ids.name),
    purpose: text(ids.purpose),
    redirectUris: lines(ids.redirectUris),
    postLogoutRedirectUris: lines(ids.postLogoutRedirectUris),
    scopes: data.getAll('scopes').filter((scope): scope is ClientScope => isMember(clientScopes, scope)),
    tokenEndpointAuthMethod: method,
  };
  if (!input.name) local.push({ field: ids.name, message: t('oidcClients.form.nameRequired') });
  if (isNew) {
    const clientId = text(ids.clientId);
    if (clientId && !clientIdPattern.test(clientId)) {
      local.push({ field: ids.clientId, message: t('oidcClients.form.clientIdInvalid') });
    }
    if (clientId) input.clientId = clientId;
  }
  if (!input.purpose) local.push({ field: ids.purpose, message: t('oidcClients.form.purposeRequired') });
  if (input.redirectUris.length === 0) {
    local.push({ field: ids.redirectUris, message: t('oidcClients.form.redirectUrisRequired') });
  }
  for (const field of ['redirectUris', 'postLogoutRedirectUris'] as const) {
    input[field]?.forEach((uri, i) => {
      if (!isAbsoluteUrl(uri))
        local.push({ field: ids[field], message: t('oidcClients.form.notUrl', { line: i + 1 }) });
    });
  }
  if (!input.scopes.includes('openid')) {
    local.push({ field: ids.scopes, message: t('oidcClients.form.openidRequired') });
  }
  if (method === 'private_key_jwt') {
    const raw = text(ids.jwks);
    if (!raw) local.push({ field: ids.jwks, message: t('oidcClients.form.jwksRequired') });
    else {
      const jwks = parseJwks(raw);
      if (jwks === undefined) local.push({ field: ids.jwks, message: t('oidcClients.form.jwksInvalid') });
      else input.jwks = jwks;
    }
  }
  return { input, local };
}

function isAbsoluteUrl(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** A JSON object with a `keys` array; the server checks the keys themselves. */
/** A JSON object with a `keys` array; the server checks each key and says which one is wrong. */
function parseJwks(raw: string): OidcClientInput['jwks'] {
  try {
    const value: unknown = JSON.parse(raw);
    const keys = (value as { keys?: unknown } | null)?.keys;
    return Array.isArray(keys) ? (value as OidcClientInput['jwks']) : undefined;
  } catch {
    return undefined;
  }
}
