import { describe, expect, it } from 'vitest';
import { buildChoropleth } from './choropleth-data';
import { classifyAcrossPeriods, DEFAULT_CHOROPLETH_STYLE, FILTERED_OUT, styleChoropleth } from './choropleth-style';
import { classifyValues } from './classify';
import { paletteColours } from '../../lib/palettes';

const square = (x: number) => ({ type: 'Polygon' as const, coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] });
const areas = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((code, i) => ({ type: 'Feature' as const, geometry: square(i), properties: { code, name: `Area ${code}` } }));
const values: Record<string, number> = { A: 1, B: 2, C: 3, D: 10, E: 11, F: 30 };
const rows = Object.entries(values).map(([areaCode, value]) => ({ indicator: 'Rate', areaCode, period: '2021', value }));
const meta = { id: 'd:x', title: 'Rate', unit: '%', source: 'Survey' };

describe('styleChoropleth', () => {
  it('gives the legend the breaks, colours and counts of the classification, and the area without a value as no data', () => {
    const styled = styleChoropleth(buildChoropleth(rows, areas), { ...DEFAULT_CHOROPLETH_STYLE, method: 'jenks', classes: 3, palette: 'Blues' }, meta);
    // Jenks on 1, 2, 3, 10, 11, 30 in three: {1, 2, 3}, {10, 11}, {30}
    const { breaks } = styled.classification;
    expect(breaks).toEqual([1, 10, 30, 30]);
    expect(styled.legend.classes.map((c) => [c.from, c.to])).toEqual(breaks.slice(0, -1).map((b, i) => [b, breaks[i + 1]]));
    expect(styled.legend.classes.map((c) => c.colour)).toEqual(paletteColours('Blues', 3));
    expect(styled.legend.classes.reduce((s, c) => s + c.count, 0)).toBe(6);
    expect(styled.legend).toMatchObject({ title: 'Rate', unit: '%', source: 'Survey', periods: ['2021'], method: 'jenks', noData: 1, protectedCount: 0 });
    // G has no value: no class, never the lowest
    expect(styled.classOf(NaN)).toBe(-1);
    expect(styled.classOf(1)).toBe(0);
    expect(styled.classOf(11)).toBe(1);
    expect(styled.classOf(30)).toBe(2);
  });

  it('gives equal intervals their breaks and counts protected areas apart from those with no data', () => {
    const styled = styleChoropleth(buildChoropleth(rows, areas), { ...DEFAULT_CHOROPLETH_STYLE, method: 'equal', classes: 3 }, { ...meta, protectedCount: 1 });
    // 1 to 30 in thirds: 1, 10.67, 20.33, 30
    expect(styled.classification.breaks.map((b) => Math.round(b * 100) / 100)).toEqual([1, 10.67, 20.33, 30]);
    expect(styled.legend.classes.map((c) => c.count)).toEqual([4, 1, 1]);
    expect(styled.legend.noData).toBe(0);
    expect(styled.legend.protectedCount).toBe(1);
  });

  it('falls back to quantiles when the manual method has no breaks yet, and keeps manual ones', () => {
    const choropleth = buildChoropleth(rows, areas);
    expect(styleChoropleth(choropleth, { ...DEFAULT_CHOROPLETH_STYLE, method: 'manual' }, meta).legend.method).toBe('quantile');
    const manual = styleChoropleth(choropleth, { ...DEFAULT_CHOROPLETH_STYLE, method: 'manual', manualBreaks: [5] }, meta);
    expect(manual.classification.breaks).toEqual([1, 5, 30]);
    expect(manual.colours).toEqual(paletteColours('viridis', 2));
  });

  it('changes the class key when the breaks or the palette change, not otherwise', () => {
    const choropleth = buildChoropleth(rows, areas);
    const a = styleChoropleth(choropleth, DEFAULT_CHOROPLETH_STYLE, meta);
    expect(styleChoropleth(choropleth, { ...DEFAULT_CHOROPLETH_STYLE, opacity: 0.3 }, meta).classKey).toBe(a.classKey);
    expect(styleChoropleth(choropleth, { ...DEFAULT_CHOROPLETH_STYLE, palette: 'cividis' }, meta).classKey).not.toBe(a.classKey);
    expect(styleChoropleth(choropleth, { ...DEFAULT_CHOROPLETH_STYLE, classes: 3 }, meta).classKey).not.toBe(a.classKey);
  });
});

