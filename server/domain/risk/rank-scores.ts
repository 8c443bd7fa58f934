/**
 * Ranks of composite scores, 1 for the highest risk. Ties share the best rank of their group and
 * the next rank skips ("1, 2, 2, 4": standard competition ranking, as Excel's RANK.EQ and INFORM's
 * published Rank). Missing scores get no rank (NaN) and do not push anyone down.
 */

/** Working arrays for {@link rankScores}, to reuse between slider moves (nothing then is allocated). */
export interface RankScratch {
  bucket: Int32Array;
  start: Int32Array;
  sorted: Float64Array;
}

/**
 * Working arrays for ranking up to `n` scores.
 *
 * @example
 * const scratch = createRankScratch(50_000);
 * rankScores(scores, ranks, scratch); // on every slider move, allocating nothing
 */
export const createRankScratch = (n: number): RankScratch => ({
  bucket: new Int32Array(n), start: new Int32Array(n + 2), sorted: new Float64Array(n),
});

/**
 * Rank `scores` into `out`, in about linear time so that a slider can re-rank 50,000 areas within
 * a frame: the scores are bucketed by value (as many buckets as scores, over their range), and an
 * area's rank is 1 + the scores in higher buckets + the higher scores in its own bucket (usually
 * none; a bucket holding more than 32, where scores cluster, is sorted and binary-searched).
 *
 * @example
 * rankScores(Float64Array.of(5, 7, NaN, 5, 9)); // Float64Array [3, 2, NaN, 3, 1]
 */
export function rankScores(scores: Float64Array, out = new Float64Array(scores.length), scratch = createRankScratch(scores.length)): Float64Array {
  const n = scores.length;
  const { bucket, start, sorted } = scratch.bucket.length >= n ? scratch : createRankScratch(n);
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
  start.fill(0, 0, buckets + 2);
  for (let a = 0; a < n; a++) {
    const s = scores[a];
    if (s === s) {
      const b = Math.floor((s - min) * scale);
      bucket[a] = b;
      start[b + 2]++;
    } else bucket[a] = -1;
  }
  // start[b + 1] becomes the start of bucket b + 1 once the scores are put in place
  for (let b = 0; b < buckets; b++) start[b + 2] += start[b + 1];
  for (let a = 0; a < n; a++) if (bucket[a] >= 0) sorted[start[bucket[a] + 1]++] = scores[a];
  // now bucket b spans [start[b], start[b + 1])
  for (let b = 0; b < buckets; b++) if (start[b + 1] - start[b] > 32) sorted.subarray(start[b], start[b + 1]).sort();
  for (let a = 0; a < n; a++) {
    const b = bucket[a];
    if (b < 0) {
      out[a] = Number.NaN;
      continue;
    }
    const s = scores[a];
    const lo = start[b];
    const hi = start[b + 1];
    let above = 0;
    if (hi - lo <= 32) {
      for (let i = lo; i < hi; i++) if (sorted[i] > s) above++;
    } else {
      let l = lo;
      let h = hi;
      while (l < h) {
        const mid = (l + h) >>> 1;
        if (sorted[mid] <= s) l = mid + 1;
        else h = mid;
      }
      above = hi - l;
    }
    out[a] = 1 + (known - hi) + above;
  }
  return out;
}
