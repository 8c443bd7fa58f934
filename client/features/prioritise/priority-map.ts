/**
 * What the class map needs from a scorer and a boundary set's features: which plan area each
 * feature is, its colour (rewritten in place after a slider move) and the areas to hatch.
 */
import type { FeatureCollection } from 'geojson';
import type { Rgb } from '../../lib/colours';
import { fillColours } from './class-palette';
import type { PriorityScorer } from './priority-scorer';

/** An area is hatched when fewer than this share of its inputs are present and up to date. */
export const RELIABLE_FROM = 0.5;

/**
 * Per feature, the index of its area in the plan (by `properties.code`), -1 when not scored.
 *
 * @example
 * featureAreas(countries, ['NPL', 'IND']); // Int32Array, e.g. [-1, 1, 0, …]
 */
export function featureAreas(collection: FeatureCollection, areaCodes: readonly string[]): Int32Array {
  const index = new Map(areaCodes.map((code, a) => [code, a]));
  return Int32Array.from(collection.features, (f) => index.get(String(f.properties?.code ?? '')) ?? -1);
}

/**
 * RGBA per feature from a class index per area (the scorer's classes, or those of the coverage
 * gap or of the top-N share): a feature of no scored area is transparent.
 *
 * @example
 * featureColours(scorer.classIndex, areas, classColours(5), 190, buffer); // buffer rewritten in place
 */
export function featureColours(classIndex: Int8Array, areas: Int32Array, colours: readonly Rgb[], alpha: number, out = new Uint8Array(areas.length * 4), noScoreAlpha = alpha): Uint8Array {
  const byArea = fillColours(classIndex, colours, alpha, undefined, noScoreAlpha);
  for (let f = 0; f < areas.length; f++) {
    const a = areas[f];
    if (a < 0) out.fill(0, 4 * f, 4 * f + 4);
    else out.set(byArea.subarray(4 * a, 4 * a + 4), 4 * f);
  }
  return out;
}

/** The top-N share's classes on the map: fifths of 0–1, the last closed (1 is in it). */
export const SHARE_CLASSES = 5;

/**
 * Per area, which fifth of 0–1 its share of draws in the top N falls in; -1 without one.
 *
 * @example
 * shareClasses(Float64Array.of(0, 0.19, 0.2, 1, NaN)); // Int8Array [0, 0, 1, 4, -1]
 */
export function shareClasses(shares: Float64Array, out = new Int8Array(shares.length)): Int8Array {
  for (let a = 0; a < shares.length; a++) out[a] = Number.isNaN(shares[a]) ? -1 : Math.min(SHARE_CLASSES - 1, Math.floor(shares[a] * SHARE_CLASSES));
  return out;
}

/**
 * The features of scored areas whose reliability is under {@link RELIABLE_FROM}: hatched on the map.
 * Reliability does not depend on the weights, so this is made once per scorer.
 */
export function unreliableFeatures(collection: FeatureCollection, areas: Int32Array, scorer: PriorityScorer): FeatureCollection {
  return { type: 'FeatureCollection', features: collection.features.filter((_, f) => areas[f] >= 0 && scorer.classIndex[areas[f]] >= 0 && scorer.reliability(areas[f]) < RELIABLE_FROM) };
}

/** Per class, how many areas are in it; then those without a value, and the unreliable ones (of the scorer). */
export function classCounts(scorer: PriorityScorer, classIndex: Int8Array = scorer.classIndex, classCount = scorer.classes.length): { perClass: number[]; noScore: number; unreliable: number } {
  const perClass = new Array<number>(classCount).fill(0);
  let noScore = 0;
  let unreliable = 0;
  for (let a = 0; a < scorer.areaCount; a++) {
    const k = classIndex[a];
    if (k < 0) noScore++;
    else {
      perClass[k]++;
      if (scorer.reliability(a) < RELIABLE_FROM) unreliable++;
    }
  }
  return { perClass, noScore, unreliable };
}
