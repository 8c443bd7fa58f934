import { describe, expect, it } from 'vitest';
import type { ModelLeaf } from './model-file';
import { capBounds, normaliseLeaf, quantileSorted } from './normalise-leaf';

const leaf = (extra: Partial<ModelLeaf>): ModelLeaf => ({ id: 'x', indicator: 'x', normalisation: 'minmax', ...extra });
const run = (extra: Partial<ModelLeaf>, values: number[]) => Array.from(normaliseLeaf(leaf(extra), Float64Array.from(values)));
const NaN_ = Number.NaN;

describe('normaliseLeaf', () => {
  it('min-max scales the data range to 0–10 and keeps missing values missing', () => {
    expect(run({}, [10, 20, NaN_, 30])).toEqual([0, 5, NaN_, 10]);
    expect(run({ direction: 'higher-less-risk' }, [10, 20, NaN_, 30])).toEqual([10, 5, NaN_, 0]);
  });

  it('min-max uses fixed bounds in indicator units and clamps outside them', () => {
    expect(run({ min: 0, max: 50 }, [-5, 10, 25, 80])).toEqual([0, 2, 5, 10]);
    // with log the bounds are transformed too: ln(1)=0 … ln(100)
    const [a, b, c] = run({ min: 0, max: 99, transform: 'log' }, [0, 9, 99]);
    expect([a, c]).toEqual([0, 10]);
    expect(b).toBeCloseTo((Math.log(10) / Math.log(100)) * 10, 12); // exactly 5
  });

  it('caps at fixed bounds before scaling', () => {
    // capped to [2, 6]: 1→2, 9→6, then min-max over 2…6
    expect(run({ caps: { lower: 2, upper: 6 } }, [1, 4, 5, 9])).toEqual([0, 5, 7.5, 10]);
    expect(run({ caps: { upper: 6 } }, [1, 4, 9])).toEqual([0, 6, 10]);
  });

  it('caps at IQR fences: an outlier no longer squeezes the others', () => {
    // Q1 = 2, Q3 = 4 (type 7), fences −1 and 7: 100 becomes 7
    expect(capBounds(Float64Array.of(1, 2, 3, 4, 100), { iqr: 1.5 })).toEqual([-1, 7]);
    // then min-max over −1…7 would start at −1, but the data's own range after capping is 1…7
    const out = run({ caps: { iqr: 1.5 } }, [1, 2, 3, 4, 100]);
    [0, 10 / 6, 20 / 6, 5, 10].forEach((v, i) => expect(out[i]).toBeCloseTo(v, 12));
  });

  it('takes ln(x + 1) after the caps; a value ≤ −1 has no logarithm and becomes missing', () => {
    const out = run({ transform: 'log' }, [0, Math.E - 1, Math.E ** 2 - 1, -1]);
    expect(out[0]).toBe(0);
    expect(out[1]).toBeCloseTo(5, 12);
    expect(out[2]).toBeCloseTo(10, 12);
    expect(out[3]).toBeNaN();
  });

  it('z-scores map ±3 standard deviations onto 0–10', () => {
    // mean 5, population sd 2: z = −1, −1, 1, 1 → 5 + 5z/3
    const out = run({ normalisation: 'zscore' }, [3, 3, 7, 7, NaN_]);
    [10 / 3, 10 / 3, 20 / 3, 20 / 3].forEach((v, i) => expect(out[i]).toBeCloseTo(v, 12));
    expect(out[4]).toBeNaN();
    // a value 6 sd out is clamped
    expect(run({ normalisation: 'zscore' }, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]).at(-1)).toBe(10);
  });

  it('percentile ranks give ties their mean rank', () => {
    // ranks 1, 2.5, 2.5, 4 of 4 → (r − 1)/3 · 10
    expect(run({ normalisation: 'percentile' }, [3, 7, 7, 9, NaN_])).toEqual([0, 5, 5, 10, NaN_]);
    expect(run({ normalisation: 'percentile', direction: 'higher-less-risk' }, [1, 2, 3])).toEqual([10, 5, 0]);
  });

  it('passes scores through with none, clamped to 0–10', () => {
    expect(run({ normalisation: 'none' }, [-1, 3.3, 12, NaN_])).toEqual([0, 3.3, 10, NaN_]);
    expect(run({ normalisation: 'none', direction: 'higher-less-risk' }, [2])).toEqual([8]);
  });

  it('puts a leaf that does not vary at mid-scale, not at zero', () => {
    expect(run({}, [4, 4, NaN_])).toEqual([5, 5, NaN_]);
    expect(run({ normalisation: 'zscore' }, [4, 4])).toEqual([5, 5]);
    expect(run({ normalisation: 'percentile' }, [4])).toEqual([5]);
  });
});

describe('quantileSorted', () => {
  it('interpolates between order statistics like Excel QUARTILE.INC', () => {
    const s = Float64Array.of(1, 2, 3, 4);
    expect([0, 0.25, 0.5, 0.75, 1].map((p) => quantileSorted(s, p))).toEqual([1, 1.75, 2.5, 3.25, 4]);
  });
});
