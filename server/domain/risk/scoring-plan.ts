/**
 * A model laid out for fast recompute: its nodes flattened in post-order (children before their
 * parent, the root last), every leaf's values normalised once into one typed array, and per area
 * the count of missing and out-of-date leaves. Normalisation does not depend on the weights, so a
 * weight slider only re-runs {@link scoreAreas} on this plan, without touching observations again.
 */
import { isLeaf, type Aggregation, type ModelChild, type ModelLeaf, type RiskModel } from './model-file';
import { normaliseLeaf } from './normalise-leaf';

/** One observation of an indicator in one area; its `year` (or the last year in `period`) dates it. */
export interface Observation {
  value: number | null;
  year?: number;
  /** e.g. "2019", "2017-2021", "2024-03": the latest four-digit year in it is its year. */
  period?: string;
}

type AreaValues = ReadonlyMap<string, Observation | number | null> | Readonly<Record<string, Observation | number | null>>;
/** Observations by indicator (the leaf's `indicator`, name or id), then by area code. */
export type LeafData = ReadonlyMap<string, AreaValues> | Readonly<Record<string, AreaValues>>;

export interface PlanOptions {
  /** The areas to score, in this order; by default every area code found in the data, first seen first. */
  areaCodes?: readonly string[];
  /** The year that ages are measured from. @default the current calendar year */
  referenceYear?: number;
  /** A leaf value dated more than this many years before `referenceYear` counts as out of date. @default Infinity */
  maxAgeYears?: number;
}

export interface PlanNode {
  id: string;
  name?: string;
  /** `leaf`, or the aggregation of an inner node. */
  kind: 'leaf' | Aggregation;
  /** Node indices of the children (empty for a leaf). */
  children: Int32Array;
  /** Node index of the parent; -1 for the root. */
  parent: number;
  /** Index into the plan's leaves, -1 for an inner node. */
  leaf: number;
}

export interface ScoringPlan {
  model: RiskModel;
  areaCodes: readonly string[];
  /** Post-order: every child before its parent; the root is the last node. */
  nodes: readonly PlanNode[];
  nodeIndex: ReadonlyMap<string, number>;
  leaves: readonly ModelLeaf[];
  /** Node index of each leaf. */
  leafNodes: Int32Array;
  /** The model's weights per node (default 1). Copy it and change entries to re-weight. */
  weights: Float64Array;
  /** Normalised leaf scores, leaf-major: `leafScores[leaf * areaCount + area]`, NaN when missing. */
  leafScores: Float64Array;
  /** Per area, how many leaves have no usable value. */
  missingLeaves: Int32Array;
  /** Per area, how many leaves have a value older than `maxAgeYears`. */
  staleLeaves: Int32Array;
  /** Per area, (missing + out-of-date leaves) / leaves, 0–1: the reliability figure (0 is best). */
  unreliableShare: Float64Array;
}

const getIn = <V>(m: ReadonlyMap<string, V> | Readonly<Record<string, V>> | undefined, key: string): V | undefined =>
  m === undefined ? undefined : m instanceof Map ? m.get(key) : Object.hasOwn(m, key) ? (m as Record<string, V>)[key] : undefined;
const keysOf = (m: ReadonlyMap<string, unknown> | Readonly<Record<string, unknown>>) => (m instanceof Map ? [...m.keys()] : Object.keys(m));

/**
 * The year of an observation: `year`, else the latest four-digit year in `period`, else NaN.
 *
 * @example
 * observationYear({ value: 33, period: '2017-2021' }); // 2021
 */
export function observationYear(o: Observation): number {
  if (o.year !== undefined) return o.year;
  const years = o.period?.match(/\d{4}/g);
  return years ? Math.max(...years.map(Number)) : Number.NaN;
}

/**
 * Flatten a model and normalise its leaves over the given areas.
 *
 * @example
 * const plan = prepareScoring(model, { 'child-marriage': { NP: { value: 33, year: 2022 }, BD: 51 } });
 * plan.areaCodes; // ['NP', 'BD']
 */
