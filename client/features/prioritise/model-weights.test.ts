import { describe, expect, it } from 'vitest';
import { DEMAND_FOR_SEC } from '../../../server/domain/risk/demand-for-sec';
import { parseModel } from '../../../server/domain/risk/model-file';
import { builtInNames, changedWeights, usesBuiltInName, weightNodes, withWeights } from './model-weights';

describe('weightNodes', () => {
  it('lists every node but the root in reading order, a sole child marked as not weighed', () => {
    const nodes = weightNodes(DEMAND_FOR_SEC);
    expect(nodes.slice(0, 4).map((n) => [n.id, n.depth, n.weighed])).toEqual([
      ['exposure', 1, true], ['borderland', 2, true], ['borderland-share', 3, false], ['transit', 2, true],
    ]);
    expect(nodes.find((n) => n.id === 'protection-services')).toMatchObject({ depth: 2, weighed: false, parentId: 'coping', indicator: 'child-protection-services' });
    expect(nodes).toHaveLength(28);
  });
});

describe('withWeights', () => {
  it('writes the weights by id into a copy that is still a valid model file, leaving the original alone', () => {
    const next = withWeights(DEMAND_FOR_SEC, { coping: 2.5, airports: 0, unknown: 3 }, 'Demand for SEC (mine)');
    expect(parseModel(JSON.parse(JSON.stringify(next)))).toEqual(next);
    expect(next.name).toBe('Demand for SEC (mine)');
    expect(next.root.children.find((c) => c.id === 'coping')!.weight).toBe(2.5);
    expect(DEMAND_FOR_SEC.root.children.find((c) => c.id === 'coping')!.weight).toBeUndefined();
    expect(JSON.stringify(next)).not.toContain('unknown');
  });
});

describe('changedWeights', () => {
  it('keeps only the weights that differ from the model’s (default 1)', () => {
    expect(changedWeights(DEMAND_FOR_SEC, { risk: 1, exposure: 1, borderland: 2, coping: 3, nope: 4 })).toEqual({ coping: 3 });
  });
});

describe('usesBuiltInName', () => {
  const names = builtInNames(DEMAND_FOR_SEC);
  it('translates the built-in model’s names and a copy’s, and nodes without a name, but not an author’s own names', () => {
    expect(names.get('vulnerability')).toBe('Vulnerability');
    expect(names.has('married-before-18')).toBe(false); // a leaf: no name of its own
    expect(usesBuiltInName({ id: 'vulnerability', name: 'Vulnerability' }, names)).toBe(true);
    expect(usesBuiltInName({ id: 'vulnerability' }, names)).toBe(true);
    expect(usesBuiltInName({ id: 'vulnerability', name: 'Poverty and schooling' }, names)).toBe(false);
    expect(usesBuiltInName({ id: 'my-node', name: 'My node' }, names)).toBe(false);
  });
});
