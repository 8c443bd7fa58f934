import type { FeatureCollection } from 'geojson';

export interface AreaMatch {
  code: string;
  name: string;
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{Diacritic}/gu, '').toLowerCase().trim();

/**
 * Areas of a boundary set whose name or code matches what was typed, any case and accents: an
 * exact code first, then names that start with it, then names or codes that contain it.
 *
 * @example
 * findAreas(countries, 'nep')[0]; // { code: 'NPL', name: 'Nepal' }
 */
export function findAreas(collection: FeatureCollection | undefined, query: string, limit = 8): AreaMatch[] {
  const q = fold(query);
  if (!collection || q === '') return [];
  const scored: { match: AreaMatch; score: number }[] = [];
  for (const f of collection.features) {
    const p = (f.properties ?? {}) as { code?: unknown; name?: unknown };
    if (typeof p.code !== 'string') continue;
    const name = typeof p.name === 'string' ? p.name : p.code;
    const code = fold(p.code);
    const n = fold(name);
    const score = code === q ? 0 : n === q ? 1 : n.startsWith(q) ? 2 : code.startsWith(q) ? 3 : n.includes(q) ? 4 : -1;
    if (score >= 0) scored.push({ match: { code: p.code, name }, score });
  }
  scored.sort((a, b) => a.score - b.score || a.match.name.localeCompare(b.match.name));
  return scored.slice(0, limit).map((s) => s.match);
}
