import { type FormEvent, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client.js';
import {
  type AdminUnit,
  grantStaffRole,
  listStaffRoles,
  revokeStaffRole,
  type StaffRole,
  staffRoleNames,
} from '../../api/directory.js';
import { isMember } from '../../api/types.js';
import { ErrorSummary, type FieldError, fieldErrorsFromProblem } from '../../components/error-summary.js';
import { ProblemNotice } from '../../components/problem-notice.js';
import { SelectField } from '../../components/select-field.js';
import { errorFor, TextField } from '../../components/text-field.js';
import { useFormErrors } from '../../components/use-form-errors.js';
import { formatDate } from '../../format/date.js';

const ids = { email: 'role-email', role: 'role-name', wardCode: 'role-ward' } as const;
const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Staff roles held at one agency: the list with "Thu hồi", and a form to grant one. */
export function StaffRolesSection({ agencyId, units }: { agencyId: string; units: AdminUnit[] }) {
  const { t } = useTranslation();
  const [roles, setRoles] = useState<StaffRole[] | null>(null);
  const [loadProblem, setLoadProblem] = useState<ApiProblem | null>(null);
  const [actionProblem, setActionProblem] = useState<ApiProblem | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const unitName = (code: string | null) =>
    code ? (units.find((u) => u.code === code)?.name ?? code) : t('staff.roles.allWards');

  const reload = useCallback(async () => {
    try {
      const page = await listStaffRoles(agencyId);
      setRoles(page.items);
      setLoadProblem(null);
    } catch (error) {
      if (error instanceof ApiProblem) setLoadProblem(error);
      else throw error;
    }
  }, [agencyId]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const revoke = async (roleId: string) => {
    try {
      await revokeStaffRole(agencyId, roleId);
      setActionProblem(null);
      setConfirming(null);
      await reload();
    } catch (error) {
      if (error instanceof ApiProblem) setActionProblem(error);
      else throw error;
    }
  };

  return (
    <section className="section" aria-labelledby="roles-heading">
      <h2 id="roles-heading">{t('staff.roles.heading')}</h2>
      {loadProblem && <ProblemNotice problem={loadProblem} onRetry={() => void reload()} />}
      {actionProblem && <ProblemNotice problem={actionProblem} />}
      {roles === null && !loadProblem && <p className="loading">{t('common.loading')}</p>}
      {roles && roles.length === 0 && <p>{t('staff.roles.none')}</p>}
      {roles && roles.length > 0 && (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('staff.roles.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('staff.roles.colAccount')}</th>
                <th scope="col">{t('staff.roles.colRole')}</th>
                <th scope="col">{t('staff.roles.colWard')}</th>
                <th scope="col">{t('staff.roles.colGranted')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('staff.roles.colActions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {roles.map((role) => (
                <tr key={role.id}>
                  <td>
                    {role.account ? (
                      <>
                        {role.account.fullName}
                        {role.account.email && <> · {role.account.email}</>}
                      </>
                    ) : (
                      <span className="mono">{role.accountId}</span>
                    )}
                  </td>
                  <td>{t(`staff.roles.name.${role.role}`, { defaultValue: role.role })}</td>
                  <td>{unitName(role.wardCode)}</td>
                  <td>{formatDate(role.grantedAt)}</td>
                  <td className="actions">
                    {confirming === role.id ? (
                      <>
                        <button
                          type="button"
                          className="button button--warning"
                          onClick={() => void revoke(role.id)}
                        >
                          {t('staff.roles.confirmRevoke')}
                        </button>
                        <button
                          type="button"
                          className="button button--secondary"
                          onClick={() => setConfirming(null)}
                        >
                          {t('common.cancel')}
                        </button>
                      </>
                    ) : (
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => setConfirming(role.id)}
                      >
                        {t('staff.roles.revoke')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <GrantRoleForm agencyId={agencyId} units={units} onGranted={() => void reload()} />
    </section>
  );
}

function GrantRoleForm({
  agencyId,
  units,
  onGranted,
}: {
  agencyId: string;
  units: AdminUnit[];
  onGranted: () => void;
}) {
  const { t } = useTranslation();
  const { errors, problem, attempt, fail } = useFormErrors();

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const email = String(data.get(ids.email) ?? '').trim();
    const chosen = String(data.get(ids.role) ?? '');
    const role = isMember(staffRoleNames, chosen) ? chosen : null;
    const wardCode = String(data.get(ids.wardCode) ?? '') || null;
    const local: FieldError[] = [];
    if (!emailPattern.test(email)) local.push({ field: ids.email, message: t('staff.roles.accountInvalid') });
    if (!role) local.push({ field: ids.role, message: t('staff.roles.roleRequired') });
    if (local.length || !role) return fail(local, null);
    try {
      await grantStaffRole(agencyId, { email, role, wardCode });
      fail([], null);
      form.reset();
      onGranted();
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      fail(fieldErrorsFromProblem(error, ids), error);
    }
  };

  return (
    <form noValidate className="form form--inset" onSubmit={(event) => void onSubmit(event)}>
      <h3>{t('staff.roles.grantHeading')}</h3>
      <ErrorSummary id="grant-errors" errors={errors} problem={problem} attempt={attempt} />
      <TextField
        id={ids.email}
        type="email"
        label={t('staff.roles.account')}
        hint={t('staff.roles.accountHint')}
        error={errorFor(errors, ids.email)}
        spellCheck={false}
        autoComplete="off"
      />
      <SelectField
        id={ids.role}
        label={t('staff.roles.role')}
        error={errorFor(errors, ids.role)}
        defaultValue=""
        options={[
          { value: '', label: t('staff.agency.choose') },
          ...staffRoleNames.map((r) => ({ value: r, label: t(`staff.roles.name.${r}`) })),
        ]}
      />
      <SelectField
        id={ids.wardCode}
        label={t('staff.roles.ward')}
        hint={t('staff.roles.wardHint')}
        optional
        defaultValue=""
        error={errorFor(errors, ids.wardCode)}
        options={[
          { value: '', label: t('staff.roles.allWards') },
          ...units.map((u) => ({ value: u.code, label: u.name })),
        ]}
      />
      <button className="button" type="submit">
        {t('staff.roles.grant')}
      </button>
    </form>
  );
}
