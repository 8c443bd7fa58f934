import { quantileSorted } from 'd3-array';
import { ckmeans } from 'simple-statistics';

export const CLASS_METHODS = ['quantile', 'equal', 'jenks', 'stddev', 'manual'] as const;
export type ClassMethod = (typeof CLASS_METHODS)[number];

export const MIN_CLASSES = 3;
export const MAX_CLASSES = 9;

export interface ClassifyOptions {
  /** @default 'quantile' */
  method?: ClassMethod;
  /** 3–9; ignored for manual breaks (one more class than breaks). @default 5 */
  classes?: number;
  /** The inner breaks of the manual method, in any order. @default [] */
  manualBreaks?: number[];
}

/** How values fall into classes: class i holds breaks[i] ≤ x < breaks[i + 1] (the last includes its top). */
export interface Classification {
  method: ClassMethod;
  /** Lowest value, inner breaks, highest value: one more than the classes. Empty when no value is finite. */
  breaks: number[];
  /** Values in each class. */
  counts: number[];
  /** Values that are missing (NaN, ±Infinity, null): never put in a class. */
  missing: number;
}

/**
 * Sorts finite values into classes by one of the usual cartographic methods: quantiles (d3-array,
 * R-7), equal intervals, Jenks natural breaks (simple-statistics ckmeans, the optimal 1-D k-means),
 * standard deviations about the mean (one standard deviation wide, the outer classes open), or
 * breaks the user gives. Missing values are counted apart, never as low ones. Fewer distinct values
 * than classes give fewer classes.
 *
 * @example
 * classifyValues([-1, 2, -1, 2, 4, 5, 6, -1, 2, -1], { method: 'jenks', classes: 3 }).breaks; // [-1, 2, 4, 6]
 */
export function classifyValues(values: ArrayLike<number | null>, options: ClassifyOptions = {}): Classification {
  const method = options.method ?? 'quantile';
  if (!CLASS_METHODS.includes(method)) throw new Error(`invalid classification method: ${method}; expected one of ${CLASS_METHODS.join(', ')}`);
  const manual = dedupe((options.manualBreaks ?? []).filter(Number.isFinite).sort((a, b) => a - b));
  const classes = method === 'manual' ? manual.length + 1 : (options.classes ?? 5);
  if (method !== 'manual' && !(Number.isInteger(classes) && classes >= MIN_CLASSES && classes <= MAX_CLASSES)) {
    throw new Error(`invalid classes: ${options.classes}; expected a whole number from ${MIN_CLASSES} to ${MAX_CLASSES}`);
  }
  if (method === 'manual' && (manual.length < 1 || classes > MAX_CLASSES)) {
    throw new Error(`invalid manual breaks: ${manual.length}; expected 1 to ${MAX_CLASSES - 1} numbers`);
  }

  const sorted: number[] = [];
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) sorted.push(v);
    else missing++;
  }
  sorted.sort((a, b) => a - b);
  if (sorted.length === 0) return { method, breaks: [], counts: [], missing };
  const min = sorted[0];
  const max = sorted[sorted.length - 1];

  let inner: number[];
  if (method === 'manual') inner = manual;
  else if (min === max) inner = [];
  else if (method === 'quantile') inner = range(1, classes).map((i) => quantileSorted(sorted, i / classes)!);
  else if (method === 'equal') inner = range(1, classes).map((i) => min + ((max - min) * i) / classes);
  else if (method === 'jenks') {
    const clusters = ckmeans(sorted, Math.min(classes, distinctCount(sorted)));
    // each cluster starts a class
    inner = clusters.slice(1).map((c) => c[0]);
  } else {
    const m = sorted.reduce((s, v) => s + v, 0) / sorted.length;
    const sd = Math.sqrt(sorted.reduce((s, v) => s + (v - m) ** 2, 0) / sorted.length);
    // classes one standard deviation wide, centred on the mean (an odd count puts the mean mid-class)
    inner = range(1, classes).map((i) => m + (i - classes / 2) * sd);
  }
  // manual breaks stand as given (so colours compare across layers and periods), the outer ones
  // widened to the data; computed ones inside the data's range, each once (tied quantiles would
  // give empty classes); one at the top value leaves a last class of that value alone
  const breaks =
    method === 'manual'
      ? [Math.min(min, inner[0]), ...inner, Math.max(max, inner[inner.length - 1])]
      : [min, ...dedupe(inner.filter((b) => b > min && b <= max)), max];

  const counts = new Array<number>(breaks.length - 1).fill(0);
  for (const v of sorted) counts[classIndex(v, breaks)]++;
  return { method, breaks, counts, missing };
}

/**
 * Counts values in the classes of breaks made elsewhere (another period's, or every period's
 * together, so that colours compare over time): values outside the breaks fall in the end
 * classes, missing ones are counted apart.
 *
 * @example
 * countClasses([1, 5, NaN, 12], [0, 4, 8, 10]); // { counts: [1, 1, 1], missing: 1 }
 */
export function countClasses(values: ArrayLike<number | null>, breaks: readonly number[]): { counts: number[]; missing: number } {
  const counts = new Array<number>(Math.max(0, breaks.length - 1)).fill(0);
  let missing = 0;
  for (let i = 0; i < values.length; i++) {
    const c = classIndex(values[i], breaks);
    if (c < 0) missing++;
    else counts[c]++;
  }
  return { counts, missing };
}

/**
 * The class of a value: 0 for the lowest, breaks.length − 2 for the highest; −1 for a missing
 * value (which is drawn as no data, never in the lowest class). Values outside the breaks fall in
 * the end classes.
 */
export function classIndex(value: number | null | undefined, breaks: readonly number[]): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || breaks.length < 2) return -1;
  const last = breaks.length - 2;
  // binary search for the last break ≤ value among the inner ones
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (breaks[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}

function distinctCount(sorted: number[]): number {
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) n++;
  return n;
}

function dedupe(sortedValues: number[]): number[] {
  return sortedValues.filter((v, i) => i === 0 || v !== sortedValues[i - 1]);
}
