import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiProblem } from '../../api/client.js';
import { type CardReading, readCardQr } from '../../api/identity.js';
import { type Me, refreshSession } from '../../api/session.js';
import { PageHeading, usePageTitle } from '../../app/page.js';
import { AccountBody } from '../../components/account-body.js';
import { ErrorSummary, fieldErrorsFromProblem } from '../../components/error-summary.js';
import { useFormErrors } from '../../components/use-form-errors.js';
import { formatIsoDate } from './cccd-text.js';
import { QrReader } from './qr-reader.js';

const readerId = 'cccd-qr';
const _path = '/tai-khoan/xac-minh';
const directoryPath = '/cong-khai/don-vi';

/**
 * "Xác minh danh tính": the citizen reads the QR on their chip card (the profile is filled from it and
 * marked as coming from the card), then a counter officer or community-team member who sees the card
 * confirms level 2. The server keeps those two steps apart: a QR can be copied, a card in hand cannot.
 */
export function CccdVerifyPage() {
  const { t } = useTranslation();
  const [hasErrors, setHasErrors] = useState(false);
  usePageTitle(t('identityVerify.citizen.title'), hasErrors);

  return (
    <>
      <PageHeading>{t('identityVerify.citizen.title')}</PageHeading>
      <AccountBody signInText={t('identityVerify.citizen.signInNeeded')}>
        {({ me }) =>
          me.kind === 'citizen' ? (
            <Verification me={me} onErrorsChange={setHasErrors} />
          ) : (
            <>
              <p>{t('identityVerify.citizen.forStaff')}</p>
              <p>
                <Link to="/can-bo/xac-minh-cccd">{t('identityVerify.staff.title')}</Link>
              </p>
            </>
          )
        }
      </AccountBody>
    </>
  );
}

function Verification({ me, onErrorsChange }: { me: Me; onErrorsChange: (hasErrors: boolean) => void }) {
  const { t } = useTranslation();
  const [reading, setReading] = useState<CardReading | null>(null);
  const { errors, problem, attempt, fail, clear } = useFormErrors(onErrorsChange);
  const [checking, setChecking] = useState(false);
  const doneRef = useRef<HTMLHeadingElement>(null);
  const level = me.assuranceLevel >= 2 ? 2 : 1;

  useEffect(() => {
    if (reading) doneRef.current?.focus();
  }, [reading]);

  const check = async (qrText: string) => {
    if (checking) return;
    setChecking(true);
    clear();
    try {
      setReading(await readCardQr(qrText));
      // The name in the header and on the account page now comes from the card.
      void refreshSession();
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      // The summary's link goes to "Chụp ảnh mã QR": the way to give the server a better reading.
      fail(fieldErrorsFromProblem(error, { qrText: `${readerId}-take` }), error);
    } finally {
      setChecking(false);
    }
  };

  const counterOption = (
    <p>
      {t('identityVerify.citizen.counterOption')}{' '}
      <Link to={directoryPath}>{t('identityVerify.citizen.directoryLink')}</Link>
    </p>
  );

  return (
    <>
      <ErrorSummary id="cccd-errors" errors={errors} problem={problem} attempt={attempt} />
      {problem && <div className="notice">{counterOption}</div>}

      <section aria-labelledby="level-heading">
        <h2 id="level-heading">{t('identityVerify.citizen.currentHeading')}</h2>
        <p className={`level-status${level === 2 ? ' level-status--done' : ''}`}>
          {level === 2 ? <DoneIcon /> : <InfoIcon />}
          {t(`account.assuranceLevel.${level}`)}
        </p>
        <p>{t(`identityVerify.citizen.level${level}Body`)}</p>
      </section>

      <section aria-labelledby="unlocks-heading">
        <h2 id="unlocks-heading">{t('identityVerify.citizen.unlocksHeading')}</h2>
        <ul>
          <li>{t('identityVerify.citizen.unlocksShare')}</li>
          <li>{t('identityVerify.citizen.unlocksPrefill')}</li>
        </ul>
      </section>

      {level === 1 && (
        <section aria-labelledby="steps-heading">
          <h2 id="steps-heading">{t('identityVerify.citizen.stepsHeading')}</h2>
          <ol className="cccd-steps">
            <li>
              <h3>{t('identityVerify.citizen.step1Heading')}</h3>
              {reading ? (
                <>
                  <div className="notice notice--success">
                    <h4 id="card-read-heading" className="notice__title" tabIndex={-1} ref={doneRef}>
                      <DoneIcon />
                      {t('identityVerify.citizen.readDone')}
                    </h4>
                    <p>{t('identityVerify.citizen.readNext')}</p>
                  </div>
                  <CardDetails reading={reading} />
                  <button type="button" className="button button--secondary" onClick={() => setReading(null)}>
                    {t('identityVerify.citizen.readAgain')}
                  </button>
                </>
              ) : (
                <>
                  <p>{t('identityVerify.citizen.step1Body')}</p>
                  <QrReader id={readerId} onText={(text) => void check(text)} alternative={counterOption} />
                  <p className="qr-reader__status" aria-live="polite">
                    {checking ? t('identityVerify.citizen.checking') : ''}
                  </p>
                </>
              )}
            </li>
            <li>
              <h3>{t('identityVerify.citizen.step2Heading')}</h3>
              <p>{t('identityVerify.citizen.step2Body')}</p>
              <p className="muted">{t('identityVerify.citizen.step2Why')}</p>
              <p>
                <Link to={directoryPath}>{t('identityVerify.citizen.directoryLink')}</Link>
              </p>
            </li>
          </ol>
        </section>
      )}
      <p>
        <Link to="/tai-khoan">{t('identityVerify.citizen.backToAccount')}</Link>
      </p>
    </>
  );
}

