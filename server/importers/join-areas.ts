import { distance } from 'fastest-levenshtein';

/** An area a table key may be joined to. */
export interface JoinCandidate {
  code: string;
  name: string;
  altNames?: string[];
  /** Other codes in the props (iso_a2, adm0_a3, numeric ids …) are matched too. */
  props?: Record<string, string | number | null>;
}

export interface JoinKey {
  key: string;
  /** Row of the table the key first came from. */
  row: number;
}

export interface JoinSuggestion {
  code: string;
  name: string;
  /** 0–1, higher is closer. */
  score: number;
}

export interface JoinResult {
  matched: { key: string; code: string; method: 'code' | 'name' | 'alt-name' }[];
  unmatched: { key: string; row: number; reason: 'no-match' | 'ambiguous'; suggestions: JoinSuggestion[] }[];
}

export interface JoinAreasOptions {
  /** Match on codes, on names, or codes first then names. @default 'auto' */
  by?: 'code' | 'name' | 'auto';
}

// property keys whose values are codes of the area (ISO 3166-1/2, P-codes, census codes)
const codeProp = /(^|_)(iso|iso2|iso3|iso_a2|iso_a3|adm0_a3|iso_3166_2|iso_3166_1|pcode|code|id|gid_\d|un_a3|iso_n3)$|pcode|^id$/i;

// words that name the kind of unit rather than the unit: "Gambela Peoples" is Gambela
const unitWords = new Set(['district', 'districts', 'region', 'regional', 'state', 'province', 'zone', 'peoples', 'people']);

/**
 * Joins table keys to areas by code (case-insensitive; ISO numeric codes with or without zero
 * padding), then by normalised name and alternative names; every key that does not match comes
 * back in `unmatched` with its row and the best three suggestions (Levenshtein on normalised names
 * and token overlap; compass words such as 'Pashchim' read as 'West'). Suggestions are never
 * applied by themselves. One entry per distinct key; no key is ever dropped.
 *
 * @example
 * joinAreas([{ key: 'Oromia', row: 9 }], areas).unmatched[0].suggestions[0].name // 'Oromiya'
 */
export function joinAreas(keys: JoinKey[], candidates: JoinCandidate[], options: JoinAreasOptions = {}): JoinResult {
  const by = options.by ?? 'auto';
  const byCode = new Map<string, Set<number>>();
  const byName = new Map<string, Set<number>>();
  const byAlt = new Map<string, Set<number>>();
  const add = (map: Map<string, Set<number>>, key: string, i: number) => {
    if (key === '') return;
    if (!map.has(key)) map.set(key, new Set());
    map.get(key)!.add(i);
  };
  candidates.forEach((c, i) => {
    add(byCode, normaliseCode(c.code), i);
    for (const [k, v] of Object.entries(c.props ?? {})) {
      if (v !== null && v !== '' && codeProp.test(k) && String(v) !== '-99') add(byCode, normaliseCode(String(v)), i);
    }
    for (const variant of nameVariants(c.name)) add(byName, variant, i);
    for (const alt of c.altNames ?? []) for (const variant of nameVariants(alt)) add(byAlt, variant, i);
  });
  const normalisedNames = candidates.map((c) => normaliseName(c.name));

  const result: JoinResult = { matched: [], unmatched: [] };
  const done = new Set<string>();
  for (const { key, row } of keys) {
    if (done.has(key)) continue;
    done.add(key);
    const tries: [Map<string, Set<number>>, string[], 'code' | 'name' | 'alt-name'][] = [];
    if (by !== 'name') tries.push([byCode, [normaliseCode(key)], 'code']);
    if (by !== 'code') tries.push([byName, nameVariants(key), 'name'], [byAlt, nameVariants(key), 'alt-name']);
    let outcome: { hits: number[]; method: 'code' | 'name' | 'alt-name' } | null = null;
    for (const [map, variants, method] of tries) {
      for (const variant of variants) {
        const hits = map.get(variant);
        if (hits) {
          outcome = { hits: [...hits], method };
          break;
        }
      }
      if (outcome) break;
    }
    if (outcome && outcome.hits.length === 1) {
      result.matched.push({ key, code: candidates[outcome.hits[0]].code, method: outcome.method });
    } else if (outcome) {
      const suggestions = outcome.hits.slice(0, 3).map((i) => ({ code: candidates[i].code, name: candidates[i].name, score: 1 }));
      result.unmatched.push({ key, row, reason: 'ambiguous', suggestions });
    } else {
      result.unmatched.push({ key, row, reason: 'no-match', suggestions: suggest(key, candidates, normalisedNames) });
    }
  }
  return result;
}

/**
 * Lower case, accents and punctuation removed, '&' read as 'and', and unit words ('district',
 * 'region', 'state', 'province', 'zone', 'peoples', 'people') dropped.
 *
 * @example
 * normaliseName('Gambela Peoples') // 'gambela'
 */
export function normaliseName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .split(' ')
    .filter((w) => w !== '');
  const kept = words.filter((w) => !unitWords.has(w));
  // a name that is only unit words ("Central Region" minus region is fine, "Zone" alone is not)
  return (kept.length > 0 ? kept : words).join(' ');
}

// the name, and without a parenthesised qualifier: "Kaimur (Bhabua)" is also "Kaimur"
function nameVariants(name: string): string[] {
  const full = normaliseName(name);
  const bare = normaliseName(name.replace(/\([^)]*\)/g, ' '));
  return full === bare || bare === '' ? [full] : [full, bare];
}

function normaliseCode(code: string): string {
  const c = code.trim().toUpperCase();
  // ISO 3166-1 numeric: '4', '04' and '004' are the same country
  return /^\d+$/.test(c) ? String(Number(c)) : c;
}

// compass words in the languages of the focus countries' place names, for suggestions only:
// NFHS writes "Pashchim Champaran" where the census map says "West Champaran"
const compass: Record<string, string> = {
  pashchim: 'west', paschim: 'west', pashchimi: 'west', ouest: 'west',
  purba: 'east', purbi: 'east', purva: 'east', poorvi: 'east', purv: 'east', est: 'east',
  uttar: 'north', uttari: 'north', nord: 'north',
  dakshin: 'south', dakshini: 'south', sud: 'south',
};

function inEnglishCompass(name: string): string {
  return name.split(' ').map((w) => compass[w] ?? w).join(' ');
}

function similarity(a: string, b: string): number {
  const lev = 1 - distance(a, b) / Math.max(a.length, b.length, 1);
  const ta = new Set(a.split(' '));
  const tb = new Set(b.split(' '));
  const shared = [...ta].filter((t) => tb.has(t)).length;
  return Math.max(lev, shared / (ta.size + tb.size - shared));
}

function suggest(key: string, candidates: JoinCandidate[], names: string[]): JoinSuggestion[] {
  const wanted = normaliseName(key);
  if (wanted === '') return [];
  const translated = inEnglishCompass(wanted);
  const scored = candidates.map((c, i) => {
    const score = Math.max(similarity(wanted, names[i]), similarity(translated, inEnglishCompass(names[i])));
    return { code: c.code, name: c.name, score: Math.round(score * 100) / 100 };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.name.localeCompare(b.name))
    .slice(0, 3);
}
