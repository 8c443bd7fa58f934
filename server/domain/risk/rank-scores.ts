/**
 * Ranks of composite scores, 1 for the highest risk. Ties share the best rank of their group and
 * the next rank skips ("1, 2, 2, 4": standard competition ranking, as Excel's RANK.EQ and INFORM's
 * published Rank). Missing scores get no rank (NaN) and do not push anyone down.
 */

/**
 * Rank `scores` into `out` (a fresh array by default), in about linear time so that a slider can
 * re-rank 50,000 areas within a frame: the scores are bucketed by value (as many buckets as
 * scores, over their range), each bucket sorted (a few values at most, unless they cluster),
 * and an area's rank is 1 + the scores in higher buckets + the higher scores in its own bucket.
 *
 * @example
 * rankScores(Float64Array.of(5, 7, NaN, 5, 9)); // Float64Array [3, 2, NaN, 3, 1]
 */
export function rankScores(scores: Float64Array, out = new Float64Array(scores.length)): Float64Array {
  const n = scores.length;
  let min = Infinity;
  let max = -Infinity;
  let known = 0;
  for (let a = 0; a < n; a++) {
    const s = scores[a];
    if (s === s) {
      known++;
      if (s < min) min = s;
      if (s > max) max = s;
    }
  }
  const buckets = Math.max(1, known);
  const scale = max > min ? (buckets - 1) / (max - min) : 0;
  const bucketOf = (s: number) => Math.floor((s - min) * scale);
  // start[b]: where bucket b begins in `sorted`; counting sort of the values by bucket
  const start = new Int32Array(buckets + 1);
  for (let a = 0; a < n; a++) if (scores[a] === scores[a]) start[bucketOf(scores[a]) + 1]++;
  for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
  const fill = start.slice(0, buckets);
  const sorted = new Float64Array(known);
  for (let a = 0; a < n; a++) if (scores[a] === scores[a]) sorted[fill[bucketOf(scores[a])]++] = scores[a];
  for (let b = 0; b < buckets; b++) {
    const lo = start[b];
    const hi = start[b + 1];
    if (hi - lo > 32) sorted.subarray(lo, hi).sort();
    else {
      for (let i = lo + 1; i < hi; i++) {
        const v = sorted[i];
        let j = i - 1;
        while (j >= lo && sorted[j] > v) { sorted[j + 1] = sorted[j]; j--; }
        sorted[j + 1] = v;
      }
    }
  }
  for (let a = 0; a < n; a++) {
    const s = scores[a];
    if (s !== s) {
      out[a] = Number.NaN;
      continue;
    }
    const b = bucketOf(s);
    const hi = start[b + 1];
    let lo = start[b];
    // alone in its bucket (the usual case): the scores above s are those of the later buckets
    if (hi - lo === 1) {
      out[a] = 1 + known - hi;
      continue;
    }
    // else also those after s in its own bucket (a binary search: clustered scores can fill one)
    let end = hi;
    while (lo < end) {
      const mid = (lo + end) >>> 1;
      if (sorted[mid] <= s) lo = mid + 1;
      else end = mid;
    }
    out[a] = 1 + (known - lo);
  }
  return out;
}
