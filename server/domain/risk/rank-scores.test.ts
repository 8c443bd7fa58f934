import { describe, expect, it } from 'vitest';
import { classifyScore, INFORM_2025_CLASSES } from './classify-score';
import { rankScores } from './rank-scores';

describe('rankScores', () => {
  it('ranks the highest score 1, gives ties the best rank of their group and skips after them', () => {
    expect(Array.from(rankScores(Float64Array.of(5, 7, Number.NaN, 5, 9, 7, 7, 1)))).toEqual([5, 2, Number.NaN, 5, 1, 2, 2, 7]);
  });

  it('agrees with counting the higher scores on seeded data with many ties', () => {
    let x = 1;
    const scores = Float64Array.from({ length: 2000 }, () => ((x = (x * 48271) % 2147483647) % 50) / 5);
    const ranks = rankScores(scores);
    scores.forEach((s, i) => expect(ranks[i]).toBe(1 + scores.filter((t) => t > s).length));
  });
});

describe('classifyScore', () => {
  it("puts scores in INFORM Risk 2025's classes, each from its lower bound", () => {
    const label = (s: number) => INFORM_2025_CLASSES[classifyScore(s)].label;
    expect([0, 2.19, 2.2, 3.2, 5.09, 5.1, 6.9, 10].map(label)).toEqual(['Very Low', 'Very Low', 'Low', 'Medium', 'Medium', 'High', 'Very High', 'Very High']);
    expect(classifyScore(Number.NaN)).toBe(-1);
  });

  it('takes other thresholds', () => {
    const classes = [{ label: 'low', from: 0 }, { label: 'high', from: 5 }];
    expect([-1, 0, 4.9, 5].map((s) => classifyScore(s, classes))).toEqual([-1, 0, 0, 1]);
  });
});