describe('breaks fixed across periods', () => {
  // two survey rounds: values fall between them, so per-period breaks would hide the fall
  const twoRounds = [
    ...Object.entries(values).map(([areaCode, value]) => ({ indicator: 'Rate', areaCode, period: '2015', value: value + 20 })),
    ...Object.entries(values).map(([areaCode, value]) => ({ indicator: 'Rate', areaCode, period: '2021', value })),
  ];
  const style = { ...DEFAULT_CHOROPLETH_STYLE, method: 'equal' as const, classes: 5 };

  it("classes each period by the breaks of every period's values, counting the period's own", () => {
    const early = styleChoropleth(buildChoropleth(twoRounds, areas, { period: '2015' }), style, meta, { fixBreaks: true });
    const late = styleChoropleth(buildChoropleth(twoRounds, areas, { period: '2021' }), style, meta, { fixBreaks: true });
    const pooled = classifyValues(twoRounds.map((r) => r.value), { method: 'equal', classes: 5 }).breaks;
    expect(early.classification.breaks).toEqual(pooled);
    expect(late.classification.breaks).toEqual(pooled);
    // 1…50 in five: 1, 10.8, 20.6, 30.4, 40.2, 50
    expect(late.legend.classes.map((c) => c.count)).toEqual([4, 1, 1, 0, 0]);
    expect(early.legend.classes.map((c) => c.count)).toEqual([0, 0, 4, 1, 1]);
    expect([late.legend.fixedAcrossPeriods, late.legend.noData, late.legend.periods]).toEqual([true, 1, ['2021']]);
    // the same value has the same colour in both periods
    expect(early.classOf(22)).toBe(late.classOf(22));
  });

  it('classes a period by its own values when the breaks are not fixed', () => {
    const late = styleChoropleth(buildChoropleth(twoRounds, areas, { period: '2021' }), style, meta);
    expect(late.classification.breaks).toEqual(classifyValues(Object.values(values), { method: 'equal', classes: 5 }).breaks);
    expect(late.legend.fixedAcrossPeriods).toBe(false);
  });

  it('counts values outside the pooled breaks in the end classes and missing ones apart', () => {
    const result = classifyAcrossPeriods([0, 5, NaN, 100], [1, 2, 3, 10], { method: 'equal', classes: 3 });
    expect(result.breaks).toEqual([1, 4, 7, 10]);
    expect([result.counts, result.missing]).toEqual([[1, 1, 1], 1]);
  });
});

describe('range filter', () => {
  it('leaves areas outside the range unfilled and out of the counts, the breaks those of every value', () => {
    const all = styleChoropleth(buildChoropleth(rows, areas), { ...DEFAULT_CHOROPLETH_STYLE, method: 'jenks', classes: 3 }, meta);
    const some = styleChoropleth(buildChoropleth(rows, areas), { ...DEFAULT_CHOROPLETH_STYLE, method: 'jenks', classes: 3, range: [2, 11] }, meta);
    expect(some.classification.breaks).toEqual(all.classification.breaks);
    // 1 and 30 are outside [2, 11]; G has no value and stays no data, never "filtered"
    expect(some.legend.classes.map((c) => c.count)).toEqual([2, 2, 0]);
    expect([some.legend.filteredOut, some.legend.noData]).toEqual([2, 1]);
    expect([some.classOf(1), some.classOf(30), some.classOf(NaN), some.classOf(2)]).toEqual([FILTERED_OUT, FILTERED_OUT, -1, 0]);
    expect(some.classKey).not.toBe(all.classKey);
    // one open end
    const high = styleChoropleth(buildChoropleth(rows, areas), { ...DEFAULT_CHOROPLETH_STYLE, range: [null, 3] }, meta);
    expect(high.legend.filteredOut).toBe(3);
  });
});
