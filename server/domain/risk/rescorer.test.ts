import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../test/helpers/seeded-random';
import { Rescorer } from './rescorer';
import { scoreAreas } from './score-areas';
import { prepareScoring, resolveWeights } from './scoring-plan';
import { randomModel } from './test-models';

describe('Rescorer', () => {
  it('after any sequence of weight changes, equals scoring from scratch with those weights', () => {
    const random = mulberry32(11);
    for (let seed = 1; seed <= 100; seed++) {
      const { model, data, areaCodes } = randomModel(seed, 20);
      const plan = prepareScoring(model, data, { areaCodes });
      const rescorer = new Rescorer(plan);
      for (let step = 0; step < 5; step++) {
        const node = Math.floor(random() * (plan.nodes.length - 1));
        rescorer.setWeight(plan.nodes[node].id, random() < 0.2 ? 0 : random() * 3);
        rescorer.update();
        const fresh = scoreAreas(plan, { weights: Float64Array.from(rescorer.weights) });
        rescorer.scores.forEach((x, i) => {
          if (Number.isNaN(fresh[i])) expect(x, `seed ${seed} step ${step} cell ${i}`).toBeNaN();
          else expect(Math.abs(x - fresh[i]), `seed ${seed} step ${step} cell ${i}`).toBeLessThan(1e-12);
        });
      }
    }
  });

  it('changes the scores of the moved node’s ancestors only', () => {
    const model = { name: 't', root: { id: 'root', aggregation: 'geometric' as const, children: [
      { id: 'left', aggregation: 'inform-geometric' as const, children: [{ id: 'a', indicator: 'a', normalisation: 'none' as const }, { id: 'b', indicator: 'b', normalisation: 'none' as const }] },
      { id: 'right', aggregation: 'arithmetic' as const, children: [{ id: 'c', indicator: 'c', normalisation: 'none' as const }, { id: 'd', indicator: 'd', normalisation: 'none' as const }] },
    ] } };
    const plan = prepareScoring(model, { a: { X: 2 }, b: { X: 8 }, c: { X: 1 }, d: { X: 5 } });
    const rescorer = new Rescorer(plan);
    const right = plan.nodeIndex.get('right')!;
    const left = plan.nodeIndex.get('left')!;
    const before = Array.from(rescorer.scores);
    // right = (1 + 3·5)/4 = 4; left unchanged
    const [score] = rescorer.setWeight('d', 3).update();
    expect(rescorer.scores[right]).toBe(4);
    expect(rescorer.scores[left]).toBe(before[left]);
    expect(score).toBeCloseTo(Math.sqrt(before[left] * 4), 12);
    expect(Array.from(rescorer.weights)).toEqual(Array.from(resolveWeights(plan, { d: 3 })));
  });

  it('refuses unknown nodes and bad weights', () => {
    const plan = prepareScoring({ name: 't', root: { id: 'root', aggregation: 'arithmetic', children: [{ id: 'a', indicator: 'a', normalisation: 'none' }] } }, { a: { X: 1 } });
    const rescorer = new Rescorer(plan);
    expect(() => rescorer.setWeight('z', 1)).toThrow("No node 'z' in model 't'");
    expect(() => rescorer.setWeight('a', Number.NaN)).toThrow("Weight of 'a' must be a finite number ≥ 0, got NaN");
  });
});
