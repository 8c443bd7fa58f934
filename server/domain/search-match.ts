/**
 * Name search for the atlas's own index (areas, places, sites): no geocoding service, only the
 * names the database holds, compared without case or accents.
 */

/** A name folded for comparison: no accents, lower case, runs of punctuation and spaces as one space. */
export function foldName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** How well a name matches, best first; null when it does not match at all. */
export const MATCH = { exact: 0, prefix: 1, wordPrefix: 2, inside: 3 } as const;

/**
 * The match quality of a folded name against a folded query: the whole name (0), its beginning
 * (1), the beginning of one of its words (2) or anywhere inside it (3); null for no match.
 *
 * @example
 * matchQuality(foldName('Saint-Louis'), foldName('saint louis')) // → 0
 * matchQuality(foldName('Port Louis'), foldName('lou'))          // → 2
 * matchQuality(foldName('Toulouse'), foldName('lou'))            // → 3
 */
export function matchQuality(name: string, query: string): number | null {
  if (!query) return null;
  if (name === query) return MATCH.exact;
  if (name.startsWith(query)) return MATCH.prefix;
  const at = name.indexOf(query);
  if (at < 0) return null;
  if (name.includes(` ${query}`)) return MATCH.wordPrefix;
  return MATCH.inside;
}

export interface SearchCandidate {
  /** Folded name (foldName). */
  key: string;
  /** Ties broken by weight, higher first (a place's population, an area's level). */
  weight: number;
  /** Last tie-break: the name as shown. */
  name: string;
}

/**
 * The best `limit` candidates for a query, by match quality, then shorter names (closer to the
 * query), then weight, then name — a stable order for the same index.
 *
 * @example
 * rankMatches([{ key: 'port louis', weight: 1, name: 'Port Louis' }, { key: 'louisville', weight: 1, name: 'Louisville' }], 'louis', 5)
 * // → [{ …Louisville, quality: 1 }, { …Port Louis, quality: 2 }]
 */
export function rankMatches<T extends SearchCandidate>(candidates: Iterable<T>, query: string, limit: number): (T & { quality: number })[] {
  const q = foldName(query);
  const hits: (T & { quality: number })[] = [];
  for (const c of candidates) {
    const quality = matchQuality(c.key, q);
    if (quality !== null) hits.push({ ...c, quality });
  }
  hits.sort((a, b) => a.quality - b.quality || a.key.length - b.key.length || b.weight - a.weight || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return hits.slice(0, limit);
}
