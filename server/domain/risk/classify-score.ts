/** Risk classes: named score ranges, each from its lower bound (inclusive) to the next one's. */

export interface RiskClass {
  label: string;
  /** Lowest score of the class, inclusive. The first class should start at -Infinity or 0. */
  from: number;
}

/**
 * INFORM Risk 2025's classes, as the published RISK CLASS column applies them to INFORM RISK
 * (checked on all 191 countries of `inform_risk_2025_v070`). INFORM re-derives these bounds each
 * release; the older fixed ranges 2 / 3.5 / 5 / 6.5 misclassify 31 of the 2025 countries.
 */
export const INFORM_2025_CLASSES: readonly RiskClass[] = [
  { label: 'Very Low', from: -Infinity },
  { label: 'Low', from: 2.2 },
  { label: 'Medium', from: 3.2 },
  { label: 'High', from: 5.1 },
  { label: 'Very High', from: 6.9 },
];

/**
 * The index of a score's class in `classes` (sorted by `from`), or -1 for a missing score.
 *
 * @example
 * INFORM_2025_CLASSES[classifyScore(6.0)].label; // 'High' (Bangladesh, INFORM Risk 2025)
 */
export function classifyScore(score: number, classes: readonly RiskClass[] = INFORM_2025_CLASSES): number {
  if (Number.isNaN(score)) return -1;
  let k = -1;
  for (let i = 0; i < classes.length && score >= classes[i].from; i++) k = i;
  return k;
}

/**
 * Classes of many scores at once into `out` (class index, -1 where the score is missing), for
 * recolouring a map after a slider move.
 *
 * @example
 * classifyScores(Float64Array.of(1, 6, NaN)); // Int8Array [0, 3, -1]
 */
export function classifyScores(scores: Float64Array, classes: readonly RiskClass[] = INFORM_2025_CLASSES, out = new Int8Array(scores.length)): Int8Array {
  const from = Float64Array.from(classes, (c) => c.from);
  for (let a = 0; a < scores.length; a++) {
    const s = scores[a];
    let k = -1;
    if (s === s) while (k + 1 < from.length && s >= from[k + 1]) k++;
    out[a] = k;
  }
  return out;
}
