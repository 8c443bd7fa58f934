import { describe, expect, it } from 'vitest';
import type { Feature, Polygon } from 'geojson';
import { buildChoropleth, comparePeriods } from './choropleth-data';

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
