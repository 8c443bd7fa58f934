/**
 * The risk-model file: `{ "name", "root": NODE }`, where a node is
 * `{ "id", "name"?, "weight"? (default 1), "aggregation", "children": [NODE | LEAF, …] }` and a
 * leaf `{ "id", "indicator", "normalisation", "min"?, "max"?, "caps"?, "direction"?,
 * "transform"?, "weight"? }`. A child with `children` is a node, one with `indicator` a leaf.
 * Validation is strict: an unknown key or value is refused with the path and id of its node, and
 * every problem is listed at once.
 */
import { z } from 'zod';

export const AGGREGATIONS = ['arithmetic', 'geometric', 'inform-geometric'] as const;
export const NORMALISATIONS = ['none', 'minmax', 'zscore', 'percentile'] as const;
export const DIRECTIONS = ['higher-more-risk', 'higher-less-risk'] as const;
export const TRANSFORMS = ['none', 'log'] as const;

export type Aggregation = (typeof AGGREGATIONS)[number];
export type Normalisation = (typeof NORMALISATIONS)[number];
export type Direction = (typeof DIRECTIONS)[number];
export type Transform = (typeof TRANSFORMS)[number];

/** Outlier caps: fixed bounds in indicator units, or Tukey fences `k` interquartile ranges out. */
export type Caps = { lower?: number; upper?: number } | { iqr: number };

export interface ModelLeaf {
  id: string;
  /** Name or id of the indicator (or factor) whose observations fill this leaf. */
  indicator: string;
  normalisation: Normalisation;
  /** Fixed min-max bounds in indicator units (minmax only); by default the data's own range. */
  min?: number;
  max?: number;
  caps?: Caps;
  /** @default 'higher-more-risk' */
  direction?: Direction;
  /** `log` is ln(x + 1), applied after the caps. @default 'none' */
  transform?: Transform;
  /** Relative to its siblings. @default 1 */
  weight?: number;
}

export interface ModelNode {
  id: string;
  name?: string;
  /** Relative to its siblings. @default 1 */
  weight?: number;
  aggregation: Aggregation;
  children: ModelChild[];
}

export type ModelChild = ModelNode | ModelLeaf;

export interface RiskModel {
  name: string;
  root: ModelNode;
}

export interface ModelProblem {
  /** Where, as `root.children[2] (id "hazard")`. */
  path: string;
  message: string;
}

/** A model file that does not follow the format; `problems` lists every finding. */
export class ModelFileError extends Error {
  constructor(readonly problems: ModelProblem[]) {
    super(`Invalid risk model (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`);
    this.name = 'ModelFileError';
  }
}

/**
 * Whether a child of a node is a leaf (it has an `indicator`) rather than a node.
 *
 * @example
 * isLeaf({ id: 'cm', indicator: 'child-marriage', normalisation: 'minmax' }); // true
 */
export const isLeaf = (child: ModelChild): child is ModelLeaf => 'indicator' in child;

const id = z.string().trim().min(1);
const weight = z.number().finite().nonnegative();
const fileSchema = z.strictObject({ name: z.string().trim().min(1), root: z.unknown() });
const nodeSchema = z.strictObject({
  id, name: z.string().optional(), weight: weight.optional(),
  aggregation: z.enum(AGGREGATIONS), children: z.array(z.unknown()).min(1),
});
const fixedCaps = z.strictObject({ lower: z.number().finite().optional(), upper: z.number().finite().optional() })
  .refine((c) => c.lower !== undefined || c.upper !== undefined, 'caps need "lower", "upper" or "iqr"')
  .refine((c) => c.lower === undefined || c.upper === undefined || c.lower <= c.upper, 'caps.lower is above caps.upper');
const iqrCaps = z.strictObject({ iqr: z.number().finite().positive() });
const leafSchema = z.strictObject({
  id, indicator: z.string().trim().min(1), normalisation: z.enum(NORMALISATIONS),
  min: z.number().finite().optional(), max: z.number().finite().optional(),
  caps: z.unknown().optional(), direction: z.enum(DIRECTIONS).optional(),
  transform: z.enum(TRANSFORMS).optional(), weight: weight.optional(),
});

const pathText = (segments: (string | number)[]) =>
  segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

