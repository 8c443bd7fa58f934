import type { LegendContent } from '../../ui/legend-content';

/**
 * The picture's title until the user writes one: the choropleths shown (what the map is about),
 * else every visible layer, else `fallback`.
 *
 * @example
 * defaultExportTitle([{ kind: 'swatch', title: 'Airports', … }], 'Risk Atlas'); // 'Airports'
 */
export function defaultExportTitle(legends: readonly LegendContent[], fallback: string): string {
  const thematic = legends.filter((l) => l.kind !== 'swatch');
  const named = (thematic.length > 0 ? thematic : legends).map((l) => l.title);
  return [...new Set(named)].join(' · ') || fallback;
}
