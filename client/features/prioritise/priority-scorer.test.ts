import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../test/helpers/seeded-random';
import { computeCompositeScore } from '../../../server/domain/risk/composite-score';
import { randomModel } from '../../../server/domain/risk/test-models';
import { PriorityScorer } from './priority-scorer';

const close = (got: number, want: number, what: string) => {
  if (Number.isNaN(want)) expect(got, what).toBeNaN();
  else expect(Math.abs(got - want), `${what}: ${got} vs ${want}`).toBeLessThanOrEqual(1e-9);
};

describe('PriorityScorer', () => {
  it('after slider moves, equals the server’s computeCompositeScore for the same weights to 1e-9 (scores, ranks, classes, contributions)', () => {
    const random = mulberry32(5);
    for (let seed = 1; seed <= 40; seed++) {
      const { model, data, areaCodes } = randomModel(seed, 30);
      const scorer = new PriorityScorer(model, data, areaCodes, { referenceYear: 2025 });
      const ids = scorer.plan.nodes.slice(0, -1).map((n) => n.id);
      for (let step = 0; step < 4; step++) {
        if (ids.length) scorer.setWeight(ids[Math.floor(random() * ids.length)], Math.round(random() * 50) / 10);
        scorer.update();
        const want = computeCompositeScore(model, data, { areaCodes, referenceYear: 2025, maxAgeYears: 10, weights: scorer.weights() });
        want.areas.forEach((area, a) => {
          const where = `seed ${seed} step ${step} area ${a}`;
          close(scorer.scores[a], area.score, `${where} score`);
          if (Number.isNaN(area.rank)) expect(scorer.ranks[a]).toBeNaN();
          else expect(scorer.ranks[a], `${where} rank`).toBe(area.rank);
          expect(scorer.classIndex[a] >= 0 ? scorer.classes[scorer.classIndex[a]].label : null, `${where} class`).toBe(area.class);
          close(scorer.reliability(a), 1 - area.unreliableShare, `${where} reliability`);
          const explained = scorer.explain(a);
          close(explained.meanScore, want.meanScore, `${where} mean`);
          for (const c of explained.contributions) {
            const leafMissing = Number.isNaN(area.nodeScores[c.leafId]);
            if (leafMissing) expect(c.value, `${where} ${c.leafId}`).toBeNaN();
            else close(c.value, area.contributions[c.leafId], `${where} contribution ${c.leafId}`);
          }
        });
      }
    }
  });

  it('bumps its version on every update, so the map knows to recolour', () => {
    const { model, data, areaCodes } = randomModel(3, 5);
    const scorer = new PriorityScorer(model, data, areaCodes);
    expect(scorer.version).toBe(0);
    expect(scorer.update()).toBe(1);
    expect(scorer.update()).toBe(2);
  });

  it('refuses a weight for a node the model does not have', () => {
    const { model, data, areaCodes } = randomModel(3, 5);
    const scorer = new PriorityScorer(model, data, areaCodes);
    expect(() => scorer.setWeight('nope', 1)).toThrow("No node 'nope' in model 'random 3'");
    expect(() => scorer.weightOf('nope')).toThrow("No node 'nope'");
  });
});
