import { createInstance, type i18n as I18n, type TOptions } from 'i18next';
import en from './locales/en.json' with { type: 'json' };
import vi from './locales/vi.json' with { type: 'json' };

export const locales = ['vi', 'en'] as const;
export type Locale = (typeof locales)[number];
const defaultLocale: Locale = 'vi';

type Catalogue = Record<string, unknown>;
const instance: I18n = createInstance();
void instance.init({
  initAsync: false,
  lng: defaultLocale,
  fallbackLng: defaultLocale,
  supportedLngs: [...locales],
  interpolation: { escapeValue: false },
  resources: { vi: { translation: vi }, en: { translation: en } },
});

/** Modules add their own catalogues (keys are namespaced by module: `errors.directory.*`). */
export function addCatalogue(locale: Locale, catalogue: Catalogue): void {
  instance.addResourceBundle(locale, 'translation', catalogue, true, false);
}

export type Translate = (key: string, params?: Record<string, unknown>) => string;

export function translator(locale: Locale): Translate {
  const t = instance.getFixedT(locale);
  return (key, params) => t(key, params as TOptions) as string;
}

export function hasKey(key: string, locale: Locale = defaultLocale): boolean {
  return instance.exists(key, { lng: locale });
}

/** Picks vi or en from an Accept-Language header by q-value; Vietnamese when nothing matches. */
export function negotiateLocale(header: string | undefined | null): Locale {
  if (!header) return defaultLocale;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.slice(2)) : 1, index };
    })
    .filter((x) => x.lang && Number.isFinite(x.q) && x.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  for (const { lang } of ranked) {
    if ((locales as readonly string[]).includes(lang)) return lang as Locale;
  }
  return defaultLocale;
}
