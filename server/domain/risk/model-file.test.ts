import { describe, expect, it } from 'vitest';
import { ModelFileError, parseModel } from './model-file';

const leaf = (id: string, extra: Record<string, unknown> = {}) => ({ id, indicator: id, normalisation: 'minmax', ...extra });
const file = (children: unknown[], extra: Record<string, unknown> = {}) => ({
  name: 'Demand for SEC', root: { id: 'risk', aggregation: 'geometric', children, ...extra },
});

function problemsOf(json: unknown): string[] {
  try {
    parseModel(json);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelFileError);
    return (e as ModelFileError).problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error('the model was accepted');
}

describe('parseModel', () => {
  it('accepts a full model and keeps every field', () => {
    const json = file([
      { id: 'exposure', name: 'Exposure', weight: 2, aggregation: 'arithmetic', children: [
        leaf('borderland', { caps: { upper: 0.8 }, min: 0, max: 1, weight: 1.5 }),
        leaf('hubs', { normalisation: 'percentile', transform: 'log', caps: { iqr: 1.5 } }),
      ] },
      { id: 'vulnerability', aggregation: 'inform-geometric', children: [leaf('cm', { normalisation: 'zscore', direction: 'higher-less-risk' })] },
    ]);
    const model = parseModel(JSON.stringify(json));
    expect(model).toEqual(json);
  });

  it('refuses an unknown key with the path and id of its node', () => {
    const json = file([leaf('a'), leaf('b'), { id: 'hazard', wieght: 2, aggregation: 'arithmetic', children: [leaf('c')] }]);
    expect(problemsOf(json)).toEqual(['root.children[2] (id "hazard"): unknown key "wieght"']);
    expect(() => parseModel(json)).toThrow(/^Invalid risk model \(1 problem\):\n {2}root\.children\[2\] \(id "hazard"\): unknown key "wieght"$/);
  });

  it('refuses unknown values, naming the ones allowed', () => {
    expect(problemsOf(file([leaf('a', { normalisation: 'rank' })], { aggregation: 'mean' }))).toEqual([
      'root (id "risk"): aggregation: expected one of "arithmetic" | "geometric" | "inform-geometric", got "mean"',
      'root.children[0] (id "a"): normalisation: expected one of "none" | "minmax" | "zscore" | "percentile", got "rank"',
    ]);
    expect(problemsOf(file([leaf('a', { direction: 'up', transform: 'sqrt', weight: -1 })]))).toEqual([
      'root.children[0] (id "a"): direction: expected one of "higher-more-risk" | "higher-less-risk", got "up"',
      'root.children[0] (id "a"): transform: expected one of "none" | "log", got "sqrt"',
      'root.children[0] (id "a"): weight: Too small: expected number to be >=0',
    ]);
  });

  it('lists every problem of a deep tree at once', () => {
    const json = {
      name: 'M', colour: 'red', root: { id: 'risk', aggregation: 'arithmetic', children: [
        { id: 'e', aggregation: 'arithmetic', children: [leaf('x', { caps: { upper: 1, iqr: 2 } }), { id: 'y', indicator: 'y' }] },
        { id: 'e', aggregation: 'arithmetic', children: [] },
        { name: 'neither' },
      ] },
    };
    expect(problemsOf(json)).toEqual([
      '(file): unknown key "colour"',
      'root.children[0].children[0] (id "x"): caps: unknown key "upper"',
      'root.children[0].children[1] (id "y"): normalisation: missing (expected one of "none" | "minmax" | "zscore" | "percentile")',
      'root.children[1] (id "e"): duplicate id (also at root.children[0])',
      'root.children[1] (id "e"): children: Too small: expected array to have >=1 items',
      'root.children[2]: expected a node (with "children") or a leaf (with "indicator")',
    ]);
  });

  it('refuses bounds and caps that cannot apply', () => {
    expect(problemsOf(file([
      leaf('a', { normalisation: 'zscore', min: 0 }),
      leaf('b', { min: 5, max: 5 }),
      leaf('c', { caps: { lower: 3, upper: 1 } }),
      leaf('d', { caps: {} }),
      leaf('e', { caps: { iqr: 0 } }),
    ]))).toEqual([
      'root.children[0] (id "a"): "min" and "max" apply to normalisation "minmax" only, not "zscore"',
      'root.children[1] (id "b"): min (5) must be below max (5)',
      'root.children[2] (id "c"): caps: caps.lower is above caps.upper',
      'root.children[3] (id "d"): caps: caps need "lower", "upper" or "iqr"',
      'root.children[4] (id "e"): caps.iqr: Too small: expected number to be >0',
    ]);
  });

  it('refuses a leaf as root, a node that is also a leaf, and text that is not JSON', () => {
    expect(problemsOf({ name: 'M', root: leaf('a') })).toEqual(['root (id "a"): the root must be a node with "children", not a leaf']);
    expect(problemsOf(file([{ ...leaf('a'), children: [] }]))).toEqual(['root.children[0] (id "a"): has both "children" and "indicator": a node or a leaf, not both']);
    expect(problemsOf('{"name": "M",')[0]).toMatch(/^\(file\): not JSON: /);
    expect(problemsOf({ root: file([leaf('a')]).root })).toEqual(['(file): name: missing (expected string)']);
    expect(problemsOf({ name: 'M' })).toEqual(['(file): root: missing']);
    expect(problemsOf([1])).toEqual(['(file): expected object, got [1]']);
  });
});
