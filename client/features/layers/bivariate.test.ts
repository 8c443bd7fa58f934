import { describe, expect, it } from 'vitest';
import { BIVARIATE_COLOURS, bivariateCell, classifyBivariate } from './bivariate';
import { mulberry32 } from '../../../test/helpers/seeded-random';
import { classifyValues } from './classify';

describe('classifyBivariate', () => {
  it('puts opposite ranks on the anti-diagonal and counts each cell', () => {
    const first = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    const second = [90, 80, 70, 60, 50, 40, 30, 20, 10];
    const result = classifyBivariate(first, second);
    // tertiles of 1…9: 3.67 and 6.33
    expect(result.breaksFirst.map((b) => Math.round(b * 100) / 100)).toEqual([1, 3.67, 6.33, 9]);
    expect(result.counts).toEqual([
      [0, 0, 3],
      [0, 3, 0],
      [3, 0, 0],
    ]);
    expect(result.missing).toBe(0);
  });

  it('leaves an area missing either value out of every cell, and out of the tertiles', () => {
    const result = classifyBivariate([1, 2, 3, NaN, 100], [1, 2, 3, 4, NaN]);
    expect(result.missing).toBe(2);
    expect(result.counts.flat().reduce((a, b) => a + b, 0)).toBe(3);
    // 100 (whose second value is missing) does not stretch the first indicator's classes
    expect(result.breaksFirst.at(-1)).toBe(3);
    expect(bivariateCell(NaN, 2, result.breaksFirst, result.breaksSecond)).toBe(-1);
    expect(bivariateCell(2, Infinity, result.breaksFirst, result.breaksSecond)).toBe(-1);
  });

  it('agrees cell by cell with classing each indicator alone (seeded random values)', () => {
    const random = mulberry32(11);
    const first = Array.from({ length: 200 }, () => random() * 50);
    const second = Array.from({ length: 200 }, () => (random() < 0.1 ? NaN : random() * 10));
    const result = classifyBivariate(first, second);
    const both = first.map((_, i) => Number.isFinite(second[i]));
    const a = classifyValues(first.filter((_, i) => both[i]), { method: 'quantile', classes: 3 }).breaks;
    const b = classifyValues(second.filter((_, i) => both[i]), { method: 'quantile', classes: 3 }).breaks;
    const rowOf = (v: number) => (v < a[1] ? 0 : v < a[2] ? 1 : 2);
    const columnOf = (v: number) => (v < b[1] ? 0 : v < b[2] ? 1 : 2);
    const expected = [0, 1, 2].map(() => [0, 0, 0]);
    first.forEach((v, i) => {
      if (both[i]) expected[rowOf(v)][columnOf(second[i])]++;
    });
    expect(result.counts).toEqual(expected);
    expect(result.missing).toBe(both.filter((x) => !x).length);
  });

  it('refuses columns of different lengths, saying which', () => {
    expect(() => classifyBivariate([1, 2], [1])).toThrow('classifyBivariate: 2 first values and 1 second ones; expected one of each per area');
  });
});

describe('BIVARIATE_COLOURS', () => {
  it('are nine distinct colours, light at low–low and dark at high–high', () => {
    const flat = BIVARIATE_COLOURS.flat();
    expect(new Set(flat.map((c) => c.join(','))).size).toBe(9);
    const lightness = (c: readonly number[]) => c[0] + c[1] + c[2];
    expect(lightness(BIVARIATE_COLOURS[0][0])).toBeGreaterThan(lightness(BIVARIATE_COLOURS[1][1]));
    expect(lightness(BIVARIATE_COLOURS[1][1])).toBeGreaterThan(lightness(BIVARIATE_COLOURS[2][2]));
  });
});
