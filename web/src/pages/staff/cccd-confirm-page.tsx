import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatPhone, normalisePhone } from '../../../../shared/phone.js';
import { ApiProblem } from '../../api/client.js';
import { confirmLevel2 } from '../../api/identity.js';
import { type Me, useSession } from '../../api/session.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { ErrorSummary, type FieldError, fieldErrorsFromProblem } from '../../components/error-summary.js';
import { PhoneField } from '../../components/phone-field.js';
import { errorFor, TextField } from '../../components/text-field.js';
import { useFormErrors } from '../../components/use-form-errors.js';
import { cccdFromQrText, compactCccd, maskCccd } from '../identity/cccd-text.js';
import { QrReader } from '../identity/qr-reader.js';
import { StaffGate } from './staff-gate.js';

const phoneId = 'citizen-phone';
const cccdId = 'citizen-cccd';
const seenId = 'card-seen';

/** The roles the server lets confirm level 2 (assurance-service confirmLevel2). */
const confirmingRoles = new Set(['reception', 'officer', 'community_member']);

function canConfirmLevel2(me: Me): boolean {
  return me.grants.some((g) => confirmingRoles.has(g.role));
}

/** "Xác nhận danh tính mức 2": counter staff or a community-team member who holds the card confirms it. */
export function CccdConfirmPage() {
  const { t } = useTranslation();
  return (
    <StaffGate title={t('identityVerify.staff.title')}>
      <ConfirmLevel2 />
    </StaffGate>
  );
}

function ConfirmLevel2() {
  const { t } = useTranslation();
  const session = useSession();
  const { errors, problem, attempt, fail, clear } = useFormErrors();
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<{ phone: string; cccd: string } | null>(null);
  const [cccd, setCccd] = useState('');
  const [scanNote, setScanNote] = useState<{ ok: boolean; text: string } | null>(null);
  const doneRef = useRef<HTMLHeadingElement>(null);
  usePageTitle(t('identityVerify.staff.title'), errors.length > 0 || problem !== null);

  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const me = session.status === 'signed-in' ? session.me : null;
  if (me && !canConfirmLevel2(me)) {
    return (
      <>
        <PageHeading>{t('identityVerify.staff.title')}</PageHeading>
        <div className="notice">
          <p>{t('identityVerify.staff.noRole')}</p>
        </div>
      </>
    );
  }

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    const typedPhone = String(data.get(phoneId) ?? '').trim();
    const number = compactCccd(cccd);
    const local: FieldError[] = [];
    const phone = normalisePhone(typedPhone);
    if (!typedPhone) local.push({ field: phoneId, message: t('identityVerify.staff.phoneRequired') });
    else if (!phone) local.push({ field: phoneId, message: t('identityVerify.staff.phoneInvalid') });
    if (!number) local.push({ field: cccdId, message: t('identityVerify.staff.cccdRequired') });
    if (data.get(seenId) !== 'on')
      local.push({ field: seenId, message: t('identityVerify.staff.seenRequired') });
    if (local.length || !phone) return fail(local, null);

    setPending(true);
    try {
      await confirmLevel2({ phone, cccd: number });
      clear();
      setDone({ phone, cccd: number });
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      // "No citizen with this phone" belongs next to the phone number, where it can be corrected.
      const fieldErrors =
        error.code === 'identity.citizen_not_found'
          ? [{ field: phoneId, message: error.detail ?? error.title }]
          : fieldErrorsFromProblem(error, { phone: phoneId, cccd: cccdId });
      fail(fieldErrors, error);
    } finally {
      setPending(false);
    }
  };

  const onScanned = (text: string) => {
    const number = cccdFromQrText(text);
    if (number) {
      setCccd(number);
      setScanNote({ ok: true, text: t('identityVerify.staff.scanFilled') });
    } else {
      setScanNote({ ok: false, text: t('identityVerify.staff.scanNotCard') });
    }
  };

  if (done) {
    return (
      <>
        <PageHeading>{t('identityVerify.staff.title')}</PageHeading>
        <div className="notice notice--success">
          <h2 className="notice__title" tabIndex={-1} ref={doneRef}>
            <span aria-hidden="true">✓ </span>
            {t('identityVerify.staff.done')}
          </h2>
          <p>
            {t('identityVerify.staff.doneBody', {
              phone: formatPhone(done.phone),
              cccd: maskCccd(done.cccd),
            })}
          </p>
        </div>
        <button
          type="button"
          className="button"
          onClick={() => {
            setDone(null);
            setCccd('');
            setScanNote(null);
          }}
        >
          {t('identityVerify.staff.next')}
        </button>
      </>
    );
  }

  return (
    <>
      <PageHeading>{t('identityVerify.staff.title')}</PageHeading>
      <form className="form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <ErrorSummary id="confirm-errors" errors={errors} problem={problem} attempt={attempt} />
        <p>{t('identityVerify.staff.intro')}</p>
        <div className="notice">
          <p>{t('identityVerify.staff.rule')}</p>
        </div>
        <PhoneField
          id={phoneId}
          label={t('identityVerify.staff.phone')}
          hint={t('identityVerify.staff.phoneHint')}
          error={errorFor(errors, phoneId)}
          autoComplete="off"
        />
        <TextField
          id={cccdId}
          label={t('identityVerify.staff.cccd')}
          hint={t('identityVerify.staff.cccdHint')}
          error={errorFor(errors, cccdId)}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          value={cccd}
          onChange={(event) => setCccd(event.currentTarget.value)}
        />
        <details className="details">
          <summary className="details__summary">{t('identityVerify.staff.scanSummary')}</summary>
          <QrReader id="staff-qr" onText={onScanned} />
        </details>
        <p className="qr-reader__status" aria-live="polite">
          {scanNote?.ok ? scanNote.text : ''}
        </p>
        {scanNote && !scanNote.ok && (
          <div className="notice notice--problem" role="alert">
            <p>{scanNote.text}</p>
          </div>
        )}
        <div className={`field${errorFor(errors, seenId) ? ' field--error' : ''}`}>
          {errorFor(errors, seenId) && (
            <p className="field__error" id={`${seenId}-error`}>
              <span className="visually-hidden">{t('form.errorPrefix')} </span>
              {errorFor(errors, seenId)}
            </p>
          )}
          <div className="checkbox">
            <input
              id={seenId}
              name={seenId}
              type="checkbox"
              aria-invalid={errorFor(errors, seenId) ? true : undefined}
              aria-describedby={errorFor(errors, seenId) ? `${seenId}-error` : undefined}
            />
            <label htmlFor={seenId}>{t('identityVerify.staff.seenCard')}</label>
          </div>
        </div>
        <button className="button" type="submit" aria-disabled={pending || undefined}>
          {pending ? t('identityVerify.staff.submitting') : t('identityVerify.staff.submit')}
        </button>
      </form>
    </>
  );
}
