import type { Rgb } from '../../lib/colours';
import { DEFAULT_PALETTE, paletteColours, type PaletteId } from '../../lib/palettes';
import { classifyValues, classIndex, countClasses, type Classification, type ClassMethod } from './classify';
import type { Choropleth } from './choropleth-data';

/** How a choropleth is classified and coloured; chosen per layer in the layer panel. */
export interface ChoroplethStyle {
  /** @default 'quantile' */
  method: ClassMethod;
  /** 3–9. @default 5 */
  classes: number;
  /** @default 'viridis' (colour-blind safe, light for low values) */
  palette: PaletteId;
  /** Inner breaks of the manual method. @default [] */
  manualBreaks: number[];
  /** 0–1. @default 0.85 */
  opacity: number;
  /** Only areas with a value in [low, high] are filled (null: no bound); the breaks stay those of every value. @default [null, null] */
  range?: [number | null, number | null];
}

/** The class `classOf` gives an area whose value is outside the style's range: drawn unfilled. */
export const FILTERED_OUT = -2;

export const DEFAULT_CHOROPLETH_STYLE: ChoroplethStyle = { method: 'quantile', classes: 5, palette: DEFAULT_PALETTE, manualBreaks: [], opacity: 0.85 };

/** What the legend of a choropleth shows: its classes, its areas without a value, where it comes from. */
export interface ClassLegend {
  /** The layer's id on the map. */
  id: string;
  title: string;
  unit: string;
  source: string;
  /** The periods the areas show, oldest first. */
  periods: string[];
  /** The breaks are those of every period together (so colours compare over time). */
  fixedAcrossPeriods: boolean;
  method: ClassMethod;
  classes: { colour: Rgb; from: number; to: number; count: number }[];
  /** Areas of the boundary set with no value. */
  noData: number;
  /** Areas with a value outside the range filter (not filled, not in the class counts). */
  filteredOut: number;
  /** Areas whose value is withheld or under the small-count threshold (drawn as no data). */
  protectedCount: number;
  /** The small-count threshold k of those values, when any. */
  protectedBelow: number | null;
}

export interface StyledChoropleth {
  classification: Classification;
  colours: Rgb[];
  /** The class of a value; −1 for no value. */
  classOf: (value: number) => number;
  /** Changes when the classes do (for deck.gl's updateTriggers). */
  classKey: string;
  legend: ClassLegend;
}

export interface ChoroplethMeta {
  id: string;
  title: string;
  unit?: string;
  source: string;
  /** Areas without a value because theirs is protected (factors.map's `below`, `withheld`). */
  protectedCount?: number;
  /** The threshold k they fall under. */
  protectedBelow?: number | null;
}

/**
 * Classifies a choropleth's values by its style and gives each class its palette colour, with
 * the legend that says so. A manual style without breaks falls back to quantiles.
 *
 * @example
 * styleChoropleth(choropleth, { ...DEFAULT_CHOROPLETH_STYLE, method: 'jenks' }, meta).legend.classes[0].from;
 */
export function styleChoropleth(choropleth: Choropleth, style: ChoroplethStyle, meta: ChoroplethMeta, { fixBreaks = false }: { fixBreaks?: boolean } = {}): StyledChoropleth {
  const values = choropleth.collection.features.map((f) => f.properties.value);
  const method = style.method === 'manual' && style.manualBreaks.length === 0 ? 'quantile' : style.method;
  const options = { method, classes: style.classes, manualBreaks: style.manualBreaks };
  const classification = fixBreaks ? classifyAcrossPeriods(values, choropleth.allPeriodValues, options) : classifyValues(values, options);
  const n = Math.max(1, classification.breaks.length - 1);
  const colours = paletteColours(style.palette, n);
  const breaks = classification.breaks;
  const protectedCount = meta.protectedCount ?? 0;
  const [low, high] = style.range ?? [null, null];
  const inRange = (v: number) => (low === null || v >= low) && (high === null || v <= high);
  const filtered = low !== null || high !== null;
  // the legend counts what the map fills: values inside the range
  const counts = filtered ? countClasses(values.filter((v) => !Number.isFinite(v) || inRange(v)), breaks).counts : classification.counts;
  const filteredOut = filtered ? values.filter((v) => Number.isFinite(v) && !inRange(v)).length : 0;
  return {
    classification,
    colours,
    classOf: (value) => (Number.isFinite(value) && !inRange(value) ? FILTERED_OUT : classIndex(value, breaks)),
    classKey: `${breaks.join(',')}|${style.palette}|${low}|${high}`,
    legend: {
      id: meta.id,
      title: meta.title,
      unit: meta.unit ?? '',
      source: meta.source,
      periods: choropleth.periods,
      fixedAcrossPeriods: fixBreaks,
      method,
      classes: counts.map((count, i) => ({ colour: colours[i], from: breaks[i], to: breaks[i + 1], count })),
      noData: classification.missing - protectedCount,
      filteredOut,
      protectedCount,
      protectedBelow: meta.protectedBelow ?? null,
    },
  };
}

/**
 * The classes of one period's values under breaks drawn from every period's values together, so
 * that a colour means the same value whichever period is shown; the counts are the period's.
 *
 * @example
 * classifyAcrossPeriods([5, 6, NaN], [1, 5, 6, 9, 20], { method: 'equal', classes: 3 }).counts; // [2, 0, 0]
 */
export function classifyAcrossPeriods(shown: readonly number[], allPeriods: readonly number[], options: Parameters<typeof classifyValues>[1]): Classification {
  const pooled = classifyValues(allPeriods, options);
  const { counts, missing } = countClasses(shown, pooled.breaks);
  return { method: pooled.method, breaks: pooled.breaks, counts, missing };
}
