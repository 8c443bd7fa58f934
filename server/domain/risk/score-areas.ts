/**
 * The recompute behind the weight sliders: every inner node's score per area, on typed arrays,
 * node by node in post-order. A child whose score is missing (NaN) or whose weight is 0 takes no
 * part in its parent for that area; a node with no such child is itself missing. Never a zero.
 *
 * - arithmetic: Σ wⱼxⱼ / Σ wⱼ
 * - geometric: Π xⱼ^(wⱼ/Σw) (one child at 0 makes the node 0)
 * - inform-geometric: (10 − Π yⱼ^(wⱼ/Σw)) / 9 · 10 with yⱼ = (10 − xⱼ)/10 · 9 + 1, which for equal
 *   weights is INFORM's adjusted geometric mean (10 − (Π((10−Kⱼ)/10·9+1))^(1/n))/9·10.
 */
import { roundHalfAwayFromZero } from './excel-round';
import type { ScoringPlan } from './scoring-plan';

export interface ScoreOptions {
  /** Weights per node index (from {@link resolveWeights}, or `plan.weights` changed). @default plan.weights */
  weights?: Float64Array;
  /**
   * Round every inner node's score to this many decimals (Excel's ROUND) before its parent uses
   * it, as INFORM publishes and chains its figures. @default no rounding
   */
  decimals?: number;
}

/**
 * Where every child of an INFORM mean is 0 (or 10), exp(ln 10) = 10.000000000000002 puts the mean
 * at −2e-15 instead of 0: a geometric parent would then have no logarithm, or, at +2e-15, a
 * spurious 1e-3 after its power. Values within 1e-12 of the scale's ends are put on them.
 */
export const snapToScale = (x: number) => (x < 1e-12 ? 0 : x > 10 - 1e-12 ? 10 : x);

/**
 * A score buffer for a plan: `nodeCount × areaCount`, node-major (`scores[node * areaCount + area]`),
 * with the leaf rows filled and the inner rows left for {@link scoreAreas}.
 */
export function createScores(plan: ScoringPlan): Float64Array {
  const areaCount = plan.areaCodes.length;
  const scores = new Float64Array(plan.nodes.length * areaCount);
  plan.leafNodes.forEach((node, leaf) => scores.set(plan.leafScores.subarray(leaf * areaCount, (leaf + 1) * areaCount), node * areaCount));
  return scores;
}

/** The root's row of a score buffer: the composite score per area (a view, not a copy). */
export const rootScores = (plan: ScoringPlan, scores: Float64Array): Float64Array =>
  scores.subarray((plan.nodes.length - 1) * plan.areaCodes.length, plan.nodes.length * plan.areaCodes.length);

/**
 * Score every inner node of every area into `scores` (made by {@link createScores}; reuse it
 * between recomputes to allocate nothing) and return it.
 *
 * @example
 * const scores = scoreAreas(plan);
 * rootScores(plan, scores)[0]; // the first area's composite score, 0–10 (NaN if nothing is known)
 */
export function scoreAreas(plan: ScoringPlan, options: ScoreOptions = {}, scores = createScores(plan)): Float64Array {
  const weights = options.weights ?? plan.weights;
  const decimals = options.decimals;
  const n = plan.areaCodes.length;
  const num = new Float64Array(n);
  const den = new Float64Array(n);
  for (let node = 0; node < plan.nodes.length; node++) {
    const { kind, children } = plan.nodes[node];
    if (kind === 'leaf') continue;
    num.fill(0);
    den.fill(0);
    for (let c = 0; c < children.length; c++) {
      const w = weights[children[c]];
      if (w === 0) continue;
      const row = children[c] * n;
      if (kind === 'arithmetic') {
        for (let a = 0; a < n; a++) {
          const x = scores[row + a];
          if (x === x) { num[a] += w * x; den[a] += w; }
        }
      } else if (kind === 'geometric') {
        for (let a = 0; a < n; a++) {
          const x = scores[row + a];
          if (x === x) { num[a] += w * Math.log(x); den[a] += w; }
        }
      } else {
        for (let a = 0; a < n; a++) {
          const x = scores[row + a];
          if (x === x) { num[a] += w * Math.log(10 - 0.9 * x); den[a] += w; }
        }
      }
    }
    const out = node * n;
    if (kind === 'arithmetic') for (let a = 0; a < n; a++) scores[out + a] = den[a] > 0 ? num[a] / den[a] : Number.NaN;
    else if (kind === 'geometric') for (let a = 0; a < n; a++) scores[out + a] = den[a] > 0 ? Math.exp(num[a] / den[a]) : Number.NaN;
    else {
      for (let a = 0; a < n; a++) scores[out + a] = den[a] > 0 ? snapToScale((10 - Math.exp(num[a] / den[a])) / 0.9) : Number.NaN;
    }
    if (decimals !== undefined) for (let a = 0; a < n; a++) scores[out + a] = roundHalfAwayFromZero(scores[out + a], decimals);
  }
  return scores;
}
