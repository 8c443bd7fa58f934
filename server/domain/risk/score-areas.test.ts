import { describe, expect, it } from 'vitest';
import type { Aggregation, ModelChild, RiskModel } from './model-file';
import { scoreObjects } from './object-score';
import { rootScores, scoreAreas } from './score-areas';
import { prepareScoring, resolveWeights, type LeafData } from './scoring-plan';
import { randomModel } from './test-models';

const leaf = (id: string, weight?: number): ModelChild => ({ id, indicator: id, normalisation: 'none', ...(weight === undefined ? {} : { weight }) });
const twoLeaves = (aggregation: Aggregation, wa?: number, wb?: number): RiskModel => ({
  name: 't', root: { id: 'root', aggregation, children: [leaf('a', wa), leaf('b', wb)] },
});
const score = (model: RiskModel, data: LeafData, codes: string[]) => {
  const plan = prepareScoring(model, data, { areaCodes: codes });
  return Array.from(rootScores(plan, scoreAreas(plan)));
};

describe('scoreAreas', () => {
  it('takes the weighted arithmetic mean of the children present', () => {
    // X: (1·2 + 3·6)/4 = 5; Y: b is missing, so 4 alone (read as 0 it would be 1); Z: nothing known
    const data = { a: { X: 2, Y: 4, Z: null }, b: { X: 6 } };
    expect(score(twoLeaves('arithmetic', 1, 3), data, ['X', 'Y', 'Z'])).toEqual([5, 4, Number.NaN]);
  });

  it('takes the weighted geometric mean; a zero child makes it zero', () => {
    const [equal, zero] = score(twoLeaves('geometric'), { a: { X: 4, Y: 0 }, b: { X: 9, Y: 9 } }, ['X', 'Y']);
    expect(equal).toBeCloseTo(6, 12);
    expect(zero).toBe(0);
    // 4^(1/3) · 9^(2/3) = 324^(1/3)
    expect(score(twoLeaves('geometric', 1, 2), { a: { X: 4 }, b: { X: 9 } }, ['X'])[0]).toBeCloseTo(6.868285, 6);
  });

  it("takes INFORM's adjusted geometric mean", () => {
    // y = (10 − K)/10·9 + 1: 5.5 and 2.8; (10 − √15.4)/9·10 = 6.7508
    const [k58, k33, k010] = score(twoLeaves('inform-geometric'), { a: { X: 5, Y: 3, Z: 0 }, b: { X: 8, Y: 3, Z: 10 } }, ['X', 'Y', 'Z']);
    expect(k58).toBeCloseTo(6.7508, 4);
    expect(k33).toBeCloseTo(3, 12); // a mean of equal values is that value
    // (10 − √(10·1))/9·10 = 7.5975
    expect(k010).toBeCloseTo(7.5975, 4);
  });

  it('leaves a child with weight 0 out, and a node with nothing left is missing', () => {
    expect(score(twoLeaves('arithmetic', 0, 1), { a: { X: 9 }, b: { X: 3 } }, ['X'])).toEqual([3]);
    expect(score(twoLeaves('geometric', 0, 1), { a: { X: 9 } }, ['X'])).toEqual([Number.NaN]);
  });

  it('re-weights through a weights array without preparing again', () => {
    const plan = prepareScoring(twoLeaves('arithmetic'), { a: { X: 2 }, b: { X: 6 } });
    expect(rootScores(plan, scoreAreas(plan))[0]).toBe(4);
    expect(rootScores(plan, scoreAreas(plan, { weights: resolveWeights(plan, { b: 3 }) }))[0]).toBe(5);
    expect(() => resolveWeights(plan, { c: 1 })).toThrow("No node 'c' in model 't'");
    expect(() => resolveWeights(plan, { a: -1 })).toThrow("Weight of 'a' must be a finite number ≥ 0, got -1");
  });

  it('rounds every inner node before its parent uses it when asked to (as INFORM does)', () => {
    // inner: (1 + 2)/2 = 1.5 → rounded 2 → root (2 + 2)/2 = 2; unrounded 1.75 → 1.8 at one decimal
    const model: RiskModel = { name: 't', root: { id: 'root', aggregation: 'arithmetic', children: [
      { id: 'inner', aggregation: 'arithmetic', children: [leaf('a'), leaf('b')] }, leaf('c'),
    ] } };
    const plan = prepareScoring(model, { a: { X: 1 }, b: { X: 2 }, c: { X: 2 } });
    expect(rootScores(plan, scoreAreas(plan, { decimals: 0 }))[0]).toBe(2);
    expect(rootScores(plan, scoreAreas(plan))[0]).toBe(1.75);
  });

  it('equals the plain object-based scorer on 300 seeded random models, to 1e-9', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const { model, data, areaCodes } = randomModel(seed, 30);
      const plan = prepareScoring(model, data, { areaCodes });
      const typed = rootScores(plan, scoreAreas(plan));
      const objects = scoreObjects(model, areaCodes.map((code, a) => ({
        code, leaves: Object.fromEntries(plan.leaves.map((l, i) => [l.id, Number.isNaN(plan.leafScores[i * areaCodes.length + a]) ? null : plan.leafScores[i * areaCodes.length + a]])),
      })));
      objects.forEach((o, a) => {
        if (o.score === null) expect(typed[a], `seed ${seed} area ${a}`).toBeNaN();
        else expect(Math.abs(typed[a] - o.score), `seed ${seed} area ${a}`).toBeLessThan(1e-9);
      });
    }
  });
});
