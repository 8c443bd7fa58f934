import { describe, expect, it } from 'vitest';
import { TREND_MARGIN, trendChartGeometry, type TrendPoint } from './trend-chart-geometry';

const p = (period: string, value: number, lower: number | null = null, upper: number | null = null): TrendPoint => ({ period, value, lower, upper });

describe('trendChartGeometry', () => {
  it('spaces the periods evenly in their order and puts a higher value higher', () => {
    const g = trendChartGeometry([p('NFHS-4', 40), p('NFHS-5', 23.3), p('2025', 30)], 300, 120);
    expect(g.dots.map((d) => d.period)).toEqual(['NFHS-4', 'NFHS-5', '2025']);
    const [a, b, c] = g.dots.map((d) => d.x);
    expect(b - a).toBeCloseTo(c - b, 6);
    expect(g.dots[0].y).toBeLessThan(g.dots[2].y);
    expect(g.dots[2].y).toBeLessThan(g.dots[1].y);
    expect(Number(g.valuePath.match(/^M([\d.]+),/)![1])).toBeCloseTo(a, 3);
  });

  it('keeps every value and interval end inside the plot', () => {
    const g = trendChartGeometry([p('2019', 12, 9, 15), p('2021', 14, 13.5, 19)], 240, 100);
    for (const d of g.dots) {
      for (const y of [d.y, d.yLower!, d.yUpper!]) {
        expect(y).toBeGreaterThanOrEqual(TREND_MARGIN.top - 1e-9);
        expect(y).toBeLessThanOrEqual(100 - TREND_MARGIN.bottom + 1e-9);
      }
      expect(d.yUpper!).toBeLessThan(d.y);
      expect(d.yLower!).toBeGreaterThan(d.y);
    }
    // 0 is in the scale: the values are positive and near it
    expect(g.yTicks[0].value).toBe(0);
  });

  it('does not start at zero for values far from it, and copes with one flat value', () => {
    expect(trendChartGeometry([p('a', 1000), p('b', 1010)], 300, 120).yTicks[0].value).toBeGreaterThan(900);
    const flat = trendChartGeometry([p('a', 5), p('b', 5)], 300, 120);
    expect(flat.dots[0].y).toBe(flat.dots[1].y);
    expect(Number.isFinite(flat.dots[0].y)).toBe(true);
  });

  it('labels fewer periods than there are when they would not fit, always the last', () => {
    const many = Array.from({ length: 20 }, (_, i) => p(String(2000 + i), i));
    const g = trendChartGeometry(many, 300, 120);
    expect(g.xLabels.length).toBeLessThan(20);
    expect(g.xLabels.at(-1)!.period).toBe('2019');
  });
});
