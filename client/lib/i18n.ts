import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../locales/en.json';
import fr from '../locales/fr.json';
import type { Language } from './url-view';

/** Picks the language: the link's, else the browser's if we speak it, else English. */
export function pickLanguage(fromLink: Language | null): Language {
  if (fromLink) return fromLink;
  const browser = typeof navigator === 'undefined' ? '' : navigator.language.toLowerCase();
  return browser.startsWith('fr') ? 'fr' : 'en';
}

/** Starts i18next with both bundled languages; synchronous, so the first render is translated. */
export function initI18n(lang: Language) {
  document.documentElement.lang = lang;
  if (i18next.isInitialized) {
    if (i18next.language !== lang) void i18next.changeLanguage(lang);
    return i18next;
  }
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, fr: { translation: fr } },
    lng: lang,
    fallbackLng: 'en',
    supportedLngs: ['en', 'fr'],
    // React escapes what it renders
    interpolation: { escapeValue: false },
    initAsync: false,
    returnNull: false,
  });
  return i18next;
}

type StringFiles = [{ default: Record<string, unknown> }, { default: Record<string, unknown> }];

/**
 * A loader of strings bundled apart (an English and a French file, imported lazily), added to
 * i18next on first use; a load that failed is tried again on the next call.
 *
 * @example
 * const loadPlanStrings = lazyStrings(() => Promise.all([import('../locales/plans.en.json'), import('../locales/plans.fr.json')]));
 */
export function lazyStrings(load: () => Promise<StringFiles>): () => Promise<void> {
  let loading: Promise<void> | null = null;
  return () => {
    loading ??= load().then(([en, fr]) => {
      i18next.addResourceBundle('en', 'translation', en.default, true, false);
      i18next.addResourceBundle('fr', 'translation', fr.default, true, false);
    });
    loading.catch(() => (loading = null));
    return loading;
  };
}

/**
 * Adds the strings of the import wizard and the catalogue (about 7 kB gzipped for both
 * languages), which load with those panels rather than before the first paint.
 */
export const loadPanelStrings = lazyStrings(() => Promise.all([import('../locales/panels.en.json'), import('../locales/panels.fr.json')]));

/** The area profile's strings (indicators, trend, risk, drill-down), loaded with the profile panel. */
export const loadProfileStrings = lazyStrings(() => Promise.all([import('../locales/profile.en.json'), import('../locales/profile.fr.json')]));

/** Switches the interface language (and the page's lang attribute, for screen readers). */
export function setLanguage(lang: Language) {
  document.documentElement.lang = lang;
  return i18next.changeLanguage(lang);
}
