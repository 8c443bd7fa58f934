import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { ChoroplethCollection } from '../../map/layers/user-choropleth';

export interface ObservationRow {
  indicator: string;
  areaCode: string;
  period: string;
  value: number;
}

export interface Choropleth {
  collection: ChoroplethCollection;
  /** Lowest and highest value drawn; NaN when no area has a value. */
  domain: [number, number];
  indicator: string;
  /** The periods drawn, oldest first (one when every area has the same latest period). */
  periods: string[];
  /** Areas of the boundary set with a value. */
  withValue: number;
}

type AreaFeature = Feature<Polygon | MultiPolygon, { code: string; name: string }>;

/**
 * The areas of a boundary set coloured by one indicator: the indicator with the most rows, and
 * for each area its latest period. Areas without a value stay in the collection with NaN (drawn
 * grey), so that "no data" is never read as a low value.
 *
 * @example
 * buildChoropleth(rows, bihar.features).domain; // [21.4, 52]
 */
export function buildChoropleth(rows: ObservationRow[], areas: AreaFeature[]): Choropleth {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.indicator, (counts.get(r.indicator) ?? 0) + 1);
  const indicator = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';

  const latest = new Map<string, ObservationRow>();
  for (const r of rows) {
    if (r.indicator !== indicator || !Number.isFinite(r.value)) continue;
    const seen = latest.get(r.areaCode);
    if (!seen || comparePeriods(r.period, seen.period) > 0) latest.set(r.areaCode, r);
  }

  let min = Infinity;
  let max = -Infinity;
  const periods = new Set<string>();
  const features = areas.map((area) => {
    const row = latest.get(area.properties.code);
    if (row) {
      min = Math.min(min, row.value);
      max = Math.max(max, row.value);
      periods.add(row.period);
    }
    return {
      type: 'Feature' as const,
      geometry: area.geometry,
      properties: {
        code: area.properties.code,
        name: area.properties.name,
        value: row ? row.value : NaN,
        period: row?.period ?? '',
        indicator,
      },
    };
  });
  return {
    collection: { type: 'FeatureCollection', features },
    domain: min <= max ? [min, max] : [NaN, NaN],
    indicator,
    periods: [...periods].sort(comparePeriods),
    withValue: features.filter((f) => Number.isFinite(f.properties.value)).length,
  };
}

/** Orders periods by their first year ("2019-21" after "2015-16"), then as text. */
export function comparePeriods(a: string, b: string): number {
  const ya = Number(/\d{4}/.exec(a)?.[0] ?? NaN);
  const yb = Number(/\d{4}/.exec(b)?.[0] ?? NaN);
  if (ya !== yb && Number.isFinite(ya) && Number.isFinite(yb)) return ya - yb;
  return a < b ? -1 : a > b ? 1 : 0;
}
