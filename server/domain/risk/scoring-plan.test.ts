import { describe, expect, it } from 'vitest';
import type { RiskModel } from './model-file';
import { observationYear, prepareScoring } from './scoring-plan';

const model: RiskModel = { name: 't', root: { id: 'root', aggregation: 'arithmetic', children: ['a', 'b', 'c', 'd'].map((id) => ({ id, indicator: `ind-${id}`, normalisation: 'none' as const })) } };

describe('prepareScoring', () => {
  it('counts missing and out-of-date leaves per area, never both for one value', () => {
    const data = {
      'ind-a': { X: { value: 1, year: 2024 }, Y: { value: 1, year: 2024 } },
      'ind-b': { Y: { value: 2, year: 2023 } },
      'ind-c': { X: { value: 3, period: '2015-2017' }, Y: { value: 3, period: '2021' } },
      'ind-d': { X: { value: null, year: 2001 }, Y: 4 },
    };
    const plan = prepareScoring(model, data, { referenceYear: 2025, maxAgeYears: 5 });
    expect(plan.areaCodes).toEqual(['X', 'Y']);
    // X: b absent, d null (missing); c from 2017 is 8 years old
    expect(Array.from(plan.missingLeaves)).toEqual([2, 0]);
    expect(Array.from(plan.staleLeaves)).toEqual([1, 0]);
    expect(Array.from(plan.unreliableShare)).toEqual([0.75, 0]);
  });

  it('counts nothing as out of date without a maximum age, and undated values never', () => {
    const plan = prepareScoring(model, { 'ind-a': { X: { value: 1, year: 1990 } }, 'ind-b': { X: 1 }, 'ind-c': { X: 1 }, 'ind-d': { X: 1 } });
    expect(Array.from(plan.staleLeaves)).toEqual([0]);
    const aged = prepareScoring(model, { 'ind-a': { X: { value: 1 } }, 'ind-b': { X: 1 }, 'ind-c': { X: 1 }, 'ind-d': { X: 1 } }, { maxAgeYears: 0 });
    expect(Array.from(aged.staleLeaves)).toEqual([0]);
  });

  it('scores the areas asked for, in their order, with Maps as well as objects', () => {
    const data = new Map([['ind-a', new Map([['Y', 2], ['X', 1]])]]);
    const plan = prepareScoring(model, data, { areaCodes: ['Z', 'X'] });
    expect(Array.from(plan.leafScores.subarray(0, 2))).toEqual([Number.NaN, 1]);
    expect(Array.from(plan.missingLeaves)).toEqual([4, 3]);
    expect(plan.nodes.map((n) => n.id)).toEqual(['a', 'b', 'c', 'd', 'root']);
    expect(plan.nodes.at(-1)!.children).toEqual(Int32Array.of(0, 1, 2, 3));
  });
});

describe('observationYear', () => {
  it('reads the year, or the latest year in the period', () => {
    expect([{ year: 2020 }, { period: '2017-2021' }, { period: '2024-03' }, { period: 'DHS 2016' }, {}].map((o) => observationYear({ value: 1, ...o })))
      .toEqual([2020, 2021, 2024, 2016, Number.NaN]);
  });
});
