import { parseColour } from '../../lib/palettes';
import type { Rgb } from '../../lib/colours';
import { classifyValues, classIndex } from './classify';
import type { Choropleth } from './choropleth-data';
import type { ChoroplethProperties } from '../../map/layers/user-choropleth';

/**
 * Cynthia Brewer's sequential × sequential 3 × 3 scheme (blue × orange, grey diagonal; as in the
 * R package pals, `brewer.seqseq2`), which keeps its nine cells apart under the common colour-vision
 * deficiencies (Nowosad 2020, checked with colorblindcheck). Row = class of the first indicator
 * (orange as it rises), column = class of the second (blue as it rises); [0][0] low–low.
 */
export const BIVARIATE_COLOURS: readonly (readonly Rgb[])[] = [
  ['#f3f3f3', '#b4d3e1', '#509dc2'],
  ['#f3e6b3', '#b3b3b3', '#376387'],
  ['#f3b300', '#b36600', '#000000'],
].map((row) => row.map(parseColour));

export interface BivariateClasses {
  /** Tertile breaks (lowest, two inner, highest) of each indicator; fewer with tied values. */
  breaksFirst: number[];
  breaksSecond: number[];
  /** Areas in each cell: counts[row][column], row the first indicator's class. */
  counts: number[][];
  /** Areas missing either value: drawn as no data, never in a low cell. */
  missing: number;
}

/**
 * Puts each area in one of nine cells by the tertiles (quantiles in 3, d3-array R-7) of two
 * indicators; an area missing either value is in none.
 *
 * @example
 * classifyBivariate([1, 2, 3], [30, 20, 10]).counts; // [[0, 0, 1], [0, 1, 0], [1, 0, 0]]
 */
export function classifyBivariate(first: readonly number[], second: readonly number[]): BivariateClasses {
  if (first.length !== second.length) throw new Error(`classifyBivariate: ${first.length} first values and ${second.length} second ones; expected one of each per area`);
  // only areas with both values set the tertiles, so that the cells split the areas drawn
  const both = first.map((a, i) => Number.isFinite(a) && Number.isFinite(second[i]));
  const breaksFirst = classifyValues(first.filter((_, i) => both[i]), { method: 'quantile', classes: 3 }).breaks;
  const breaksSecond = classifyValues(second.filter((_, i) => both[i]), { method: 'quantile', classes: 3 }).breaks;
  const counts = [0, 1, 2].map(() => [0, 0, 0]);
  let missing = 0;
  for (let i = 0; i < first.length; i++) {
    const cell = bivariateCell(first[i], second[i], breaksFirst, breaksSecond);
    if (cell < 0) missing++;
    else counts[Math.floor(cell / 3)][cell % 3]++;
  }
  return { breaksFirst, breaksSecond, counts, missing };
}

/** The cell (row × 3 + column, 0–8) of an area's two values; −1 when either is missing. */
export function bivariateCell(first: number, second: number, breaksFirst: readonly number[], breaksSecond: readonly number[]): number {
  const row = classIndex(first, breaksFirst);
  const column = classIndex(second, breaksSecond);
  if (row < 0 || column < 0) return -1;
  return Math.min(row, 2) * 3 + Math.min(column, 2);
}

/** What the 3 × 3 legend of a bivariate map shows. */
export interface BivariateLegend {
  first: { title: string; unit: string; breaks: number[] };
  second: { title: string; unit: string; breaks: number[] };
  /** colours[row][column], as BIVARIATE_COLOURS. */
  colours: readonly (readonly Rgb[])[];
  counts: number[][];
  /** Areas missing either value (hatched). */
  noData: number;
  periods: string[];
  source: string;
}

export interface StyledBivariate {
  classOf: (properties: ChoroplethProperties) => number;
  /** The nine colours, cell by cell (row × 3 + column). */
  colours: Rgb[];
  classKey: string;
  legend: BivariateLegend;
}

/**
 * A choropleth built with a second indicator (buildChoropleth's `second`) as a bivariate map: each
 * area's cell by the tertiles of both, with its 3 × 3 legend.
 *
 * @example
 * styleBivariate(buildChoropleth(rows, areas, { second: 'Anaemia' }), { unit: '%', secondUnit: '%', source: 'NFHS' }).legend.counts;
 */
export function styleBivariate(choropleth: Choropleth, meta: { unit: string; secondUnit: string; source: string }): StyledBivariate {
  const features = choropleth.collection.features;
  const first = features.map((f) => f.properties.value);
  const second = features.map((f) => f.properties.second ?? NaN);
  const classes = classifyBivariate(first, second);
  const { breaksFirst, breaksSecond } = classes;
  return {
    classOf: (p) => bivariateCell(p.value, p.second ?? NaN, breaksFirst, breaksSecond),
    colours: BIVARIATE_COLOURS.flat(),
    classKey: `bivariate|${breaksFirst.join(',')}|${breaksSecond.join(',')}`,
    legend: {
      first: { title: choropleth.indicator, unit: meta.unit, breaks: breaksFirst },
      second: { title: features[0]?.properties.secondIndicator ?? '', unit: meta.secondUnit, breaks: breaksSecond },
      colours: BIVARIATE_COLOURS,
      counts: classes.counts,
      noData: classes.missing,
      periods: choropleth.periods,
      source: meta.source,
    },
  };
}
