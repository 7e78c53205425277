import { useTranslation } from 'react-i18next';

/** "Hỗ trợ": the same block in the same place on every page (WCAG 3.2.6 Consistent help). */
export function HelpBlock() {
  const { t } = useTranslation();
  return (
    <aside className="help" id="ho-tro" aria-labelledby="help-title">
      <div className="container help__inner">
        <h2 id="help-title" className="help__title">
          {t('help.title')}
        </h2>
        <ul className="help__list">
          <li>
            {t('help.hotlineLabel')}{' '}
            <a className="help__phone" href="tel:1022">
              1022
            </a>{' '}
            {t('help.or')}{' '}
            <a className="help__phone" href="tel:02361022">
              0236 1022
            </a>
            <span className="help__hours"> · {t('help.hotlineHours')}</span>
          </li>
          <li>{t('help.office')}</li>
        </ul>
      </div>
    </aside>
  );
}
