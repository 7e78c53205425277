import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import vi from './vi.json' with { type: 'json' };

export const languages = ['vi', 'en'] as const;
export type Language = (typeof languages)[number];

const storageKey = 'cds.lang';

function isLanguage(value: unknown): value is Language {
  return (languages as readonly unknown[]).includes(value);
}

/** The language chosen earlier on this device; Vietnamese otherwise (never guessed from the browser). */
function storedLanguage(): Language {
  try {
    const value = localStorage.getItem(storageKey);
    return isLanguage(value) ? value : 'vi';
  } catch {
    return 'vi';
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'vi';
}

// Vietnamese ships in the entry bundle; English is fetched only by those who switch to it.
async function ensureCatalogue(language: Language): Promise<void> {
  if (language === 'vi' || i18next.hasResourceBundle(language, 'translation')) return;
  const en = await import('./en.json', { with: { type: 'json' } });
  i18next.addResourceBundle('en', 'translation', en.default, true, true);
}

export async function changeLanguage(language: Language): Promise<void> {
  await ensureCatalogue(language);
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
  try {
    localStorage.setItem(storageKey, language);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page view only.
  }
}

export async function initI18n(): Promise<void> {
  await i18next.use(initReactI18next).init({
    lng: 'vi',
    fallbackLng: 'vi',
    supportedLngs: [...languages],
    resources: { vi: { translation: vi } },
    interpolation: { escapeValue: false },
    react: { useSuspense: false },
  });
  const language = storedLanguage();
  if (language !== 'vi') await changeLanguage(language);
  else document.documentElement.lang = 'vi';
}
