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
 * RGBA per feature from the scorer's classes: a feature of no scored area is transparent.
 *
 * @example
 * featureColours(scorer, areas, classColours(5), 190, buffer); // buffer rewritten in place
 */
export function featureColours(scorer: PriorityScorer, areas: Int32Array, colours: readonly Rgb[], alpha: number, out = new Uint8Array(areas.length * 4), noScoreAlpha = alpha): Uint8Array {
  const byArea = fillColours(scorer.classIndex, colours, alpha, undefined, noScoreAlpha);
  for (let f = 0; f < areas.length; f++) {
    const a = areas[f];
    if (a < 0) out.fill(0, 4 * f, 4 * f + 4);
    else out.set(byArea.subarray(4 * a, 4 * a + 4), 4 * f);
  }
  return out;
}

/**
 * The features of scored areas whose reliability is under {@link RELIABLE_FROM}: hatched on the map.
 * Reliability does not depend on the weights, so this is made once per scorer.
 */
export function unreliableFeatures(collection: FeatureCollection, areas: Int32Array, scorer: PriorityScorer): FeatureCollection {
  return { type: 'FeatureCollection', features: collection.features.filter((_, f) => areas[f] >= 0 && scorer.classIndex[areas[f]] >= 0 && scorer.reliability(areas[f]) < RELIABLE_FROM) };
}

/** Per class, how many areas are in it; then those without a score, and the unreliable ones. */
export function classCounts(scorer: PriorityScorer): { perClass: number[]; noScore: number; unreliable: number } {
  const perClass = new Array<number>(scorer.classes.length).fill(0);
  let noScore = 0;
  let unreliable = 0;
  for (let a = 0; a < scorer.areaCount; a++) {
    const k = scorer.classIndex[a];
    if (k < 0) noScore++;
    else {
      perClass[k]++;
      if (scorer.reliability(a) < RELIABLE_FROM) unreliable++;
    }
  }
  return { perClass, noScore, unreliable };
}
