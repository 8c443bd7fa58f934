import { describe, expect, it } from 'vitest';
import { CHART_MARGIN, progressChartGeometry } from './progress-chart-geometry';

describe('progressChartGeometry', () => {
  it('puts the target at the top when it is the largest value, and steps the reach after each measurement', () => {
    const g = progressChartGeometry([{ date: '2026-01-01', reach: 20 }, { date: '2026-01-11', reach: 60 }], 100, 200, 100);
    const bottom = 100 - CHART_MARGIN.bottom;
    expect(g.targetY).toBe(CHART_MARGIN.top);
    // x from the left margin (first date) to the right (last); y: 20 of 100 is a fifth of the way up
    const y20 = bottom - (bottom - CHART_MARGIN.top) * 0.2;
    const y60 = bottom - (bottom - CHART_MARGIN.top) * 0.6;
    expect(g.dots.map((d) => [d.x, d.y])).toEqual([[CHART_MARGIN.left, y20], [200 - CHART_MARGIN.right, y60]].map(([x, y]) => [expect.closeTo(x, 9), expect.closeTo(y, 9)]));
    // a step: horizontal to the second date, then up
    expect(g.reachPath).toBe(`M${CHART_MARGIN.left},${y20}L${200 - CHART_MARGIN.right},${y20}L${200 - CHART_MARGIN.right},${y60}`);
  });

  it('scales to the reach when it passes the target, and has no target line without one', () => {
    const over = progressChartGeometry([{ date: '2026-01-01', reach: 150 }], 100, 200, 100);
    // the axis runs to a round 160: 150 is 15/16 of the way up, the target 100 at 5/8
    const bottom = 100 - CHART_MARGIN.bottom;
    const h = bottom - CHART_MARGIN.top;
    expect(over.dots[0].y).toBeCloseTo(bottom - h * (150 / 160), 9);
    expect(over.targetY!).toBeCloseTo(bottom - h * (100 / 160), 9);
    // one date: centred in a two-day window
    expect(over.dots[0].x).toBeCloseTo((CHART_MARGIN.left + 200 - CHART_MARGIN.right) / 2, 9);
    expect(progressChartGeometry([{ date: '2026-01-01', reach: 5 }], null, 200, 100).targetY).toBeNull();
    expect(progressChartGeometry([], 10, 200, 100).reachPath).toBe('');
  });
});
