import { describe, expect, it } from 'vitest';
import { classIndex, classifyValues } from './classify';
import { mulberry32 } from '../../../test/helpers/seeded-random';

// Within-class sum of squared deviations of a partition of sorted values by its breaks.
function withinSumOfSquares(sorted: number[], breaks: number[]): number {
  let total = 0;
  for (let c = 0; c < breaks.length - 1; c++) {
    const members = sorted.filter((v) => classIndex(v, breaks) === c);
    const mean = members.reduce((s, v) => s + v, 0) / members.length;
    total += members.reduce((s, v) => s + (v - mean) ** 2, 0);
  }
  return total;
}

// The best partition of sorted values into k contiguous groups, by trying every one.
function bruteForceBest(sorted: number[], k: number): number {
  let best = Infinity;
  const cut = (start: number, left: number, acc: number) => {
    if (left === 1) {
      const g = sorted.slice(start);
      const m = g.reduce((s, v) => s + v, 0) / g.length;
      best = Math.min(best, acc + g.reduce((s, v) => s + (v - m) ** 2, 0));
      return;
    }
    for (let end = start + 1; end <= sorted.length - left + 1; end++) {
      if (sorted[end] === sorted[end - 1]) continue;
      const g = sorted.slice(start, end);
      const m = g.reduce((s, v) => s + v, 0) / g.length;
      cut(end, left - 1, acc + g.reduce((s, v) => s + (v - m) ** 2, 0));
    }
  };
  cut(0, k, 0);
  return best;
}

describe('classifyValues', () => {
  it('gives the Jenks breaks of the ckmeans example published with simple-statistics', () => {
    // simple-statistics' documentation: ckmeans([-1, 2, -1, 2, 4, 5, 6, -1, 2, -1], 3)
    // → [[-1, -1, -1, -1], [2, 2, 2], [4, 5, 6]]
    const c = classifyValues([-1, 2, -1, 2, 4, 5, 6, -1, 2, -1], { method: 'jenks', classes: 3 });
    expect(c.breaks).toEqual([-1, 2, 4, 6]);
    expect(c.counts).toEqual([4, 3, 3]);
  });

  it('finds Jenks breaks no worse than the best partition found by trying every one', () => {
    const random = mulberry32(11);
    for (let trial = 0; trial < 20; trial++) {
      const values = Array.from({ length: 14 }, () => Math.round(random() * 1000) / 10);
      const sorted = [...values].sort((a, b) => a - b);
      const k = 3 + (trial % 3);
      const c = classifyValues(values, { method: 'jenks', classes: k });
      expect(c.breaks.length - 1).toBe(k);
      expect(withinSumOfSquares(sorted, c.breaks)).toBeCloseTo(bruteForceBest(sorted, k), 9);
    }
  });

  it('gives R-7 quantile breaks on a hand-checked case', () => {
    // 1…10 in fifths: (n − 1)·p = 1.8 → 2.8, 3.6 → 4.6, 5.4 → 6.4, 7.2 → 8.2
    const c = classifyValues([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], { method: 'quantile', classes: 5 });
    expect(c.breaks.map((b) => Math.round(b * 1e9) / 1e9)).toEqual([1, 2.8, 4.6, 6.4, 8.2, 10]);
    expect(c.counts).toEqual([2, 2, 2, 2, 2]);
  });

  it('gives equal intervals between the lowest and highest value', () => {
    const c = classifyValues([0, 10, 30, 55, 100], { method: 'equal', classes: 4 });
    expect(c.breaks).toEqual([0, 25, 50, 75, 100]);
    expect(c.counts).toEqual([2, 1, 1, 1]);
  });

  it('gives classes one standard deviation wide about the mean', () => {
    // mean 5, population standard deviation 2
    const c = classifyValues([2, 4, 4, 4, 5, 5, 7, 9], { method: 'stddev', classes: 4 });
    expect(c.breaks).toEqual([2, 3, 5, 7, 9]);
    expect(c.counts).toEqual([1, 3, 2, 2]);
  });

  it('keeps manual breaks as given, widened to the data, in any order', () => {
    const c = classifyValues([5, 15, 25, 35], { method: 'manual', manualBreaks: [20, 10] });
    expect(c.breaks).toEqual([5, 10, 20, 35]);
    expect(c.counts).toEqual([1, 1, 2]);
    // breaks outside the data stay, so that colours compare across periods
    expect(classifyValues([12, 14], { method: 'manual', manualBreaks: [10, 20] }).breaks).toEqual([10, 10, 20, 20]);
  });

  it('counts missing values apart and never puts them in the lowest class', () => {
    const c = classifyValues([NaN, 1, 2, 3, null, Infinity, 4, 5, 6], { method: 'equal', classes: 3 });
    expect(c.missing).toBe(3);
    expect(c.counts.reduce((a, b) => a + b, 0)).toBe(6);
    expect(classIndex(NaN, c.breaks)).toBe(-1);
    expect(classIndex(null, c.breaks)).toBe(-1);
    expect(classIndex(1, c.breaks)).toBe(0);
    expect(classIndex(6, c.breaks)).toBe(2);
  });

  it('gives fewer classes than asked when ties leave fewer distinct values', () => {
    // quartiles of 1, 1, 1, 1, 2, 3: 1, 1 and 1.75 (between the fourth and fifth values)
    expect(classifyValues([1, 1, 1, 1, 2, 3], { method: 'quantile', classes: 4 }).breaks).toEqual([1, 1.75, 3]);
    expect(classifyValues([4, 4, 7], { method: 'jenks', classes: 5 }).breaks).toEqual([4, 7, 7]);
    expect(classifyValues([3, 3], { method: 'equal', classes: 5 }).breaks).toEqual([3, 3]);
    expect(classifyValues([NaN], { method: 'jenks' })).toEqual({ method: 'jenks', breaks: [], counts: [], missing: 1 });
  });

  it('refuses a number of classes outside 3–9 and an unknown method, saying what it expected', () => {
    expect(() => classifyValues([1, 2, 3], { classes: 2 })).toThrow('invalid classes: 2; expected a whole number from 3 to 9');
    expect(() => classifyValues([1, 2, 3], { classes: 10 })).toThrow('invalid classes: 10');
    expect(() => classifyValues([1, 2, 3], { method: 'natural' as never })).toThrow('invalid classification method: natural');
    expect(() => classifyValues([1, 2, 3], { method: 'manual', manualBreaks: [] })).toThrow('invalid manual breaks');
  });
});

describe('classIndex', () => {
  it('puts a value on a break in the class above it, and the top value in the last class', () => {
    const breaks = [0, 10, 20, 30];
    expect([0, 9.99, 10, 20, 29, 30].map((v) => classIndex(v, breaks))).toEqual([0, 0, 1, 2, 2, 2]);
    expect(classIndex(-5, breaks)).toBe(0);
    expect(classIndex(99, breaks)).toBe(2);
  });
});
