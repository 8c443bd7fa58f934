/**
 * Explanations: per area, each leaf's contribution to the area's score minus the mean score of all
 * scored areas; the contributions add up to that difference exactly (up to floating point).
 *
 * The method, top-down from the root:
 * 1. Each node gets a reference value R: the root's is the mean score. A node hands its children
 *    references that its own aggregation maps back onto its R exactly (Σuⱼ·Rⱼ = R for arithmetic,
 *    ΠRⱼ^uⱼ = R for geometric, the same in INFORM's y = 10 − 0.9x space for inform-geometric,
 *    where uⱼ are the weights renormalised over the children present in that area). They are the
 *    children's own mean scores, shifted (arithmetic) or scaled (geometric) by one common amount;
 *    so a leaf where the area is above that leaf's average pushes the score up. Where that would
 *    put a reference off the 0–10 scale, every child takes the parent's R instead (any mean of
 *    equal values is that value, so this is exact too).
 * 2. A node's share kₙ·(sₙ − Rₙ) is split among its children as kⱼ·(sⱼ − Rⱼ):
 *    arithmetic, exact linear attribution kⱼ = kₙ·uⱼ; geometric and inform-geometric, the
 *    logarithmic-mean Divisia index (LMDI: kⱼ = kₙ·uⱼ·L(sₙ,Rₙ)/L(sⱼ,Rⱼ), L(a,b) = (a−b)/(ln a − ln b)),
 *    exact because the aggregation is linear in logs. Where a geometric node has a 0 in it (no
 *    logarithm), its split is the Shapley value of the children between R and s instead (exact too;
 *    past 12 children, a split proportional to uⱼ·(sⱼ − Rⱼ)).
 * 3. A leaf's contribution is kₗ·(xₗ − Rₗ). A missing leaf contributes 0; its absence shows in
 *    the renormalised weights of its siblings, which is where its effect went.
 * Explain unrounded scores: with `decimals`, node scores no longer equal their aggregation.
 */
import type { ScoringPlan } from './scoring-plan';

export interface Explanation {
  /** Mean of the root score over the areas that have one. */
  meanScore: number;
  /** Mean score of each node over the areas where it is known. */
  nodeMeans: Float64Array;
  /** Leaf-major: `contributions[leaf * areaCount + area]`; NaN for an area without a score. */
  contributions: Float64Array;
}

// INFORM's mean is a geometric mean of y = 10 − 0.9x; a plain geometric one of x itself
const toY = (inform: boolean, x: number) => (inform ? 10 - 0.9 * x : x);
const fromY = (inform: boolean, y: number) => (inform ? (10 - y) / 0.9 : y);

// Logarithmic mean; the arithmetic mean where a and b are too close for the logs to tell.
const logMean = (a: number, b: number) => (Math.abs(a - b) <= 1e-12 * Math.max(a, b) ? (a + b) / 2 : (a - b) / (Math.log(a) - Math.log(b)));

// A shifted or scaled reference can leave 0–10, where a geometric node below has no logarithm
// (or no real power): then every child takes the parent's reference, which any mean maps back
// onto itself. The root's reference, a mean score, is on the scale, so every reference stays on it.
function keepOnScale(present: number[], ref: Float64Array, R: number): void {
  for (const c of present) {
    if (!(ref[c] >= -1e-12 && ref[c] <= 10 + 1e-12)) {
      for (const d of present) ref[d] = R;
      return;
    }
  }
}

/**
 * Shapley values of f(z) = Π zⱼ^uⱼ between `ref` and `actual`: the mean, over every order of
 * switching children from ref to actual, of what each switch changes. They add up to f(actual) − f(ref).
 *
 * @example
 * shapleyGeometric([0, 4], [2, 2], [0.5, 0.5]); // [−1 − √2, √2 − 1]: f goes from 2 to 0
 */
export function shapleyGeometric(actual: number[], ref: number[], u: number[]): number[] {
  const n = actual.length;
  const f = new Float64Array(1 << n);
  for (let mask = 0; mask < 1 << n; mask++) {
    let p = 1;
    for (let j = 0; j < n; j++) p *= Math.pow(mask & (1 << j) ? actual[j] : ref[j], u[j]);
    f[mask] = p;
  }
  // |S|!(n−|S|−1)!/n! for a coalition S of each size
  const factorial = (k: number): number => (k <= 1 ? 1 : k * factorial(k - 1));
  const weightOfSize = Array.from({ length: n }, (_, k) => (factorial(k) * factorial(n - k - 1)) / factorial(n));
  const phi = new Array<number>(n).fill(0);
  for (let mask = 0; mask < 1 << n; mask++) {
    let size = 0;
    for (let j = 0; j < n; j++) if (mask & (1 << j)) size++;
    for (let j = 0; j < n; j++) if (!(mask & (1 << j))) phi[j] += weightOfSize[size] * (f[mask | (1 << j)] - f[mask]);
  }
  return phi;
}

/**
 * Mean score of each node over the areas where it is known (the root's is the mean score).
 *
 * @example
 * nodeMeansOf(plan, scoreAreas(plan)).at(-1); // the mean composite score
 */
