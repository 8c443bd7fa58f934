import { useCallback, useEffect, useState } from 'react';

/** Looks up a country's name in a language; undefined when the code is not in ISO 3166-1. */
type NameLookup = (alpha3: string, lang: string) => string | undefined;

let lookup: NameLookup | null = null;
let loading: Promise<NameLookup> | null = null;

/**
 * Loads i18n-iso-countries with only its English and French names (about 8 kB gzipped), in a
 * chunk of its own so that the first paint does not wait for it.
 */
export function loadCountryNames(): Promise<NameLookup> {
  loading ??= Promise.all([
    import('i18n-iso-countries'),
    import('i18n-iso-countries/langs/en.json'),
    import('i18n-iso-countries/langs/fr.json'),
  ]).then(([mod, en, fr]) => {
    const countries = (mod as unknown as { default?: typeof mod }).default ?? mod;
    countries.registerLocale(en.default ?? en);
    countries.registerLocale(fr.default ?? fr);
    lookup = (alpha3, lang) => countries.getName(alpha3, lang, { select: 'official' });
    return lookup;
  });
  return loading;
}

/**
 * Returns a function giving a country's name in `lang`, falling back on the name the server sent
 * (until the names have loaded, and for areas ISO 3166-1 does not list).
 */
export function useCountryName(lang: string): (alpha3: string, fallback: string) => string {
  const [names, setNames] = useState<NameLookup | null>(() => lookup);
  useEffect(() => {
    if (names) return;
    let live = true;
    loadCountryNames().then(
      (found) => live && setNames(() => found),
      () => {}, // the server's names stay in use
    );
    return () => {
      live = false;
    };
  }, [names]);
  return useCallback((alpha3, fallback) => (names && names(alpha3, lang)) || fallback, [names, lang]);
}
