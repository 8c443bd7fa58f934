import { describe, expect, it } from 'vitest';
import { explainArea, explainScores, nodeMeansOf, shapleyGeometric } from './explain-scores';
import type { Aggregation, RiskModel } from './model-file';
import { rootScores, scoreAreas } from './score-areas';
import { prepareScoring, resolveWeights, type LeafData } from './scoring-plan';
import { randomModel } from './test-models';

const model = (aggregation: Aggregation): RiskModel => ({
  name: 't', root: { id: 'root', aggregation, children: [
    { id: 'a', indicator: 'a', normalisation: 'none' }, { id: 'b', indicator: 'b', normalisation: 'none' },
  ] },
});
function explain(m: RiskModel, data: LeafData) {
  const plan = prepareScoring(m, data);
  const e = explainScores(plan, scoreAreas(plan));
  const n = plan.areaCodes.length;
  return { ...e, of: (area: number) => plan.leaves.map((_, l) => e.contributions[l * n + area]) };
}

describe('explainScores', () => {
  it('splits an arithmetic score linearly against each leaf’s own mean', () => {
    // scores 4 and 6, mean 5; leaf means 3 and 7; X: ½(2 − 3) + ½(6 − 7) = −1
    const e = explain(model('arithmetic'), { a: { X: 2, Y: 4 }, b: { X: 6, Y: 8 } });
    expect(e.meanScore).toBe(5);
    expect(e.of(0)).toEqual([-0.5, -0.5]);
    expect(e.of(1)).toEqual([0.5, 0.5]);
  });

  it('shifts the references when a leaf is missing, so the parts still add up', () => {
    // Z has only a: scores 4, 6, 9, mean 19/3; means a 5, b 7
    // X: refs shifted by 19/3 − 6 → a: ½(2 − 16/3), b: ½(6 − 22/3); Z: a alone, 9 − 19/3; b contributes 0
    const e = explain(model('arithmetic'), { a: { X: 2, Y: 4, Z: 9 }, b: { X: 6, Y: 8 } });
    const [xa, xb] = e.of(0);
    expect(xa).toBeCloseTo(-5 / 3, 12);
    expect(xb).toBeCloseTo(-2 / 3, 12);
    const [za, zb] = e.of(2);
    expect(za).toBeCloseTo(8 / 3, 12);
    expect(zb).toBe(0);
  });

  it('splits a geometric score by the log-mean Divisia index', () => {
    // X (1, 9) and Y (9, 1) both score 3; the references, scaled from the means 5 and 5, are 3 and 3
    // X: a 0.5·3/L(1, 3)·(1 − 3) = −1.5 ln 3, b 0.5·3/L(9, 3)·(9 − 3) = 1.5 ln 3
    const e = explain(model('geometric'), { a: { X: 1, Y: 9 }, b: { X: 9, Y: 1 } });
    expect(e.meanScore).toBeCloseTo(3, 12);
    const [xa, xb] = e.of(0);
    expect(xa).toBeCloseTo(-1.5 * Math.log(3), 12);
    expect(xb).toBeCloseTo(1.5 * Math.log(3), 12);
    const [ya, yb] = e.of(1);
    expect(ya).toBeCloseTo(1.5 * Math.log(3), 12);
    expect(yb).toBeCloseTo(-1.5 * Math.log(3), 12);
  });

  it('gives the Shapley split where a geometric node holds a zero', () => {
    const phi = shapleyGeometric([0, 4], [2, 2], [0.5, 0.5]);
    expect(phi[0]).toBeCloseTo(-1 - Math.SQRT2, 12);
    expect(phi[1]).toBeCloseTo(Math.SQRT2 - 1, 12);
    // X = √(0·9) = 0, Y = √(4·9) = 6: mean 3; X's parts add up to −3
    const e = explain(model('geometric'), { a: { X: 0, Y: 4 }, b: { X: 9, Y: 9 } });
    const [xa, xb] = e.of(0);
    expect(xa + xb).toBeCloseTo(-3, 12);
    // the zero did it; b's reference is scaled with a's (to 9·3/√18 ≈ 6.36), so 9 counts a little in its favour
    expect(xa).toBeLessThan(-3);
    expect(xb).toBeGreaterThan(0);
  });

  it('adds up to score − mean score on 300 seeded random models with missing leaves, zeros and zero weights', () => {
    let areasChecked = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { model: m, data, areaCodes } = randomModel(seed, 25);
      const plan = prepareScoring(m, data, { areaCodes });
      const weights = resolveWeights(plan);
      const scores = scoreAreas(plan, { weights });
      const total = rootScores(plan, scores);
      const { contributions, meanScore } = explainScores(plan, scores, weights);
      const n = areaCodes.length;
      for (let a = 0; a < n; a++) {
        if (Number.isNaN(total[a])) continue;
        let sum = 0;
        for (let l = 0; l < plan.leaves.length; l++) {
          const c = contributions[l * n + a];
          expect(Number.isFinite(c), `seed ${seed} area ${a} leaf ${l}`).toBe(true);
          sum += c;
        }
        expect(Math.abs(sum - (total[a] - meanScore)), `seed ${seed} area ${a}`).toBeLessThan(1e-9);
        areasChecked++;
      }
    }
    expect(areasChecked).toBeGreaterThan(5000);
  });

  it('explains one area alone as it explains them all', () => {
    const { model: m, data, areaCodes } = randomModel(5, 40);
    const plan = prepareScoring(m, data, { areaCodes });
    const scores = scoreAreas(plan);
    const all = explainScores(plan, scores);
    const means = nodeMeansOf(plan, scores);
    for (const a of [0, 17, 39]) {
      expect(Array.from(explainArea(plan, scores, means, a))).toEqual(plan.leaves.map((_, l) => all.contributions[l * 40 + a]));
    }
  });

  it('adds up exactly past 12 children of a geometric node holding a zero', () => {
    const ids = Array.from({ length: 14 }, (_, i) => `l${i}`);
    const wide: RiskModel = { name: 'wide', root: { id: 'root', aggregation: 'geometric', children: ids.map((id) => ({ id, indicator: id, normalisation: 'none' as const })) } };
    // X has a 0 in l0, Y and Z none
    const data = Object.fromEntries(ids.map((id, i) => [id, { X: i === 0 ? 0 : 1 + (i % 5), Y: 2 + (i % 3), Z: 9 - (i % 4) }]));
    const e = explain(wide, data);
    const plan = prepareScoring(wide, data);
    const total = rootScores(plan, scoreAreas(plan));
    expect(total[0]).toBe(0);
    for (let a = 0; a < 3; a++) expect(e.of(a).reduce((x, y) => x + y, 0)).toBeCloseTo(total[a] - e.meanScore, 12);
  });
});
