/**
 * Everything per area in one call, for the API, the CLI and exports: score, class, rank,
 * reliability, every node's score and every leaf's contribution. The slider path uses the pieces
 * ({@link prepareScoring}, {@link scoreAreas}, {@link rankScores}) on typed arrays instead.
 */
import { classifyScore, INFORM_2025_CLASSES, type RiskClass } from './classify-score';
import { explainScores } from './explain-scores';
import type { RiskModel } from './model-file';
import { rankScores } from './rank-scores';
import { rootScores, scoreAreas } from './score-areas';
import { prepareScoring, resolveWeights, type LeafData, type PlanOptions } from './scoring-plan';

export interface CompositeOptions extends PlanOptions {
  /** Weights that replace the model's, by node id. */
  weights?: Readonly<Record<string, number>>;
  /** Round every inner node to this many decimals (Excel's ROUND), as INFORM does. @default none */
  decimals?: number;
  /** @default INFORM_2025_CLASSES */
  classes?: readonly RiskClass[];
}

export interface AreaScore {
  code: string;
  /** 0–10; NaN when no leaf of the area is known. */
  score: number;
  /** Label of the score's class; null without a score. */
  class: string | null;
  /** 1 for the highest score; ties share the best rank ("1, 2, 2, 4"); NaN without a score. */
  rank: number;
  /** Share of leaves missing or out of date, 0–1 (0: every input present and recent). */
  unreliableShare: number;
  missingLeaves: number;
  staleLeaves: number;
  /** Score of every node by id (leaves: their normalised 0–10 value), NaN where missing. */
  nodeScores: Record<string, number>;
  /** Each leaf's part of `score − meanScore`, by leaf id (computed on unrounded scores). */
  contributions: Record<string, number>;
}

/**
 * Score a model over the areas of `data`.
 *
 * @example
 * const { areas, meanScore } = computeCompositeScore(model, data, { referenceYear: 2025, maxAgeYears: 5 });
 * areas[0]; // { code: 'NP', score: 4.6, class: 'Medium', rank: 12, unreliableShare: 0.25, … }
 */
export function computeCompositeScore(model: RiskModel, data: LeafData, options: CompositeOptions = {}): { areas: AreaScore[]; meanScore: number } {
  const plan = prepareScoring(model, data, options);
  const weights = resolveWeights(plan, options.weights);
  const exact = scoreAreas(plan, { weights });
  const scores = options.decimals === undefined ? exact : scoreAreas(plan, { weights, decimals: options.decimals });
  const total = rootScores(plan, scores);
  const ranks = rankScores(total);
  const { contributions, meanScore } = explainScores(plan, exact, weights);
  const classes = options.classes ?? INFORM_2025_CLASSES;
  const n = plan.areaCodes.length;
  const areas = plan.areaCodes.map((code, a): AreaScore => {
    const k = classifyScore(total[a], classes);
    return {
      code, score: total[a], class: k >= 0 ? classes[k].label : null, rank: ranks[a],
      unreliableShare: plan.unreliableShare[a], missingLeaves: plan.missingLeaves[a], staleLeaves: plan.staleLeaves[a],
      nodeScores: Object.fromEntries(plan.nodes.map((node, i) => [node.id, scores[i * n + a]])),
      contributions: Object.fromEntries(plan.leaves.map((leaf, l) => [leaf.id, contributions[l * n + a]])),
    };
  });
  return { areas, meanScore };
}
