import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client.js';
import {
  type AdminUnit,
  type Agency,
  type AgencyInput,
  type AgencyType,
  agencyTypes,
  createAgency,
  updateAgency,
} from '../../api/directory.js';
import { isMember } from '../../api/types.js';
import { ErrorSummary, type FieldError, fieldErrorsFromProblem } from '../../components/error-summary.js';
import { SelectField } from '../../components/select-field.js';
import { errorFor, TextField } from '../../components/text-field.js';
import { useFormErrors } from '../../components/use-form-errors.js';

const ids = {
  name: 'agency-name',
  shortName: 'agency-short-name',
  code: 'agency-code',
  codeScheme: 'agency-code-scheme',
  type: 'agency-type',
  unitCode: 'agency-unit',
  'contact/address': 'agency-address',
  'contact/phone': 'agency-phone',
  'contact/email': 'agency-email',
  'contact/website': 'agency-website',
  'contact/hours': 'agency-hours',
} as const;

interface Props {
  agency: Agency | null;
  units: AdminUnit[];
  onSaved: (agency: Agency) => void;
  onErrorsChange: (has: boolean) => void;
}

export function AgencyForm({ agency, units, onSaved, onErrorsChange }: Props) {
  const { t } = useTranslation();
  const { errors, problem, attempt, fail } = useFormErrors(onErrorsChange);
  const [pending, setPending] = useState(false);

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const { type, ...fields } = readForm(new FormData(event.currentTarget));
    const local: FieldError[] = [];
    if (fields.name.length < 2) local.push({ field: ids.name, message: t('staff.agency.nameRequired') });
    if (!fields.code) local.push({ field: ids.code, message: t('staff.agency.codeRequired') });
    if (!type) local.push({ field: ids.type, message: t('staff.agency.typeRequired') });
    if (local.length || !type) return fail(local, null);
    const input: AgencyInput = { ...fields, type };
    setPending(true);
    try {
      const saved = agency ? await updateAgency(agency.id, input) : await createAgency(input);
      fail([], null);
      onSaved(saved);
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      fail(fieldErrorsFromProblem(error, ids), error);
    } finally {
      setPending(false);
    }
  };

  const contact = agency?.contact;
  return (
    <form noValidate onSubmit={(event) => void onSubmit(event)} className="form">
      <ErrorSummary id="agency-errors" errors={errors} problem={problem} attempt={attempt} />
      <TextField
        id={ids.name}
        label={t('staff.agency.name')}
        defaultValue={agency?.name}
        error={errorFor(errors, ids.name)}
      />
      <TextField
        id={ids.shortName}
        label={t('staff.agency.shortName')}
        optional
        defaultValue={agency?.shortName ?? ''}
        error={errorFor(errors, ids.shortName)}
      />
      <TextField
        id={ids.code}
        label={t('staff.agency.code')}
        hint={t('staff.agency.codeHint')}
        defaultValue={agency?.code}
        error={errorFor(errors, ids.code)}
        spellCheck={false}
        className="input--code"
      />
      <SelectField
        id={ids.codeScheme}
        label={t('staff.agency.codeScheme')}
        defaultValue={agency?.codeScheme ?? 'internal'}
        error={errorFor(errors, ids.codeScheme)}
        options={[
          { value: 'qcvn102', label: t('staff.agency.scheme.qcvn102') },
          { value: 'internal', label: t('staff.agency.scheme.internal') },
        ]}
      />
      <SelectField
        id={ids.type}
        label={t('staff.agency.type')}
        defaultValue={agency?.type ?? ''}
        error={errorFor(errors, ids.type)}
        options={[
          { value: '', label: t('staff.agency.choose') },
          ...agencyTypes.map((type) => ({ value: type, label: t(`directory.agencyType.${type}`) })),
        ]}
      />
      <SelectField
        id={ids.unitCode}
        label={t('staff.agency.unit')}
        hint={t('staff.agency.unitHint')}
        optional
        defaultValue={agency?.unitCode ?? ''}
        // The saved value must be selectable before the unit list arrives, or React would reset it.
        key={units.length}
        error={errorFor(errors, ids.unitCode)}
        options={[
          { value: '', label: t('staff.agency.wholeCity') },
          ...units.map((u) => ({ value: u.code, label: u.name })),
        ]}
      />
      <fieldset className="fieldset">
        <legend>{t('staff.agency.contactLegend')}</legend>
        <TextField
          id={ids['contact/address']}
          label={t('staff.agency.address')}
          optional
          defaultValue={contact?.address ?? ''}
          error={errorFor(errors, ids['contact/address'])}
          autoComplete="off"
        />
        <TextField
          id={ids['contact/phone']}
          label={t('staff.agency.phone')}
          optional
          type="tel"
          defaultValue={contact?.phone ?? ''}
          error={errorFor(errors, ids['contact/phone'])}
          className="input--phone"
        />
        <TextField
          id={ids['contact/email']}
          label={t('staff.agency.email')}
          optional
          type="email"
          defaultValue={contact?.email ?? ''}
          error={errorFor(errors, ids['contact/email'])}
          spellCheck={false}
        />
        <TextField
          id={ids['contact/website']}
          label={t('staff.agency.website')}
          optional
          type="url"
          defaultValue={contact?.website ?? ''}
          error={errorFor(errors, ids['contact/website'])}
          spellCheck={false}
        />
        <TextField
          id={ids['contact/hours']}
          label={t('staff.agency.hours')}
          hint={t('staff.agency.hoursHint')}
          optional
          defaultValue={contact?.hours ?? ''}
          error={errorFor(errors, ids['contact/hours'])}
        />
      </fieldset>
      <button className="button" type="submit" aria-disabled={pending || undefined}>
        {pending ? t('common.saving') : t('staff.agency.save')}
      </button>
    </form>
  );
}

/** The form's values; `type` is null until one of the listed types is chosen. */
function readForm(data: FormData): Omit<AgencyInput, 'type'> & { type: AgencyType | null } {
  const text = (id: string) => String(data.get(id) ?? '').trim();
  const type = text(ids.type);
  const orNull = (id: string) => text(id) || null;
  return {
    name: text(ids.name),
    shortName: orNull(ids.shortName),
    code: text(ids.code),
    codeScheme: text(ids.codeScheme) === 'qcvn102' ? 'qcvn102' : 'internal',
    type: isMember(agencyTypes, type) ? type : null,
    unitCode: orNull(ids.unitCode),
    contact: {
      address: orNull(ids['contact/address']),
      phone: orNull(ids['contact/phone']),
      email: orNull(ids['contact/email']),
      website: orNull(ids['contact/website']),
      hours: orNull(ids['contact/hours']),
    },
  };
}
