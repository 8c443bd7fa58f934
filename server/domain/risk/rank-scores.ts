/**
 * Ranks of composite scores, 1 for the highest risk. Ties share the best rank of their group and
 * the next rank skips ("1, 2, 2, 4": standard competition ranking, as Excel's RANK.EQ and INFORM's
 * published Rank). Missing scores get no rank (NaN) and do not push anyone down.
 */
import { upperBound } from './normalise-leaf';

/**
 * Rank `scores` into `out` (a fresh array by default). O(n log n): one typed-array sort and a
 * binary search per area, so no index array or comparator is involved.
 *
 * @example
 * rankScores(Float64Array.of(5, 7, NaN, 5, 9)); // Float64Array [3, 2, NaN, 3, 1]
 */
export function rankScores(scores: Float64Array, out = new Float64Array(scores.length)): Float64Array {
  // NaN sorts last in a typed-array sort, so the known scores are the first `known` entries.
  const sorted = Float64Array.from(scores).sort();
  let known = sorted.length;
  while (known > 0 && Number.isNaN(sorted[known - 1])) known--;
  const ranked = sorted.subarray(0, known);
  for (let a = 0; a < scores.length; a++) {
    const s = scores[a];
    out[a] = s === s ? 1 + known - upperBound(ranked, s) : Number.NaN;
  }
  return out;
}
