/** The weights a user sets on a model's nodes, and the model saved with them. */
import { isLeaf, type ModelChild, type RiskModel } from '../../../server/domain/risk/model-file';

export interface WeightNode {
  id: string;
  /** The node's own name; leaves have none (their indicator says what fills them). */
  name?: string;
  indicator?: string;
  /** 1 for the dimensions under the root, 2 below them … */
  depth: number;
  /** Whether a slider changes anything: the node has a sibling to weigh against. */
  weighed: boolean;
  parentId: string;
}

/**
 * The nodes that get a weight slider, in the tree's reading order (the root has none: it has no
 * siblings). A sole child's weight changes nothing, so it is marked `weighed: false`.
 *
 * @example
 * weightNodes(model).map((n) => n.id); // ['exposure', 'borderland', 'borderland-share', …]
 */
export function weightNodes(model: RiskModel): WeightNode[] {
  const out: WeightNode[] = [];
  const visit = (child: ModelChild, depth: number, parentId: string, siblings: number) => {
    out.push({
      id: child.id,
      name: isLeaf(child) ? undefined : child.name,
      indicator: isLeaf(child) ? child.indicator : undefined,
      depth,
      weighed: siblings > 1,
      parentId,
    });
    if (!isLeaf(child)) for (const c of child.children) visit(c, depth + 1, child.id, child.children.length);
  };
  for (const c of model.root.children) visit(c, 1, model.root.id, model.root.children.length);
  return out;
}

/**
 * The model with some weights replaced by node id (others kept, ids not in the model ignored:
 * a leaf left out of a run keeps the weight it had), and optionally a new name.
 *
 * @example
 * withWeights(DEMAND_FOR_SEC, { coping: 2 }, 'Demand for SEC (coping ×2)');
 */
export function withWeights(model: RiskModel, weights: Readonly<Record<string, number>>, name = model.name): RiskModel {
  const visit = <C extends ModelChild>(child: C): C => {
    const weight = Object.hasOwn(weights, child.id) ? weights[child.id] : child.weight;
    const next = { ...child, ...(weight !== undefined ? { weight } : {}) };
    if (!isLeaf(next)) return { ...next, children: next.children.map(visit) } as C;
    return next;
  };
  return { name, root: visit(model.root) };
}

/**
 * The weights that differ from the model's (default 1), by node id: what the sliders changed.
 *
 * @example
 * changedWeights(model, { coping: 1, exposure: 2 }); // { exposure: 2 } when exposure was 1
 */
export function changedWeights(model: RiskModel, weights: Readonly<Record<string, number>>): Record<string, number> {
  const base = new Map<string, number>();
  const visit = (child: ModelChild) => {
    base.set(child.id, child.weight ?? 1);
    if (!isLeaf(child)) child.children.forEach(visit);
  };
  visit(model.root);
  return Object.fromEntries(Object.entries(weights).filter(([id, w]) => base.has(id) && base.get(id) !== w));
}

/**
 * Whether a node's label is the built-in vocabulary's, translated by the node's id: a node with
 * no name, or named as the built-in model names that id (the built-in model and copies of it).
 * A name an author gave otherwise is theirs, shown as written.
 *
 * @example
 * const names = builtInNames(DEMAND_FOR_SEC);
 * usesBuiltInName({ id: 'exposure', name: 'Exposure' }, names); // true: shown as 'Exposition' in French
 * usesBuiltInName({ id: 'exposure', name: 'Hotels and bars' }, names); // false
 */
export function usesBuiltInName(node: { id: string; name?: string }, names: ReadonlyMap<string, string>): boolean {
  return !node.name || names.get(node.id) === node.name;
}

/** A model's node names by id (the built-in model's, for {@link usesBuiltInName}). */
export function builtInNames(model: RiskModel): Map<string, string> {
  return new Map(weightNodes(model).filter((n) => n.name).map((n) => [n.id, n.name!]));
}
