import { describe, expect, it } from 'vitest';
import { filterRows, sortRows, tableWindow, type RankingRow } from './ranking-rows';

const row = (code: string, score: number, rank: number, reliability = 1, p5 = Number.NaN, p95 = Number.NaN): RankingRow => ({
  index: 0, code, name: `Area ${code}`, score, rank, classIndex: Number.isNaN(score) ? -1 : Math.floor(score / 2.5), reliability, p5Rank: p5, p95Rank: p95, topShare: Number.NaN,
  medianRank: Number.NaN, coverage: 0, coverageGap: score, population: Number.NaN, smallDenominator: false,
});

const rows = [row('C', 2, 3, 0.5, 2, 5), row('A', 9, 1, 1, 1, 2), row('X', Number.NaN, Number.NaN, 0), row('B', 5, 2, 0.75, 1, 3)];

describe('sortRows', () => {
  it('puts areas without a score last in both directions', () => {
    expect(sortRows(rows, 'score', 'descending').map((r) => r.code)).toEqual(['A', 'B', 'C', 'X']);
    expect(sortRows(rows, 'score', 'ascending').map((r) => r.code)).toEqual(['C', 'B', 'A', 'X']);
    expect(sortRows(rows, 'rank', 'descending').map((r) => r.code)).toEqual(['C', 'B', 'A', 'X']);
  });

  it('sorts by the coverage gap, areas without a score last', () => {
    const gapped = [{ ...rows[0], coverageGap: 1 }, { ...rows[1], coverageGap: 0 }, rows[2], { ...rows[3], coverageGap: 4 }];
    expect(sortRows(gapped, 'gap', 'descending').map((r) => r.code)).toEqual(['B', 'C', 'A', 'X']);
  });

  it('sorts names with the language’s collation and the rank range by its width', () => {
    expect(sortRows(rows, 'name', 'ascending', new Intl.Collator('en')).map((r) => r.code)).toEqual(['A', 'B', 'C', 'X']);
    expect(sortRows(rows, 'range', 'ascending').map((r) => r.code)).toEqual(['A', 'B', 'C', 'X']);
  });

  it('breaks ties by rank, then code, whatever the order it starts from', () => {
    const tied = [row('Z', 5, 2, 1), row('Y', 5, 2, 1), row('W', 7, 1, 1)];
    expect(sortRows(tied, 'reliability', 'descending').map((r) => r.code)).toEqual(['W', 'Y', 'Z']);
    expect(sortRows([...tied].reverse(), 'reliability', 'descending').map((r) => r.code)).toEqual(['W', 'Y', 'Z']);
  });
});

describe('filterRows', () => {
  it('keeps the classes asked for, the reliable enough and, when asked, only scored areas', () => {
    expect(filterRows(rows, {}).map((r) => r.code)).toEqual(['C', 'A', 'X', 'B']);
    expect(filterRows(rows, { classes: new Set([3]) }).map((r) => r.code)).toEqual(['A']);
    expect(filterRows(rows, { minReliability: 0.75 }).map((r) => r.code)).toEqual(['A', 'B']);
    expect(filterRows(rows, { scoredOnly: true }).map((r) => r.code)).toEqual(['C', 'A', 'B']);
  });

  it('keeps the areas of the regions asked for', () => {
    const regionOf = new Map([['A', 'R1'], ['B', 'R2'], ['C', 'R1']]);
    expect(filterRows(rows, { regions: new Set(['R1']), regionOf }).map((r) => r.code)).toEqual(['C', 'A']);
    expect(filterRows(rows, { regions: new Set(), regionOf }).map((r) => r.code)).toEqual(['C', 'A', 'X', 'B']);
  });
});

describe('tableWindow', () => {
  const many = Array.from({ length: 10 }, (_, i) => ({ ...row(`A${i}`, 10 - i, i + 1), index: i }));

  it('draws the first rows only, all of them when they fit', () => {
    expect(tableWindow(many, 4, -1).map((r) => r.code)).toEqual(['A0', 'A1', 'A2', 'A3']);
    expect(tableWindow(many, 10, -1)).toBe(many);
    expect(tableWindow(many, 20, 7)).toBe(many);
  });

  it('reaches down to the selected area when it lies below the first rows', () => {
    expect(tableWindow(many, 4, 2)).toHaveLength(4);
    expect(tableWindow(many, 4, 6).map((r) => r.code)).toEqual(['A0', 'A1', 'A2', 'A3', 'A4', 'A5', 'A6']);
    // the selected area filtered out: the first rows
    expect(tableWindow(many.filter((r) => r.index !== 6), 4, 6)).toHaveLength(4);
  });
});
