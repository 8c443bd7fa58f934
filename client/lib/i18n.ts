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

let panelStrings: Promise<void> | null = null;

/**
 * Adds the strings of the import wizard and the catalogue (about 7 kB gzipped for both
 * languages), which load with those panels rather than before the first paint.
 */
export function loadPanelStrings(): Promise<void> {
  panelStrings ??= Promise.all([import('../locales/panels.en.json'), import('../locales/panels.fr.json')]).then(([en, fr]) => {
    i18next.addResourceBundle('en', 'translation', en.default, true, false);
    i18next.addResourceBundle('fr', 'translation', fr.default, true, false);
  });
  panelStrings.catch(() => (panelStrings = null));
  return panelStrings;
}

/** Switches the interface language (and the page's lang attribute, for screen readers). */
export function setLanguage(lang: Language) {
  document.documentElement.lang = lang;
  return i18next.changeLanguage(lang);
}
