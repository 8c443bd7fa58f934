/**
 * Rank uncertainty by Monte Carlo (OECD/JRC handbook on composite indicators): each draw scales
 * every weight by a uniform factor in [1 − spread, 1 + spread], and, when asked, gives every leaf
 * a normalisation and every inner node an aggregation drawn among the alternatives; the areas are
 * ranked in each draw. Per area: the median rank, the 5th and 95th percentile rank and the share
 * of draws in which it ranks in the top N. Seeded: the same seed gives the same figures.
 */
import { AGGREGATIONS, isLeaf, type Aggregation, type ModelChild, type RiskModel } from './model-file';
import { quantileSorted } from './normalise-leaf';
import { createRankScratch, rankScores } from './rank-scores';
import { Rescorer } from './rescorer';
import { prepareScoring, type LeafData, type PlanOptions, type PlanNode, type ScoringPlan } from './scoring-plan';

export interface UncertaintyOptions {
  /** @default 1000 */
  draws?: number;
  /** Seed of the random numbers (mulberry32). @default 1 */
  seed?: number;
  /** Each weight is multiplied by a uniform factor in [1 − spread, 1 + spread]. @default 0.25 */
  weightSpread?: number;
  /** Draw each leaf's normalisation among minmax, zscore and percentile (a `none` leaf keeps it). @default true */
  normalisations?: boolean;
  /** Draw each inner node's aggregation among arithmetic, geometric and inform-geometric. @default true */
  aggregations?: boolean;
  /** The N of "probability of being in the top N". @default 10 */
  topN?: number;
  /** Base weights by node id, replacing the model's (as the sliders set them). */
  weights?: Readonly<Record<string, number>>;
  /** Called every few draws with the number done; return false to stop early (cancel). */
  onProgress?: (done: number, total: number) => boolean | void;
}

export interface RankUncertainty {
  areaCodes: readonly string[];
  /** Draws actually made (fewer than asked when cancelled). */
  draws: number;
  /** Per area; NaN for an area never scored. */
  medianRank: Float64Array;
  p5Rank: Float64Array;
  p95Rank: Float64Array;
  /** Share of draws, 0–1, in which the area ranked N or better. */
  topShare: Float64Array;
}

/** mulberry32: a small, fast, seedable generator of numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DATA_NORMALISATIONS = ['minmax', 'zscore', 'percentile'] as const;

// The model with every data-driven leaf normalised one way (fixed min/max only belong to minmax).
function withNormalisation(model: RiskModel, normalisation: (typeof DATA_NORMALISATIONS)[number]): RiskModel {
  const visit = (child: ModelChild): ModelChild => {
    if (!isLeaf(child)) return { ...child, children: child.children.map(visit) };
    if (child.normalisation === 'none' || child.normalisation === normalisation) return child;
    const { min: _min, max: _max, ...rest } = child;
    return { ...rest, normalisation };
  };
  return { ...model, root: visit(model.root) as RiskModel['root'] };
}

/**
 * Rank uncertainty of a model over `data`.
 *
 * @example
 * const u = rankUncertainty(model, data, { referenceYear: 2025 }, { draws: 1000, seed: 7, topN: 5 });
 * u.medianRank[0], u.p5Rank[0], u.p95Rank[0], u.topShare[0]; // the first area's figures
 */
export function rankUncertainty(model: RiskModel, data: LeafData, planOptions: PlanOptions = {}, options: UncertaintyOptions = {}): RankUncertainty {
  const { draws = 1000, seed = 1, weightSpread = 0.25, normalisations = true, aggregations = true, topN = 10 } = options;
  const base = prepareScoring(model, data, planOptions);
  const n = base.areaCodes.length;
  const leafCount = base.leaves.length;
  // each leaf's scores under every alternative normalisation, computed once
  const alternatives: Float64Array[] = normalisations
    ? DATA_NORMALISATIONS.map((k) => prepareScoring(withNormalisation(model, k), data, { ...planOptions, areaCodes: base.areaCodes }).leafScores)
    : [];
  const baseWeights = Float64Array.from(base.weights);
  for (const [id, w] of Object.entries(options.weights ?? {})) {
    const index = base.nodeIndex.get(id);
    if (index === undefined) throw new Error(`No node '${id}' in model '${model.name}'`);
    baseWeights[index] = w;
  }
  const random = mulberry32(seed);
  const ranks = new Float32Array(draws * n);
  // one score buffer for every draw: its leaf rows are filled from the drawn normalisations
  const scores = new Float64Array(base.nodes.length * n);
  const weights = new Float64Array(baseWeights.length);
  const rankOut = new Float64Array(n);
  const scratch = createRankScratch(n);
  let done = 0;
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < weights.length; i++) weights[i] = baseWeights[i] * (1 - weightSpread + 2 * weightSpread * random());
    for (let l = 0; l < leafCount; l++) {
      const source = normalisations && base.leaves[l].normalisation !== 'none' ? alternatives[Math.floor(random() * alternatives.length)] : base.leafScores;
      scores.set(source.subarray(l * n, (l + 1) * n), base.leafNodes[l] * n);
    }
    const nodes: PlanNode[] = aggregations
      ? base.nodes.map((node) => (node.kind === 'leaf' ? node : { ...node, kind: AGGREGATIONS[Math.floor(random() * AGGREGATIONS.length)] as Aggregation }))
      : (base.nodes as PlanNode[]);
    const plan: ScoringPlan = { ...base, nodes };
    const rescorer = new Rescorer(plan, { weights }, scores);
    rankScores(rescorer.scores.subarray((nodes.length - 1) * n), rankOut, scratch);
    ranks.set(rankOut, d * n);
    done = d + 1;
    if (options.onProgress && (done % 50 === 0 || done === draws) && options.onProgress(done, draws) === false) break;
  }
  const medianRank = new Float64Array(n);
  const p5Rank = new Float64Array(n);
  const p95Rank = new Float64Array(n);
  const topShare = new Float64Array(n);
  const column = new Float64Array(done);
  for (let a = 0; a < n; a++) {
    let m = 0;
    let top = 0;
    for (let d = 0; d < done; d++) {
      const r = ranks[d * n + a];
      if (r === r) {
        column[m++] = r;
        if (r <= topN) top++;
      }
    }
    const sorted = column.subarray(0, m).sort();
    medianRank[a] = m ? quantileSorted(sorted, 0.5) : Number.NaN;
    p5Rank[a] = m ? quantileSorted(sorted, 0.05) : Number.NaN;
    p95Rank[a] = m ? quantileSorted(sorted, 0.95) : Number.NaN;
    topShare[a] = done ? top / done : Number.NaN;
  }
  return { areaCodes: base.areaCodes, draws: done, medianRank, p5Rank, p95Rank, topShare };
}
