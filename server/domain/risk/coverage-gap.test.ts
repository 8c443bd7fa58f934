import { describe, expect, it } from 'vitest';
import { byAreaOrder, coverageGaps, smallDenominators } from './coverage-gap';

describe('coverageGaps', () => {
  it('is the score times the share left uncovered, none without a score, all of it without coverage', () => {
    const gaps = coverageGaps(Float64Array.of(8, 6, Number.NaN, 5, 4, 10), Float64Array.of(0.5, 0, 1, Number.NaN, 1.5, 0.75));
    expect(Array.from(gaps)).toEqual([4, 6, Number.NaN, 5, 0, 2.5]);
  });
});

describe('smallDenominators', () => {
  it('flags a known population under the minimum only', () => {
    expect(Array.from(smallDenominators(Float64Array.of(2500, 50_000, Number.NaN, 9999, 10_000), 10_000))).toEqual([1, 0, 0, 1, 0]);
    expect(Array.from(smallDenominators(Float64Array.of(2500), 1000))).toEqual([0]);
  });

  it('reads values by code into the plan’s order', () => {
    expect(Array.from(byAreaOrder(['B', 'A', 'C'], { A: 1, B: 2 }))).toEqual([2, 1, Number.NaN]);
  });
});
