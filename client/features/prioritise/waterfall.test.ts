import { describe, expect, it } from 'vitest';
import { waterfall } from './waterfall';

describe('waterfall', () => {
  it('runs from the mean through each contribution, largest first, to the score, inside the width', () => {
    const w = waterfall(3, [{ id: 'a', value: 0.5 }, { id: 'b', value: -1.25 }, { id: 'm', value: Number.NaN }, { id: 'c', value: 2 }], 200);
    expect(w.steps.map((s) => s.id)).toEqual(['c', 'b', 'a']);
    expect(w.steps.map((s) => [s.from, s.to])).toEqual([[3, 5], [5, 3.75], [3.75, 4.25]]);
    for (const s of w.steps) {
      expect(s.x).toBeGreaterThanOrEqual(0);
      expect(s.x + s.width).toBeLessThanOrEqual(200 + 1e-9);
    }
    // bars are proportional to the contributions: c is 4× a
    expect(w.steps[0].width / w.steps[2].width).toBeCloseTo(4, 9);
    expect(w.scoreX).toBeGreaterThan(w.meanX);
    expect(w.ticks.length).toBeGreaterThan(1);
  });

  it('gives a zero contribution a visible minimum bar', () => {
    const w = waterfall(5, [{ id: 'z', value: 0 }], 100);
    expect(w.steps[0].width).toBe(2);
  });
});
