/**
 * A leaf's raw observations → its 0–10 scores, in the order of the methodology: cap outliers,
 * then the optional ln(x + 1), then the normalisation, then the direction. Missing values (NaN)
 * stay NaN at every step and take no part in the statistics (range, mean, quartiles, ranks).
 */
import type { Caps, ModelLeaf } from './model-file';

/**
 * Quantile by linear interpolation between order statistics (R's type 7, Excel's QUARTILE.INC).
 *
 * @example
 * quantileSorted(Float64Array.of(1, 2, 3, 4), 0.25); // 1.75
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  return lo + 1 < n ? sorted[lo] + (h - lo) * (sorted[lo + 1] - sorted[lo]) : sorted[lo];
}

// The finite values, sorted ascending (a typed-array sort: numeric, no comparator).
function sortedFinite(values: Float64Array): Float64Array {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) n++;
  const out = new Float64Array(n);
  n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i])) out[n++] = values[i];
  return out.sort();
}

/**
 * The bounds that caps put on a leaf's values: fixed, or Tukey fences Q1 − k·IQR and Q3 + k·IQR.
 *
 * @example
 * capBounds(Float64Array.of(1, 2, 3, 4, 100), { iqr: 1.5 }); // [-1, 7]: Q1 2, Q3 4
 */
export function capBounds(values: Float64Array, caps: Caps): [number, number] {
  if ('iqr' in caps) {
    const sorted = sortedFinite(values);
    const q1 = quantileSorted(sorted, 0.25);
    const q3 = quantileSorted(sorted, 0.75);
    return [q1 - caps.iqr * (q3 - q1), q3 + caps.iqr * (q3 - q1)];
  }
  return [caps.lower ?? -Infinity, caps.upper ?? Infinity];
}

const clamp10 = (x: number) => (x < 0 ? 0 : x > 10 ? 10 : x);

/**
 * Normalise one leaf's raw values (one per area, NaN where missing) to 0–10, 10 the most risk.
 * - `none`: the values are already scores; they are clamped to 0–10.
 * - `minmax`: (x − min)/(max − min)·10, bounds from the leaf (indicator units, transformed like
 *   the values) or else the data's range, clamped to 0–10.
 * - `zscore`: 5 + 5z/3 (population standard deviation), so ±3 sd spans the scale, clamped.
 * - `percentile`: percentile rank (r − 1)/(n − 1)·10, ties given their mean rank.
 * A leaf whose values are all equal carries no information and scores 5 everywhere. Under `log`
 * a value ≤ −1 has no logarithm and becomes missing.
 *
 * @example
 * normaliseLeaf({ id: 'cm', indicator: 'cm', normalisation: 'minmax' }, Float64Array.of(10, 20, NaN, 30));
 * // Float64Array [0, 5, NaN, 10]
 */
export function normaliseLeaf(leaf: ModelLeaf, raw: Float64Array): Float64Array {
  const x = Float64Array.from(raw);
  if (leaf.caps) {
    const [lo, hi] = capBounds(x, leaf.caps);
    for (let i = 0; i < x.length; i++) x[i] = x[i] < lo ? lo : x[i] > hi ? hi : x[i];
  }
  const log = leaf.transform === 'log';
  const transform = (v: number) => (log ? (v > -1 ? Math.log1p(v) : Number.NaN) : v);
  if (log) for (let i = 0; i < x.length; i++) x[i] = transform(x[i]);

  const out = new Float64Array(x.length);
  const sorted = leaf.normalisation === 'none' ? null : sortedFinite(x);
  const n = sorted?.length ?? 0;
  switch (leaf.normalisation) {
    case 'none':
      for (let i = 0; i < x.length; i++) out[i] = clamp10(x[i]);
      break;
    case 'minmax': {
      const lo = leaf.min !== undefined ? transform(leaf.min) : sorted![0];
      const hi = leaf.max !== undefined ? transform(leaf.max) : sorted![n - 1];
      for (let i = 0; i < x.length; i++) out[i] = hi > lo ? clamp10(((x[i] - lo) / (hi - lo)) * 10) : Number.isNaN(x[i]) ? x[i] : 5;
      break;
    }
    case 'zscore': {
      let sum = 0;
      for (let i = 0; i < n; i++) sum += sorted![i];
      const mean = sum / n;
      let ss = 0;
      for (let i = 0; i < n; i++) ss += (sorted![i] - mean) ** 2;
      const sd = Math.sqrt(ss / n);
      for (let i = 0; i < x.length; i++) out[i] = sd > 0 ? clamp10(5 + ((x[i] - mean) / sd) * (5 / 3)) : Number.isNaN(x[i]) ? x[i] : 5;
      break;
    }
    case 'percentile':
      for (let i = 0; i < x.length; i++) {
        if (Number.isNaN(x[i])) out[i] = x[i];
        else if (n === 1) out[i] = 5;
        else {
          const below = lowerBound(sorted!, x[i]);
          const equal = upperBound(sorted!, x[i]) - below;
          out[i] = ((below + (equal - 1) / 2) / (n - 1)) * 10;
        }
      }
      break;
  }
  if (leaf.direction === 'higher-less-risk') for (let i = 0; i < out.length; i++) out[i] = 10 - out[i];
  return out;
}

/**
 * The index of the first element ≥ x in an ascending array.
 *
 * @example
 * lowerBound([1, 2, 2, 3], 2); // 1
 */
export function lowerBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The index of the first element > x in an ascending array.
 *
 * @example
 * upperBound([1, 2, 2, 3], 2); // 3
 */
export function upperBound(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
