import fs from 'node:fs';

/** The languages the PDF is printed in (the client's). */
export const PDF_LANGUAGES = ['en', 'fr'] as const;
export type PdfLanguage = (typeof PDF_LANGUAGES)[number];

type Tree = { [key: string]: string | Tree };
const read = (name: string): Tree => JSON.parse(fs.readFileSync(new URL(`../../client/locales/${name}`, import.meta.url), 'utf8')) as Tree;
const cache = new Map<PdfLanguage, Tree[]>();

/**
 * The client's own strings (client/locales: the shell's, the panels' and the plans' files), so
 * that the PDF names categories, action areas and statuses exactly as the page does.
 */
export function translator(lang: PdfLanguage) {
  let trees = cache.get(lang);
  if (!trees) cache.set(lang, (trees = [read(`plans.${lang}.json`), read(`panels.${lang}.json`), read(`${lang}.json`)]));
  const lookup = (key: string): string | undefined => {
    for (const tree of trees!) {
      let node: string | Tree | undefined = tree;
      for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
      if (typeof node === 'string') return node;
    }
    return undefined;
  };
  const plural = new Intl.PluralRules(lang);
  /**
   * The string at `key` with `{{name}}` filled in; the key itself when missing. With a number
   * `count`, the plural form the language's rules pick (`key_one`, `key_many`, `key_other`), as i18next does.
   */
  const t = (key: string, vars: Record<string, string | number> = {}) => {
    const form = typeof vars.count === 'number' && Number.isFinite(vars.count) ? lookup(`${key}_${plural.select(vars.count)}`) ?? lookup(`${key}_other`) : undefined;
    return (form ?? lookup(key) ?? key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(vars[name] ?? ''));
  };
  return {
    t,
    /** A taxonomy category's name ('transit.rail-station' → 'Rail station'); the id when unknown. */
    category: (id: string) => lookup(`taxonomy.${id}`) ?? id,
    /** An action area's name ('6A.1' → …). */
    actionArea: (code: string) => {
      const dot = code.lastIndexOf('.');
      return lookup(`interventions.actionAreas.${code.slice(0, dot)}.${code.slice(dot + 1)}`) ?? code;
    },
    status: (s: string) => lookup(`interventions.status.${s}`) ?? s,
  };
}
