import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { buildChoropleth, comparePeriods, indicatorsOf } from './choropleth-data';

const square = (x: number): Polygon => ({ type: 'Polygon', coordinates: [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]] });
const areas: Feature<Polygon, { code: string; name: string }>[] = ['203', '204', '209'].map((code, i) => ({
  type: 'Feature',
  geometry: square(i),
  properties: { code, name: `Area ${code}` },
}));

describe('buildChoropleth', () => {
  it('keeps the latest period of each area and spans the domain over the values drawn', () => {
    const result = buildChoropleth(
      [
        { indicator: 'married < 18', areaCode: '203', period: '2015-16', value: 60 },
        { indicator: 'married < 18', areaCode: '203', period: '2019-21', value: 40 },
        { indicator: 'married < 18', areaCode: '209', period: '2019-21', value: 52 },
      ],
      areas,
    );
    expect(result.collection.features.map((f) => f.properties.value)).toEqual([40, NaN, 52]);
    expect(result.domain).toEqual([40, 52]);
    expect(result.periods).toEqual(['2019-21']);
    expect(result.withValue).toBe(2);
  });

  it('draws the indicator with the most rows and leaves the others out', () => {
    const result = buildChoropleth(
      [
        { indicator: 'a', areaCode: '203', period: '2020', value: 1 },
        { indicator: 'b', areaCode: '203', period: '2020', value: 2 },
        { indicator: 'b', areaCode: '204', period: '2020', value: 3 },
      ],
      areas,
    );
    expect(result.indicator).toBe('b');
    expect(result.collection.features.map((f) => f.properties.value)).toEqual([2, 3, NaN]);
  });

  const rounds = [
    { indicator: 'married < 18', areaCode: '203', period: '2015-16', value: 60 },
    { indicator: 'married < 18', areaCode: '204', period: '2015-16', value: 55 },
    { indicator: 'married < 18', areaCode: '203', period: '2019-21', value: 40 },
    { indicator: 'married < 18', areaCode: '999', period: '2019-21', value: 99 },
    { indicator: 'anaemia', areaCode: '204', period: '2019-21', value: 70 },
  ];

  it('draws the period chosen, leaving areas without a value in it as no data (not their other period)', () => {
    const result = buildChoropleth(rounds, areas, { period: '2015-16' });
    expect(result.period).toBe('2015-16');
    expect(result.collection.features.map((f) => f.properties.value)).toEqual([60, 55, NaN]);
    expect(result.periods).toEqual(['2015-16']);
    // every period's values of the areas of the set, for breaks fixed across periods
    expect(result.allPeriodValues.sort()).toEqual([40, 55, 60]);
  });

  it('falls back to the default indicator and to each latest period when the choice is unknown', () => {
    const result = buildChoropleth(rounds, areas, { indicator: 'no such', period: '1999' });
    expect([result.indicator, result.period]).toEqual(['married < 18', null]);
    expect(result.collection.features.map((f) => [f.properties.value, f.properties.period])).toEqual([[40, '2019-21'], [55, '2015-16'], [NaN, '']]);
  });

  it("carries a second indicator's value for a bivariate map, NaN where it has none", () => {
    const result = buildChoropleth(rounds, areas, { second: 'anaemia' });
    expect(result.collection.features.map((f) => f.properties.second)).toEqual([NaN, 70, NaN]);
    // the same indicator twice is no bivariate map
    expect(buildChoropleth(rounds, areas, { second: 'married < 18' }).collection.features[0].properties.second).toBeUndefined();
  });

  it('gives an empty table a NaN domain rather than zeros', () => {
    const result = buildChoropleth([], areas);
    expect(result.domain.every(Number.isNaN)).toBe(true);
    expect(result.withValue).toBe(0);
  });
});

describe('comparePeriods', () => {
  it('orders survey rounds by their first year', () => {
    expect(['2019-21', '2005-06', '2015-16'].sort(comparePeriods)).toEqual(['2005-06', '2015-16', '2019-21']);
    expect(comparePeriods('2020', '2020-06')).toBeLessThan(0);
  });
});

describe('indicatorsOf', () => {
  it('lists the indicators with their units and periods, the one with most rows first', () => {
    const rows = [
      { indicator: 'b', areaCode: '1', period: '2020', value: 1 },
      { indicator: 'a', areaCode: '1', period: '2019-21', value: 1 },
      { indicator: 'a', areaCode: '2', period: '2015-16', value: NaN },
      { indicator: 'a', areaCode: '1', period: '2005-06', value: 3 },
    ];
    expect(indicatorsOf(rows, [{ name: 'a', unit: '%' }])).toEqual([
      // a period whose only value is missing is not offered
      { name: 'a', unit: '%', periods: ['2005-06', '2019-21'], rows: 3 },
      { name: 'b', unit: '', periods: ['2020'], rows: 1 },
    ]);
  });
});
