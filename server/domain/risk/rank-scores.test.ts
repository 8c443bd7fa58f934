import { describe, expect, it } from 'vitest';
import { classifyScore, classifyScores, INFORM_2025_CLASSES } from './classify-score';
import { createRankScratch, rankScores } from './rank-scores';
import { mulberry32 } from '../../../test/helpers/seeded-random';

describe('rankScores', () => {
  it('ranks the highest score 1, gives ties the best rank of their group and skips after them', () => {
    expect(Array.from(rankScores(Float64Array.of(5, 7, Number.NaN, 5, 9, 7, 7, 1)))).toEqual([5, 2, Number.NaN, 5, 1, 2, 2, 7]);
  });

  it('agrees with counting the higher scores: many ties, clustered values, one value, none', () => {
    const random = mulberry32(3);
    const cases = [
      Float64Array.from({ length: 2000 }, () => Math.floor(random() * 50) / 5),
      // 1,500 scores within 1e-6 of each other and two far away: one bucket holds nearly all
      Float64Array.from({ length: 1500 }, () => 5 + random() * 1e-6).map((v, i) => (i === 0 ? 0 : i === 1 ? 10 : i % 7 === 0 ? Number.NaN : v)),
      Float64Array.of(4.2), Float64Array.of(), Float64Array.of(Number.NaN, 3, 3),
    ];
    // one scratch, as a slider reuses it, for every case
    const scratch = createRankScratch(2000);
    for (const scores of cases) {
      for (const ranks of [rankScores(scores), rankScores(scores, new Float64Array(scores.length), scratch)]) {
        scores.forEach((s, i) => expect(ranks[i]).toBe(Number.isNaN(s) ? Number.NaN : 1 + scores.filter((t) => t > s).length));
      }
    }
  });
});

describe('classifyScore', () => {
  it("puts scores in INFORM Risk 2025's classes, each from its lower bound", () => {
    const label = (s: number) => INFORM_2025_CLASSES[classifyScore(s)].label;
    expect([0, 2.19, 2.2, 3.2, 5.09, 5.1, 6.9, 10].map(label)).toEqual(['Very Low', 'Very Low', 'Low', 'Medium', 'Medium', 'High', 'Very High', 'Very High']);
    expect(classifyScore(Number.NaN)).toBe(-1);
    expect(Array.from(classifyScores(Float64Array.of(0, 2.19, 2.2, 3.2, 5.09, 5.1, 6.9, 10, Number.NaN)))).toEqual([0, 0, 1, 2, 2, 3, 4, 4, -1]);
  });

  it('takes other thresholds', () => {
    const classes = [{ label: 'low', from: 0 }, { label: 'high', from: 5 }];
    expect([-1, 0, 4.9, 5].map((s) => classifyScore(s, classes))).toEqual([-1, 0, 0, 1]);
  });
});