// One line per zod issue, in the words of the format: `unknown key "wieght"`, `aggregation: expected one of …`.
function describeIssue(issue: z.core.$ZodIssue): string[] {
  const field = issue.path.length > 0 ? `${pathText(issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)))}: ` : '';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${field}unknown key "${key}"`);
    case 'invalid_value': {
      const allowed = `one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}`;
      return [`${field}${issue.input === undefined ? `missing (expected ${allowed})` : `expected ${allowed}, got ${JSON.stringify(issue.input)}`}`];
    }
    case 'invalid_type':
      if (issue.input === undefined) return [`${field}missing${issue.expected === 'nonoptional' ? '' : ` (expected ${issue.expected})`}`];
      return [`${field}expected ${issue.expected}, got ${JSON.stringify(issue.input)}`];
    default:
      return [`${field}${issue.message}`];
  }
}

/**
 * Validate a parsed model file (the value of JSON.parse, or a JSON string) and return the model.
 * Throws a {@link ModelFileError} listing every problem with its path.
 *
 * @example
 * parseModel({ name: 'M', root: { id: 'risk', aggregation: 'arithmetic', children: [
 *   { id: 'cm', indicator: 'child-marriage', normalisation: 'minmax', wieght: 2 }] } });
 * // throws: root.children[0] (id "cm"): unknown key "wieght"
 */
export function parseModel(json: unknown): RiskModel {
  let input = json;
  if (typeof json === 'string') {
    try {
      input = JSON.parse(json);
    } catch (e) {
      throw new ModelFileError([{ path: '(file)', message: `not JSON: ${(e as Error).message}` }]);
    }
  }
  const problems: ModelProblem[] = [];
  const file = fileSchema.safeParse(input, { reportInput: true });
  if (!file.success) {
    for (const issue of file.error.issues) for (const message of describeIssue(issue)) problems.push({ path: '(file)', message });
  }
  const raw = input as { name?: unknown; root?: unknown } | null;
  // without an object holding a root there is no tree to look into
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !('root' in raw)) throw new ModelFileError(problems);
  const root = validateChild(raw.root, ['root'], problems, new Map(), true);
  if (!file.success || problems.length > 0 || !root) throw new ModelFileError(problems);
  return { name: file.data.name, root: root as ModelNode };
}

function validateChild(
  raw: unknown, path: (string | number)[], problems: ModelProblem[], seen: Map<string, string>, isRoot = false,
): ModelChild | null {
  const rawId = raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
  const where = `${pathText(path)}${rawId !== undefined ? ` (id ${JSON.stringify(rawId)})` : ''}`;
  const report = (message: string) => problems.push({ path: where, message });
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    report(`expected an object, got ${JSON.stringify(raw)}`);
    return null;
  }
  const hasChildren = 'children' in raw;
  const hasIndicator = 'indicator' in raw;
  if (hasChildren === hasIndicator) {
    report(hasChildren ? 'has both "children" and "indicator": a node or a leaf, not both' : 'expected a node (with "children") or a leaf (with "indicator")');
    return null;
  }
  if (isRoot && hasIndicator) {
    report('the root must be a node with "children", not a leaf');
    return null;
  }
  if (rawId !== undefined) {
    const before = seen.get(rawId.trim());
    if (before) report(`duplicate id (also at ${before})`);
    else seen.set(rawId.trim(), pathText(path));
  }
  const count = problems.length;
  if (hasChildren) {
    const parsed = nodeSchema.safeParse(raw, { reportInput: true });
    if (!parsed.success) for (const issue of parsed.error.issues) describeIssue(issue).forEach(report);
    const children = Array.isArray((raw as { children: unknown }).children) ? ((raw as { children: unknown[] }).children) : [];
    const valid = children.map((c, i) => validateChild(c, [...path, 'children', i], problems, seen));
    if (!parsed.success || problems.length > count) return null;
    return { ...parsed.data, children: valid as ModelChild[] };
  }
  const parsed = leafSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) describeIssue(issue).forEach(report);
    return null;
  }
  const leaf = parsed.data;
  if ((leaf.min !== undefined || leaf.max !== undefined) && leaf.normalisation !== 'minmax') report(`"min" and "max" apply to normalisation "minmax" only, not ${JSON.stringify(leaf.normalisation)}`);
  if (leaf.min !== undefined && leaf.max !== undefined && !(leaf.min < leaf.max)) report(`min (${leaf.min}) must be below max (${leaf.max})`);
  let caps: Caps | undefined;
  if (leaf.caps !== undefined) {
    const capsSchema = leaf.caps && typeof leaf.caps === 'object' && 'iqr' in leaf.caps ? iqrCaps : fixedCaps;
    const parsedCaps = capsSchema.safeParse(leaf.caps, { reportInput: true });
    if (parsedCaps.success) caps = parsedCaps.data;
    else for (const issue of parsedCaps.error.issues) describeIssue({ ...issue, path: ['caps', ...issue.path] } as z.core.$ZodIssue).forEach(report);
  }
  if (problems.length > count) return null;
  const { caps: _caps, ...rest } = leaf;
  return caps ? { ...rest, caps } : (rest as ModelLeaf);
}
