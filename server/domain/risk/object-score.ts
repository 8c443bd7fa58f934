/**
 * A straightforward scorer on plain objects (recursion with map/filter/reduce per area, then a
 * sort for the ranks): the anchor the typed-array recompute is benchmarked against, and an
 * independent oracle for its tests. Not for production use: it is slow on purpose of being plain.
 */
import { isLeaf, type ModelChild, type RiskModel } from './model-file';
import { classifyScore, INFORM_2025_CLASSES } from './classify-score';

export interface ObjectArea {
  code: string;
  /** Normalised 0–10 leaf scores by leaf id; null or absent when missing. */
  leaves: Record<string, number | null | undefined>;
}

export interface ObjectScore {
  code: string;
  score: number | null;
  class: string | null;
  rank: number | null;
}

function evaluate(node: ModelChild, leaves: ObjectArea['leaves'], weights: Record<string, number>): number | null {
  if (isLeaf(node)) return leaves[node.id] ?? null;
  const parts = node.children
    .map((child) => ({ w: weights[child.id] ?? child.weight ?? 1, x: evaluate(child, leaves, weights) }))
    .filter((p): p is { w: number; x: number } => p.x !== null && p.w > 0);
  if (parts.length === 0) return null;
  const total = parts.reduce((sum, p) => sum + p.w, 0);
  if (node.aggregation === 'arithmetic') return parts.reduce((sum, p) => sum + p.w * p.x, 0) / total;
  if (node.aggregation === 'geometric') return parts.reduce((prod, p) => prod * Math.pow(p.x, p.w / total), 1);
  const inform = ((10 - parts.reduce((prod, p) => prod * Math.pow(((10 - p.x) / 10) * 9 + 1, p.w / total), 1)) / 9) * 10;
  // the ends of the scale are exact (see snapToScale)
  return inform < 1e-12 ? 0 : inform > 10 - 1e-12 ? 10 : inform;
}

/**
 * Score, class and rank per area, the plain way.
 *
 * @example
 * scoreObjects(model, [{ code: 'A', leaves: { cm: 4, bl: 8 } }]); // [{ code: 'A', score: 6, class: 'High', rank: 1 }]
 */
export function scoreObjects(model: RiskModel, areas: ObjectArea[], weights: Record<string, number> = {}): ObjectScore[] {
  const scored = areas.map((area) => ({ code: area.code, score: evaluate(model.root, area.leaves, weights) }));
  const ordered = scored.filter((s) => s.score !== null).sort((a, b) => b.score! - a.score!);
  const rankOf = new Map<number, number>();
  ordered.forEach((s, i) => { if (!rankOf.has(s.score!)) rankOf.set(s.score!, i + 1); });
  return scored.map((s) => {
    const k = s.score === null ? -1 : classifyScore(s.score);
    return { ...s, class: k >= 0 ? INFORM_2025_CLASSES[k].label : null, rank: s.score === null ? null : rankOf.get(s.score)! };
  });
}