export function nodeMeansOf(plan: ScoringPlan, scores: Float64Array): Float64Array {
  const n = plan.areaCodes.length;
  const nodeMeans = new Float64Array(plan.nodes.length);
  for (let node = 0; node < plan.nodes.length; node++) {
    let sum = 0;
    let count = 0;
    for (let a = 0; a < n; a++) {
      const x = scores[node * n + a];
      if (x === x) { sum += x; count++; }
    }
    nodeMeans[node] = count > 0 ? sum / count : Number.NaN;
  }
  return nodeMeans;
}

/**
 * One area's explanation, for its waterfall: each leaf's contribution (in the plan's leaf order)
 * to its score minus the mean score; all NaN when the area has no score. `nodeMeans` from
 * {@link nodeMeansOf} on the same scores, computed once for every area.
 *
 * @example
 * const means = nodeMeansOf(plan, scores);
 * explainArea(plan, scores, means, 3); // Float64Array, one entry per leaf, adding up to score − means[root]
 */
export function explainArea(
  plan: ScoringPlan, scores: Float64Array, nodeMeans: Float64Array, a: number,
  weights = plan.weights, out = new Float64Array(plan.leaves.length),
): Float64Array {
  const n = plan.areaCodes.length;
  const nodeCount = plan.nodes.length;
  const root = nodeCount - 1;
  if (Number.isNaN(scores[root * n + a])) return out.fill(Number.NaN);
  const ref = new Float64Array(nodeCount);
  const k = new Float64Array(nodeCount);
  const present: number[] = [];
  ref[root] = nodeMeans[root];
  k[root] = 1;
  // reverse post-order: every parent before its children
  for (let node = root; node >= 0; node--) {
    const { kind, children, leaf } = plan.nodes[node];
    const s = scores[node * n + a];
    if (kind === 'leaf') {
      out[leaf] = k[node] === 0 ? 0 : k[node] * (s - ref[node]);
      continue;
    }
    if (k[node] === 0) continue;
    present.length = 0;
    let wSum = 0;
    for (const c of children) {
      if (weights[c] > 0 && !Number.isNaN(scores[c * n + a])) { present.push(c); wSum += weights[c]; }
    }
    const R = ref[node];
    if (kind === 'arithmetic') {
      let refMean = 0;
      for (const c of present) refMean += (weights[c] / wSum) * nodeMeans[c];
      for (const c of present) {
        ref[c] = nodeMeans[c] + (R - refMean);
        k[c] = k[node] * (weights[c] / wSum);
      }
      keepOnScale(present, ref, R);
      continue;
    }
    // geometric in x, inform-geometric in y = 10 − 0.9x: the same split in that space
    const inform = kind === 'inform-geometric';
    const yR = toY(inform, R);
    let logRefMean = 0;
    let positive = yR > 0;
    for (const c of present) {
      const m = toY(inform, nodeMeans[c]);
      if (!(m > 0)) positive = false;
      logRefMean += (weights[c] / wSum) * Math.log(m);
    }
    const scale = positive ? yR / Math.exp(logRefMean) : 1;
    for (const c of present) ref[c] = positive ? fromY(inform, scale * toY(inform, nodeMeans[c])) : R;
    keepOnScale(present, ref, R);
    const yS = toY(inform, s);
    let logsDefined = yS > 0;
    for (const c of present) if (!(toY(inform, scores[c * n + a]) > 0 && toY(inform, ref[c]) > 0)) logsDefined = false;
    if (logsDefined) {
      const lNode = logMean(yS, yR);
      for (const c of present) k[c] = (k[node] * (weights[c] / wSum) * lNode) / logMean(toY(inform, scores[c * n + a]), toY(inform, ref[c]));
      continue;
    }
    // a zero in a geometric node (inform-geometric's y never reaches 0)
    const actual = present.map((c) => scores[c * n + a]);
    const refs = present.map((c) => ref[c]);
    const u = present.map((c) => weights[c] / wSum);
    let phi: number[];
    if (present.length <= 12) phi = shapleyGeometric(actual, refs, u);
    else {
      const lin = present.map((_, j) => u[j] * (actual[j] - refs[j]));
      const linSum = lin.reduce((x, y) => x + y, 0);
      // (s − R) split in proportion; were those to cancel out, equally among the children that moved
      const moved = actual.filter((x, j) => x !== refs[j]).length;
      phi = lin.map((v, j) => (linSum !== 0 ? ((s - R) * v) / linSum : actual[j] !== refs[j] ? (s - R) / moved : 0));
    }
    present.forEach((c, j) => {
      const d = actual[j] - refs[j];
      k[c] = d !== 0 ? (k[node] * phi[j]) / d : 0;
    });
  }
  return out;
}

/**
 * Explain every area's score (from {@link scoreAreas} with the same `weights`, without `decimals`).
 *
 * @example
 * const { contributions, meanScore } = explainScores(plan, scoreAreas(plan));
 * // Σ over leaves l of contributions[l * areaCount + a] = score of area a − meanScore
 */
export function explainScores(plan: ScoringPlan, scores: Float64Array, weights = plan.weights): Explanation {
  const n = plan.areaCodes.length;
  const leafCount = plan.leaves.length;
  const nodeMeans = nodeMeansOf(plan, scores);
  const contributions = new Float64Array(leafCount * n);
  const one = new Float64Array(leafCount);
  for (let a = 0; a < n; a++) {
    explainArea(plan, scores, nodeMeans, a, weights, one);
    for (let l = 0; l < leafCount; l++) contributions[l * n + a] = one[l];
  }
  return { meanScore: nodeMeans[plan.nodes.length - 1], nodeMeans, contributions };
}
