import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { ChoroplethCollection } from '../../map/layers/user-choropleth';

export interface ObservationRow {
  indicator: string;
  areaCode: string;
  period: string;
  value: number;
}

/** An indicator of an observations dataset, as the layer panel offers it. */
export interface IndicatorInfo {
  name: string;
  /** '' when the import gave none. */
  unit: string;
  /** Every period with a value, oldest first. */
  periods: string[];
  rows: number;
}

/** What to draw of an observations dataset; a missing or unknown choice takes the default. */
export interface ChoroplethChoice {
  /** @default the indicator with the most rows */
  indicator?: string | null;
  /** One period for every area. @default null: each area's latest */
  period?: string | null;
  /** A second indicator, drawn with the first as a bivariate choropleth. @default null */
  second?: string | null;
}

export interface Choropleth {
  collection: ChoroplethCollection;
  /** Lowest and highest value drawn; NaN when no area has a value. */
  domain: [number, number];
  indicator: string;
  /** The period chosen, or null when each area shows its latest. */
  period: string | null;
  /** The periods drawn, oldest first (one when every area has the same latest period). */
  periods: string[];
  /** Areas of the boundary set with a value. */
  withValue: number;
  /**
   * The indicator's values in every area of the set and every period, for breaks fixed across
   * periods (areas outside the boundary set left out).
   */
  allPeriodValues: number[];
}

type AreaFeature = Feature<Polygon | MultiPolygon, { code: string; name: string }>;

/**
 * The indicators of a dataset's rows with their units and periods, the one with the most rows
 * first (the default to map), then by name.
 *
 * @example
 * indicatorsOf(rows, [{ name: 'Child marriage', unit: '%' }])[0]; // { name: 'Child marriage', unit: '%', periods: ['2015-16', '2019-21'], rows: 76 }
 */
export function indicatorsOf(rows: ObservationRow[], units: readonly { name: string; unit: string }[] = []): IndicatorInfo[] {
  const byName = new Map<string, { rows: number; periods: Set<string> }>();
  for (const r of rows) {
    let i = byName.get(r.indicator);
    if (!i) byName.set(r.indicator, (i = { rows: 0, periods: new Set() }));
    i.rows++;
    if (Number.isFinite(r.value)) i.periods.add(r.period);
  }
  const unitOf = new Map(units.map((u) => [u.name, u.unit]));
  return [...byName]
    .map(([name, i]) => ({ name, unit: unitOf.get(name) ?? '', periods: [...i.periods].sort(comparePeriods), rows: i.rows }))
    .sort((a, b) => b.rows - a.rows || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The areas of a boundary set coloured by one indicator: the one chosen (else the one with the
 * most rows), in the period chosen (else each area's latest). Areas without a value stay in the
 * collection with NaN (drawn hatched), so that "no data" is never read as a low value. With a
 * second indicator, each area carries its value too (`second`, same period rule).
 *
 * @example
 * buildChoropleth(rows, bihar.features, { period: '2019-21' }).domain; // [21.4, 52]
 */
export function buildChoropleth(rows: ObservationRow[], areas: AreaFeature[], choice: ChoroplethChoice = {}): Choropleth {
  const known = indicatorsOf(rows);
  const indicator = known.find((i) => i.name === choice.indicator)?.name ?? known[0]?.name ?? '';
  const period = choice.period && known.find((i) => i.name === indicator)?.periods.includes(choice.period) ? choice.period : null;
  const second = choice.second && choice.second !== indicator && known.some((i) => i.name === choice.second) ? choice.second : null;
  const codes = new Set(areas.map((a) => a.properties.code));

  const shown = valuesOf(rows, indicator, period);
  const other = second ? valuesOf(rows, second, period) : null;
  const allPeriodValues = rows.filter((r) => r.indicator === indicator && Number.isFinite(r.value) && codes.has(r.areaCode)).map((r) => r.value);

  let min = Infinity;
  let max = -Infinity;
  const periods = new Set<string>();
  const features = areas.map((area) => {
    const row = shown.get(area.properties.code);
    if (row) {
      min = Math.min(min, row.value);
      max = Math.max(max, row.value);
      periods.add(row.period);
    }
    const b = other?.get(area.properties.code);
    return {
      type: 'Feature' as const,
      geometry: area.geometry,
      properties: {
        code: area.properties.code,
        name: area.properties.name,
        value: row ? row.value : NaN,
        period: row?.period ?? '',
        indicator,
        ...(other ? { second: b ? b.value : NaN, secondIndicator: second! } : {}),
      },
    };
  });
  return {
    collection: { type: 'FeatureCollection', features },
    domain: min <= max ? [min, max] : [NaN, NaN],
    indicator,
    period,
    periods: [...periods].sort(comparePeriods),
    withValue: features.filter((f) => Number.isFinite(f.properties.value)).length,
    allPeriodValues,
  };
}

// an indicator's row per area: in `period`, or the latest of each area when null
function valuesOf(rows: ObservationRow[], indicator: string, period: string | null): Map<string, ObservationRow> {
  const out = new Map<string, ObservationRow>();
  for (const r of rows) {
    if (r.indicator !== indicator || !Number.isFinite(r.value)) continue;
    if (period !== null && r.period !== period) continue;
    const seen = out.get(r.areaCode);
    if (!seen || comparePeriods(r.period, seen.period) > 0) out.set(r.areaCode, r);
  }
  return out;
}

/** Orders periods by their first year ("2019-21" after "2015-16"), then as text. */
export function comparePeriods(a: string, b: string): number {
  const ya = Number(/\d{4}/.exec(a)?.[0] ?? NaN);
  const yb = Number(/\d{4}/.exec(b)?.[0] ?? NaN);
  if (ya !== yb && Number.isFinite(ya) && Number.isFinite(yb)) return ya - yb;
  return a < b ? -1 : a > b ? 1 : 0;
}
