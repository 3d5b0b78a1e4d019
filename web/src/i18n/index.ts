import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/fr';
import en from './en.json';
import fr from './fr.json';

export const LOCALES = ['en', 'fr'] as const;
export type AppLocale = (typeof LOCALES)[number];

const STORAGE_KEY = 'clientele.locale';

export function isAppLocale(value: unknown): value is AppLocale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Before sign-in there is no user to ask: the last choice on this browser, else the browser's language. */
export function detectLocale(): AppLocale {
  const saved = safeStorage()?.getItem(STORAGE_KEY);
  if (isAppLocale(saved)) return saved;
  for (const language of navigator.languages ?? [navigator.language]) {
    const base = language.slice(0, 2).toLowerCase();
    if (isAppLocale(base)) return base;
  }
  return 'en';
}

/** The Intl locale behind each language: French screens use fr-FR dates, numbers and money. */
export function intlLocale(locale: string): string {
  return locale === 'fr' ? 'fr-FR' : 'en-US';
}

export async function applyLocale(locale: AppLocale): Promise<void> {
  safeStorage()?.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
  dayjs.locale(locale);
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
}

function safeStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

const initial = detectLocale();
document.documentElement.lang = initial;
dayjs.locale(initial);

void i18n.use(initReactI18next).init({
  resources: { en: { translation: en }, fr: { translation: fr } },
  lng: initial,
  fallbackLng: 'en',
  interpolation: { escapeValue: false },
  returnNull: false,
});

export default i18n;
