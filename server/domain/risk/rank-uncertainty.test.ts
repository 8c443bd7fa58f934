import { describe, expect, it } from 'vitest';
import { computeCompositeScore } from './composite-score';
import { DEMAND_FOR_SEC } from './demand-for-sec';
import { parseModel, type RiskModel } from './model-file';
import { rankUncertainty } from './rank-uncertainty';

const model: RiskModel = {
  name: 'two leaves',
  root: { id: 'risk', aggregation: 'arithmetic', children: [
    { id: 'a', indicator: 'a', normalisation: 'minmax' },
    { id: 'b', indicator: 'b', normalisation: 'minmax', weight: 2 },
  ] },
};
// A is top on both leaves, D is bottom on both; B and C trade places as the weights move
const data = {
  a: { A: 10, B: 8, C: 2, D: 0, E: null },
  b: { A: 10, B: 2, C: 6, D: 0, E: null },
};

describe('rankUncertainty', () => {
  it('gives every draw the model’s own ranks when nothing varies', () => {
    const u = rankUncertainty(model, data, {}, { draws: 20, weightSpread: 0, normalisations: false, aggregations: false, topN: 2 });
    const ranks = computeCompositeScore(model, data).areas.map((a) => a.rank);
    expect([...u.medianRank]).toEqual(ranks);
    expect([...u.p5Rank]).toEqual(ranks);
    expect([...u.p95Rank]).toEqual(ranks);
    expect([...u.topShare]).toEqual([1, 0, 1, 0, 0]);
    // an area with no value has no rank in any draw: NaN, not last
    expect(u.medianRank[4]).toBeNaN();
  });

  it('repeats a run with the same seed and differs with another', () => {
    const run = (seed: number) => rankUncertainty(model, data, {}, { draws: 300, seed, topN: 2 });
    const one = run(7);
    expect(run(7)).toEqual(one);
    expect([...run(8).topShare]).not.toEqual([...one.topShare]);
  });

  it('keeps the top and bottom areas in place and spreads the two that trade places', () => {
    const u = rankUncertainty(model, data, {}, { draws: 500, seed: 3, weightSpread: 0.25, normalisations: false, aggregations: false, topN: 2 });
    expect([u.p5Rank[0], u.p95Rank[0], u.topShare[0]]).toEqual([1, 1, 1]);
    expect([u.p5Rank[3], u.p95Rank[3]]).toEqual([4, 4]);
    // with b weighted 1.5–2.5 against a 0.75–1.25, C (0.6·b) mostly beats B: B's rank spreads 2–3
    expect(u.topShare[1] + u.topShare[2]).toBeCloseTo(1, 10);
    expect(u.topShare[2]).toBeGreaterThan(u.topShare[1]);
  });

  it('stops when the progress callback says so', () => {
    const u = rankUncertainty(model, data, {}, { draws: 1000, onProgress: (done) => done < 100 });
    expect(u.draws).toBe(100);
  });
});

describe('the default model', () => {
  it('is a valid model file', () => {
    expect(parseModel(JSON.parse(JSON.stringify(DEMAND_FOR_SEC)))).toEqual(DEMAND_FOR_SEC);
  });
});
