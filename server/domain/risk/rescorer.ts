/**
 * The weight sliders' engine: holds every node's score per area and, for the children of
 * geometric and INFORM nodes, the logarithms their parent averages, so that a weight change
 * recomputes only the changed node's ancestors, and those from cached logarithms:
 * `new Rescorer(plan)`, then `setWeight(id, w)` and `update()` per slider move.
 *
 * - arithmetic: Σ wⱼxⱼ / Σ wⱼ
 * - geometric: Π xⱼ^(wⱼ/Σw) (one child at 0 makes the node 0)
 * - inform-geometric: (10 − Π yⱼ^(wⱼ/Σw)) / 9 · 10 with yⱼ = (10 − xⱼ)/10 · 9 + 1, which for equal
 *   weights is INFORM's adjusted geometric mean (10 − (Π((10−Kⱼ)/10·9+1))^(1/n))/9·10.
 * A child whose score is missing (NaN) or whose weight is 0 takes no part in its parent for that
 * area; a node with no such child is itself missing. Never a zero.
 */
import { roundHalfAwayFromZero } from './excel-round';
import type { ScoringPlan } from './scoring-plan';

export interface RescorerOptions {
  /** Weights per node index. @default a copy of plan.weights */
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
 *
 * @example
 * snapToScale(-1.9737e-15); // 0
 */
export const snapToScale = (x: number) => (x < 1e-12 ? 0 : x > 10 - 1e-12 ? 10 : x);

export class Rescorer {
  /** Weights per node index, as last set. */
  readonly weights: Float64Array;
  /** Node-major scores: `scores[node * areaCount + area]`; the root's row is the composite score. */
  readonly scores: Float64Array;
  private readonly n: number;
  private readonly decimals: number | undefined;
  /** Per node, its row in `logs`, or -1 when its parent is arithmetic (or it is the root). */
  private readonly logRow: Int32Array;
  private readonly logs: Float64Array;
  private readonly dirty: Uint8Array;
  /** Scratch for computeNode: row offsets and weights of the children taking part. */
  private readonly rowOffsets: Int32Array;
  private readonly rowWeights: Float64Array;

  /**
   * Score every node of every area. `scores` may be a buffer to reuse (node-major, with the leaf
   * rows filled as {@link createScores} does).
   *
   * @example
   * const rescorer = new Rescorer(prepareScoring(model, data));
   * rescorer.setWeight('exposure', 2).update(); // the root's row: every area's new score
   */
  constructor(readonly plan: ScoringPlan, options: RescorerOptions = {}, scores?: Float64Array) {
    const nodeCount = plan.nodes.length;
    this.n = plan.areaCodes.length;
    this.decimals = options.decimals;
    this.weights = Float64Array.from(options.weights ?? plan.weights);
    this.scores = scores ?? createScores(plan);
    this.logRow = new Int32Array(nodeCount).fill(-1);
    let rows = 0;
    plan.nodes.forEach((node, i) => {
      if (node.parent >= 0 && plan.nodes[node.parent].kind !== 'arithmetic') this.logRow[i] = rows++;
    });
    this.logs = new Float64Array(rows * this.n);
    const widest = Math.max(...plan.nodes.map((node) => node.children.length));
    this.rowOffsets = new Int32Array(widest);
    this.rowWeights = new Float64Array(widest);
    this.dirty = new Uint8Array(nodeCount);
    plan.nodes.forEach((node, i) => {
      if (node.kind === 'leaf') this.writeLogs(i);
      else this.dirty[i] = 1;
    });
    this.update();
  }

  /** Set a node's weight (by id or node index); its parent is recomputed at the next update. */
  setWeight(node: string | number, weight: number): this {
    const index = typeof node === 'number' ? node : this.plan.nodeIndex.get(node);
    if (index === undefined || index < 0 || index >= this.plan.nodes.length) throw new Error(`No node '${node}' in model '${this.plan.model.name}'`);
    if (!(weight >= 0 && Number.isFinite(weight))) throw new Error(`Weight of '${this.plan.nodes[index].id}' must be a finite number ≥ 0, got ${weight}`);
    if (this.weights[index] !== weight) {
      this.weights[index] = weight;
      const parent = this.plan.nodes[index].parent;
      if (parent >= 0) this.dirty[parent] = 1;
    }
    return this;
  }

  /** Recompute the nodes whose weights changed and their ancestors; returns the root's row (a view). */
  update(): Float64Array {
    const { nodes } = this.plan;
    // post-order: a node's children are final before it
    for (let node = 0; node < nodes.length; node++) {
      if (!this.dirty[node]) continue;
      this.dirty[node] = 0;
      this.computeNode(node);
      this.writeLogs(node);
      if (nodes[node].parent >= 0) this.dirty[nodes[node].parent] = 1;
    }
    return this.scores.subarray((nodes.length - 1) * this.n);
  }

  private computeNode(node: number): void {
    const { kind, children } = this.plan.nodes[node];
    const { n, scores, weights, rowOffsets, rowWeights } = this;
    // the children that take part (weight > 0), and where their inputs sit: arithmetic means
    // average the children's scores, the others the cached logarithms
    let m = 0;
    for (let c = 0; c < children.length; c++) {
      const w = weights[children[c]];
      if (w === 0) continue;
      rowOffsets[m] = (kind === 'arithmetic' ? children[c] : this.logRow[children[c]]) * n;
      rowWeights[m++] = w;
    }
    const source = kind === 'arithmetic' ? scores : this.logs;
    const out = node * n;
    // one pass per node, area by area, so that no partial sums go through memory
    for (let a = 0; a < n; a++) {
      let num = 0;
      let den = 0;
      for (let j = 0; j < m; j++) {
        const x = source[rowOffsets[j] + a];
        if (x === x) { num += rowWeights[j] * x; den += rowWeights[j]; }
      }
      scores[out + a] = den > 0 ? num / den : Number.NaN;
    }
    if (kind === 'geometric') for (let a = out; a < out + n; a++) scores[a] = Math.exp(scores[a]);
    else if (kind === 'inform-geometric') for (let a = out; a < out + n; a++) scores[a] = snapToScale((10 - Math.exp(scores[a])) / 0.9);
    const decimals = this.decimals;
    if (decimals !== undefined) for (let a = out; a < out + n; a++) scores[a] = roundHalfAwayFromZero(scores[a], decimals);
  }

  // ln x for a geometric parent, ln y = ln(10 − 0.9x) for an INFORM one (NaN stays NaN: missing)
  private writeLogs(node: number): void {
    const row = this.logRow[node];
    if (row < 0) return;
    const { n, scores, logs } = this;
    const from = node * n;
    const to = row * n;
    if (this.plan.nodes[this.plan.nodes[node].parent].kind === 'geometric') for (let a = 0; a < n; a++) logs[to + a] = Math.log(scores[from + a]);
    else for (let a = 0; a < n; a++) logs[to + a] = Math.log(10 - 0.9 * scores[from + a]);
  }
}

/**
 * A score buffer for a plan: `nodeCount × areaCount`, node-major (`scores[node * areaCount + area]`),
 * with the leaf rows filled and the inner rows left to be computed.
 *
 * @example
 * const buffer = createScores(plan); // reuse it: scoreAreas(plan, { weights }, buffer)
 */
export function createScores(plan: ScoringPlan): Float64Array {
  const areaCount = plan.areaCodes.length;
  const scores = new Float64Array(plan.nodes.length * areaCount);
  plan.leafNodes.forEach((node, leaf) => scores.set(plan.leafScores.subarray(leaf * areaCount, (leaf + 1) * areaCount), node * areaCount));
  return scores;
}
