import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Me, useSession } from '../api/session.js';
import { PageHeading, usePageTitle } from '../app/page.js';
import { isSharedDevice } from '../app/shared-device.js';
import { CitizenSummary } from '../components/citizen-summary.js';
import { formatDate } from '../format/date.js';

/** The reform date from which Đà Nẵng has two tiers: city → 94 wards, communes and a special zone. */
const reformDate = new Date('2025-07-01T00:00:00+07:00');

export function HomePage() {
  const { t } = useTranslation();
  const session = useSession();
  usePageTitle(t('home.title'));
  const citizen = session.status === 'signed-in' && session.me.kind === 'citizen' ? session.me : null;
  return (
    <>
      <PageHeading>{t('home.heading')}</PageHeading>
      <p className="lead">{t('home.lead')}</p>
      {citizen ? (
        <Welcome me={citizen} />
      ) : (
        session.status !== 'signed-in' && (
          <p>
            <Link className="button" to="/dang-nhap">
              {t('home.signInAction')}
            </Link>
          </p>
        )
      )}
      <h2>{t('home.areasHeading')}</h2>
      <ul className="cards">
        <li className="card">
          <h3 className="card__title">
            <Link to="/cong-khai/don-vi">{t('home.directoryCard.title')}</Link>
          </h3>
          <p>{t('home.directoryCard.body', { date: formatDate(reformDate) })}</p>
        </li>
        <li className="card">
          <h3 className="card__title">
            <Link to="/tai-khoan">{t('home.citizenCard.title')}</Link>
          </h3>
          <p>{t('home.citizenCard.body')}</p>
        </li>
        <li className="card">
          <h3 className="card__title">
            <Link to="/can-bo/co-quan">{t('home.staffCard.title')}</Link>
          </h3>
          <p>{t('home.staffCard.body')}</p>
        </li>
      </ul>
    </>
  );
}

function Welcome({ me }: { me: Me }) {
  const { t } = useTranslation();
  return (
    <section className="panel welcome" aria-labelledby="welcome-heading">
      <h2 id="welcome-heading">
        {me.fullName.trim() ? t('home.welcomeNamed', { name: me.fullName }) : t('home.welcome')}
      </h2>
      {isSharedDevice() && (
        <div className="notice">
          <p>{t('home.sharedDeviceReminder')}</p>
        </div>
      )}
      <CitizenSummary me={me} />
      <p>
        <Link to="/tai-khoan">{t('home.accountLink')}</Link>
      </p>
    </section>
  );
}