/** What the server read from the card; the number arrives masked (last three digits only). */
function CardDetails({ reading }: { reading: CardReading }) {
  const { t } = useTranslation();
  const mapping = reading.addressMapping;
  const newUnit = mapping?.newCode
    ? (mapping.candidates.find((c) => c.code === mapping.newCode)?.name ?? null)
    : mapping && mapping.candidates.length > 0
      ? t('identityVerify.citizen.newUnitOneOf', { names: mapping.candidates.map((c) => c.name).join('; ') })
      : null;
  const rows: [string, string][] = [
    ['cccd', reading.cccd],
    ['fullName', reading.fullName],
    ['dateOfBirth', formatIsoDate(reading.dateOfBirth)],
    ['sex', t(`identityVerify.citizen.sex.${reading.sex}`)],
    ['address', reading.address],
    ...(newUnit ? ([['newUnit', newUnit]] as [string, string][]) : []),
    ['issueDate', formatIsoDate(reading.issueDate)],
  ];
  return (
    <>
      <h4>
        {t('identityVerify.citizen.fromCardHeading')}{' '}
        <span className="source-tag">{t('identityVerify.citizen.fromCardTag')}</span>
      </h4>
      <dl className="summary-list" id="cccd-card-details">
        {rows.map(([field, value]) => (
          <div className="summary-list__row" key={field}>
            <dt>{t(`identityVerify.citizen.fields.${field}`)}</dt>
            <dd className={field === 'cccd' ? 'mono' : undefined}>{value}</dd>
          </div>
        ))}
      </dl>
    </>
  );
}

/** Status icons drawn inline: a font may lack the symbol, and colour alone must never carry a status. */
function DoneIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <circle cx="10" cy="10" r="9" fill="currentColor" />
      <path d="M5.5 10.5l3 3 6-6.5" fill="none" stroke="#ffffff" strokeWidth="2.2" />
    </svg>
  );
}

function InfoIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
      <circle cx="10" cy="10" r="8.5" fill="none" stroke="currentColor" strokeWidth="2" />
      <path d="M10 8.5v6M10 5.2v1.6" stroke="currentColor" strokeWidth="2.2" />
    </svg>
  );
}
