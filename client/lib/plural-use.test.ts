import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Count messages and i18next plurals: "1 rows" must not happen. A message that shows a number
// of things takes it as `count`, so that i18next picks `key_one`, `key_other` (and French
// `key_many`: "1 000 000 de lieux") by Intl.PluralRules; the code that shows it passes `count`.

const LOCALES = path.resolve(import.meta.dirname, '../locales');
const CLIENT = path.resolve(import.meta.dirname, '..');
const BUNDLES = ['', 'panels.', 'indicators.', 'profile.', 'plans.'];
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(tree: object, prefix = ''): [string, string][] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? flatten(v, `${prefix}${k}.`) : [[`${prefix}${k}`, String(v)] as [string, string]]));
}
const read = (lang: string) => new Map(BUNDLES.flatMap((b) => flatten(JSON.parse(fs.readFileSync(path.join(LOCALES, `${b}${lang}.json`), 'utf8')))));
const strings = { en: read('en'), fr: read('fr') };

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'locales' ? [] : sourceFiles(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Every `t('literal.key', …)` call of the client: its key and whether its options pass `count`. */
function tCalls(): { file: string; key: string; count: boolean; formatted: boolean }[] {
  const calls: { file: string; key: string; count: boolean; formatted: boolean }[] = [];
  for (const file of sourceFiles(CLIENT)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([\w.-]+)'\s*(\)|,)/g)) {
      let options = '';
      if (m[2] === ',') {
        // the options object, up to the parenthesis that closes the call
        let depth = 1;
        let i = m.index + m[0].length;
        for (; i < text.length && depth > 0; i++) {
          if (text[i] === '(') depth++;
          else if (text[i] === ')') depth--;
        }
        options = text.slice(m.index + m[0].length, i - 1);
      }
      // `count` as a property of this call's options, not of a nested call's (`t('x', { list: t('y', { count }) })`) nor `c.count`
      let own = options;
      for (let before = ''; before !== own; ) [before, own] = [own, own.replace(/\([^()]*\)/g, ' ')];
      calls.push({ file: path.relative(CLIENT, file), key: m[1], count: /(^|[{,\s])count\s*[:,}]/.test(own), formatted: /(^|[{,\s])count:\s*(formatNumber|\w+\.format)\(/.test(options) });
    }
  }
  return calls;
}

const hasPlural = (lang: 'en' | 'fr', key: string) => new Intl.PluralRules(lang).resolvedOptions().pluralCategories.every((form) => strings[lang].has(`${key}_${form}`));

describe('count messages', () => {
  it('are plurals: a message with {{count}} has a form per plural category, in both languages', () => {
    for (const lang of ['en', 'fr'] as const) {
      const notPlural = [...strings[lang]].filter(([key, s]) => s.includes('{{count}}') && !PLURAL_SUFFIX.test(key)).map(([key]) => key);
      expect(notPlural, `${lang}: messages with {{count}} that are not plural forms`).toEqual([]);
      const bases = new Set([...strings[lang].keys()].filter((k) => PLURAL_SUFFIX.test(k)).map((k) => k.replace(PLURAL_SUFFIX, '')));
      expect([...bases].filter((b) => !hasPlural(lang, b)), `${lang}: plurals missing a form`).toEqual([]);
    }
  });

  it('count what they count with {{count}}: no "{{n}} rows" that would read "1 rows"', () => {
    // an English number before a plural noun, not interpolated as count
    const counted = [...strings.en].filter(([key, s]) => !PLURAL_SUFFIX.test(key) && /\{\{(?!count\}\})\w+\}\} (?:[a-z-]+ )?(?:rows|features|areas|sites|interventions|observations|places|draws|measurements|keys|errors|warnings|columns|people|datasets|layers|items|indicators|periods|members|users)\b/.test(s));
    expect(counted.map(([key, s]) => `${key}: ${s}`)).toEqual([]);
  });

  it('are called with count, and a key called with count has its plural forms', () => {
    const calls = tCalls();
    expect(calls.length).toBeGreaterThan(500);
    const problems: string[] = [];
    for (const c of calls) {
      const plural = hasPlural('en', c.key) && hasPlural('fr', c.key);
      const plain = strings.en.has(c.key) && strings.fr.has(c.key);
      if (c.count && !plural) problems.push(`${c.file}: t('${c.key}', { count }) has no plural forms`);
      if (!c.count && plural && !plain) problems.push(`${c.file}: t('${c.key}') is a plural called without count`);
      // i18next picks the form from the number: a formatted '1,000' or '1 000 000' is not one
      if (c.formatted) problems.push(`${c.file}: t('${c.key}') is given a formatted count; pass the number as count and the text as n`);
    }
    expect(problems).toEqual([]);
  });
});
