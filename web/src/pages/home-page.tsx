import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading, usePageTitle } from '../app/page.js';
import { formatDate } from '../format/date.js';

/** The reform date from which Đà Nẵng has two tiers: city → 94 wards, communes and a special zone. */
const reformDate = new Date('2025-07-01T00:00:00+07:00');

export function HomePage() {
  const { t } = useTranslation();
  usePageTitle(t('home.title'));
  return (
    <>
      <PageHeading>{t('home.heading')}</PageHeading>
      <p className="lead">{t('home.lead')}</p>
      <p>
        <Link className="button" to="/dang-nhap">
          {t('home.signInAction')}
        </Link>
      </p>
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
            <Link to="/dang-nhap">{t('home.citizenCard.title')}</Link>
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
