/**
 * The browser's recompute for the prioritisation screen: the domain engine's plan and Rescorer
 * (server/domain/risk/, the code the server scores with), plus ranks and classes kept in typed
 * arrays that a slider move rewrites in place, so the table and the map read them without copies.
 */
import { classifyScores, INFORM_2025_CLASSES, type RiskClass } from '../../../server/domain/risk/classify-score';
import { explainArea, nodeMeansOf } from '../../../server/domain/risk/explain-scores';
import type { RiskModel } from '../../../server/domain/risk/model-file';
import { createRankScratch, rankScores, type RankScratch } from '../../../server/domain/risk/rank-scores';
import { Rescorer } from '../../../server/domain/risk/rescorer';
import { prepareScoring, type LeafData, type ScoringPlan } from '../../../server/domain/risk/scoring-plan';

export interface PriorityScorerOptions {
  /** @default the current calendar year (as risk.score) */
  referenceYear?: number;
  /** @default 10 (as risk.score) */
  maxAgeYears?: number;
  /** @default INFORM_2025_CLASSES */
  classes?: readonly RiskClass[];
}

/** One leaf's part of an area's score − mean score. */
export interface Contribution {
  leafId: string;
  /** NaN when the leaf is missing in the area (it contributes nothing). */
  value: number;
}

export class PriorityScorer {
  readonly plan: ScoringPlan;
  readonly classes: readonly RiskClass[];
  /** The composite score per area (the root's row of the rescorer: rewritten by update()). */
  readonly scores: Float64Array;
  /** 1 for the highest score, ties sharing the best rank; NaN without a score. */
  readonly ranks: Float64Array<ArrayBuffer>;
  /** Index into `classes`, -1 without a score. */
  readonly classIndex: Int8Array<ArrayBuffer>;
  /** Bumped by every update(): what the map's updateTriggers and the table's memos follow. */
  version = 0;
  private readonly rescorer: Rescorer;
  private readonly scratch: RankScratch;

  /**
   * @example
   * const scorer = new PriorityScorer(inputs.model, inputs.data, inputs.areas.map((a) => a.code));
   * scorer.setWeight('coping', 3).update(); // scorer.ranks now follows the new weight
   */
  constructor(model: RiskModel, data: LeafData, areaCodes: readonly string[], options: PriorityScorerOptions = {}) {
    this.plan = prepareScoring(model, data, { areaCodes, referenceYear: options.referenceYear, maxAgeYears: options.maxAgeYears ?? 10 });
    this.classes = options.classes ?? INFORM_2025_CLASSES;
    this.rescorer = new Rescorer(this.plan);
    const n = areaCodes.length;
    this.scores = this.rescorer.update();
    this.ranks = new Float64Array(n);
    this.classIndex = new Int8Array(n);
    this.scratch = createRankScratch(n);
    this.rank();
  }

  get areaCount(): number {
    return this.plan.areaCodes.length;
  }

  /** The weight of a node by id, as last set. */
  weightOf(id: string): number {
    const index = this.plan.nodeIndex.get(id);
    if (index === undefined) throw new Error(`No node '${id}' in model '${this.plan.model.name}'`);
    return this.rescorer.weights[index];
  }

  /** Every node's weight by id (the root's included), as risk.score's `weights` takes them. */
  weights(): Record<string, number> {
    return Object.fromEntries(this.plan.nodes.map((node, i) => [node.id, this.rescorer.weights[i]]));
  }

  setWeight(id: string, weight: number): this {
    this.rescorer.setWeight(id, weight);
    return this;
  }

  /** Recompute what the weights changed, then ranks and classes; returns the new version. */
  update(): number {
    this.rescorer.update();
    this.rank();
    return ++this.version;
  }

  /** Share of the area's leaves present and up to date, 0–1 (risk.score's `reliability`). */
  reliability(a: number): number {
    return 1 - this.plan.unreliableShare[a];
  }

  /**
   * Each leaf's contribution to area `a`'s score minus the mean score (they add up to it), in the
   * plan's leaf order; empty values (NaN) for an area without a score.
   */
  explain(a: number): { meanScore: number; score: number; contributions: Contribution[] } {
    const means = nodeMeansOf(this.plan, this.rescorerScores());
    const values = explainArea(this.plan, this.rescorerScores(), means, a, this.rescorer.weights);
    const n = this.areaCount;
    return {
      meanScore: means[this.plan.nodes.length - 1],
      score: this.scores[a],
      contributions: this.plan.leaves.map((leaf, l) => ({
        leafId: leaf.id,
        value: Number.isNaN(this.rescorerScores()[this.plan.leafNodes[l] * n + a]) ? Number.NaN : values[l],
      })),
    };
  }

  private rescorerScores(): Float64Array {
    return this.rescorer.scores;
  }

  private rank(): void {
    rankScores(this.scores, this.ranks, this.scratch);
    classifyScores(this.scores, this.classes, this.classIndex);
  }
}
