/**
 * Every node's score per area in one call, for one set of weights (the aggregations are those of
 * {@link Rescorer}; a slider keeps a Rescorer instead, to recompute only what a weight changes).
 */
import { createScores, Rescorer } from './rescorer';
import type { ScoringPlan } from './scoring-plan';

export { createScores, snapToScale } from './rescorer';

export interface ScoreOptions {
  /** Weights per node index (from {@link resolveWeights}, or `plan.weights` changed). @default plan.weights */
  weights?: Float64Array;
  /** Round every inner node's score to this many decimals (Excel's ROUND) before its parent uses it, as INFORM does. */
  decimals?: number;
}

/** The root's row of a score buffer: the composite score per area (a view, not a copy). */
export const rootScores = (plan: ScoringPlan, scores: Float64Array): Float64Array =>
  scores.subarray((plan.nodes.length - 1) * plan.areaCodes.length, plan.nodes.length * plan.areaCodes.length);

/**
 * Score every inner node of every area into `scores` (made by {@link createScores}) and return it.
 *
 * @example
 * const scores = scoreAreas(plan);
 * rootScores(plan, scores)[0]; // the first area's composite score, 0–10 (NaN if nothing is known)
 */
export function scoreAreas(plan: ScoringPlan, options: ScoreOptions = {}, scores = createScores(plan)): Float64Array {
  return new Rescorer(plan, options, scores).scores;
}
