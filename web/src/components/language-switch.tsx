import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage } from '../i18n/i18n.js';

/** Shows the other language's own name ("English" / "Tiếng Việt"), marked with its lang. */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const target = currentLanguage() === 'vi' ? 'en' : 'vi';
  return (
    <button
      type="button"
      className="header__link header__button"
      lang={target}
      onClick={() => void changeLanguage(target)}
    >
      {t('language.switchTo')}
    </button>
  );
}