export function prepareScoring(model: RiskModel, data: LeafData, options: PlanOptions = {}): ScoringPlan {
  const nodes: PlanNode[] = [];
  const leaves: ModelLeaf[] = [];
  const nodeIndex = new Map<string, number>();
  const weightList: number[] = [];
  const visit = (child: ModelChild): number => {
    if (isLeaf(child)) {
      const index = nodes.length;
      nodes.push({ id: child.id, kind: 'leaf', children: new Int32Array(0), parent: -1, leaf: leaves.length });
      leaves.push(child);
      weightList.push(child.weight ?? 1);
      nodeIndex.set(child.id, index);
      return index;
    }
    const children = Int32Array.from(child.children.map(visit));
    const index = nodes.length;
    nodes.push({ id: child.id, name: child.name, kind: child.aggregation, children, parent: -1, leaf: -1 });
    weightList.push(child.weight ?? 1);
    nodeIndex.set(child.id, index);
    for (const c of children) nodes[c].parent = index;
    return index;
  };
  visit(model.root);

  let areaCodes = options.areaCodes;
  if (!areaCodes) {
    const codes = new Set<string>();
    for (const leaf of leaves) {
      const values = getIn(data, leaf.indicator);
      if (values) for (const code of keysOf(values)) codes.add(code);
    }
    areaCodes = [...codes];
  }
  const areaCount = areaCodes.length;
  const referenceYear = options.referenceYear ?? new Date().getFullYear();
  const maxAgeYears = options.maxAgeYears ?? Infinity;
  const leafScores = new Float64Array(leaves.length * areaCount);
  const missingLeaves = new Int32Array(areaCount);
  const staleLeaves = new Int32Array(areaCount);
  const raw = new Float64Array(areaCount);
  const old = new Uint8Array(areaCount);
  leaves.forEach((leaf, l) => {
    const values = getIn(data, leaf.indicator);
    for (let a = 0; a < areaCount; a++) {
      const o = getIn(values, areaCodes[a]);
      const value = o === null || o === undefined ? null : typeof o === 'number' ? o : o.value;
      raw[a] = typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
      old[a] = typeof o === 'object' && o !== null && referenceYear - observationYear(o) > maxAgeYears ? 1 : 0;
    }
    const scores = normaliseLeaf(leaf, raw);
    // a value is missing or out of date, never both
    for (let a = 0; a < areaCount; a++) {
      if (Number.isNaN(scores[a])) missingLeaves[a]++;
      else staleLeaves[a] += old[a];
    }
    leafScores.set(scores, l * areaCount);
  });
  const unreliableShare = new Float64Array(areaCount);
  for (let a = 0; a < areaCount; a++) unreliableShare[a] = (missingLeaves[a] + staleLeaves[a]) / leaves.length;

  return {
    model, areaCodes, nodes, nodeIndex, leaves, leafNodes: Int32Array.from(leaves.map((l) => nodeIndex.get(l.id)!)),
    weights: Float64Array.from(weightList), leafScores, missingLeaves, staleLeaves, unreliableShare,
  };
}

/**
 * The plan's weights with some replaced by node id; an unknown id is an error.
 *
 * @example
 * resolveWeights(plan, { exposure: 2 }); // Float64Array, exposure's entry 2
 */
export function resolveWeights(plan: ScoringPlan, overrides: Readonly<Record<string, number>> = {}): Float64Array {
  const weights = Float64Array.from(plan.weights);
  for (const [id, w] of Object.entries(overrides)) {
    const index = plan.nodeIndex.get(id);
    if (index === undefined) throw new Error(`No node '${id}' in model '${plan.model.name}'`);
    if (!(w >= 0 && Number.isFinite(w))) throw new Error(`Weight of '${id}' must be a finite number ≥ 0, got ${w}`);
    weights[index] = w;
  }
  return weights;
}
