import { describe, expect, it } from 'vitest';
import { defaultView, formatViewParams, parseViewParams } from './url-view';

describe('parseViewParams', () => {
  it('returns the default view for an empty query', () => {
    expect(parseViewParams('')).toEqual({ view: defaultView, problems: [] });
  });

  it('reads every parameter of a full link', () => {
    const { view, problems } = parseViewParams('?v=78.96,22.59,3.5&l=countries,places&bk=120&a=ind&lang=fr');
    expect(problems).toEqual([]);
    expect(view).toEqual({
      camera: { lng: 78.96, lat: 22.59, zoom: 3.5 },
      layers: { countries: true, borderland: false, airports: false, places: true },
      datasets: [],
      choropleths: {},
      borderKm: 120,
      areaCode: 'IND',
      areaSet: 'world-atlas-50m-admin0',
      lang: 'fr',
    });
  });

  it("reads an area of any boundary set with as=, keeping the code's case", () => {
    const { view, problems } = parseViewParams('?a=IN-br&as=india-states-1f2e3d4c');
    expect(problems).toEqual([]);
    expect([view.areaCode, view.areaSet]).toEqual(['IN-br', 'india-states-1f2e3d4c']);
    expect(parseViewParams('?a=Ward%2012&as=wards-9').view.areaCode).toBe('Ward 12');
    // the countries' set named outright is the same as no as=
    expect(parseViewParams('?a=npl&as=world-atlas-50m-admin0').view).toMatchObject({ areaCode: 'NPL', areaSet: 'world-atlas-50m-admin0' });
  });

  it('reports a malformed area of another set and opens none', () => {
    for (const search of ['?a=<b>&as=india-states', '?a=IN-BR&as=<set>']) {
      const { view, problems } = parseViewParams(search);
      expect(problems.map((p) => p.key)).toEqual(['badArea']);
      expect([view.areaCode, view.areaSet]).toEqual([null, 'world-atlas-50m-admin0']);
    }
  });

  it('ignores an unknown layer, reports it and keeps the known ones', () => {
    const { view, problems } = parseViewParams('?l=countries,foo,airports&bk=30');
    expect(problems).toEqual([{ key: 'unknownLayer', value: 'foo' }]);
    expect(view.layers).toEqual({ countries: true, borderland: false, airports: true, places: false });
    expect(view.borderKm).toBe(30);
  });

  it('reads user datasets as d:<id>, once each, and reports a malformed id', () => {
    const { view, problems } = parseViewParams('?l=countries,d:bihar-districts-a9c8c761,d:bihar-districts-a9c8c761,d:<b>');
    expect(view.layers.countries).toBe(true);
    expect(view.datasets).toEqual(['bihar-districts-a9c8c761']);
    expect(problems).toEqual([{ key: 'unknownDataset', value: '<b>' }]);
  });

  it("reads an indicator layer's indicator, period, fixed breaks, second indicator and compared period, and writes them back", () => {
    const search = '?l=d:nfhs-a9c8&i.nfhs-a9c8=Women%2020%E2%80%9324%20married%20before%2018&p.nfhs-a9c8=2019-21&fx.nfhs-a9c8=1&b.nfhs-a9c8=Anaemia%20%26%20more&c.nfhs-a9c8=2015-16';
    const { view, problems } = parseViewParams(search);
    expect(problems).toEqual([]);
    expect(view.choropleths).toEqual({
      'nfhs-a9c8': { indicator: 'Women 20–24 married before 18', period: '2019-21', fixBreaks: true, second: 'Anaemia & more', compare: '2015-16' },
    });
    expect(parseViewParams(formatViewParams(view)).view.choropleths).toEqual(view.choropleths);
  });

  it("reports a choropleth parameter for a dataset the link does not show, or a malformed one, and keeps the rest", () => {
    const { view, problems } = parseViewParams('?l=d:a1&p.zz=2020&fx.a1=yes&i.a1=%01&p.a1=2020');
    expect(problems).toEqual([
      { key: 'badChoropleth', value: 'p.zz=2020' },
      { key: 'badChoropleth', value: 'fx.a1=yes' },
      { key: 'badChoropleth', value: 'i.a1=\u0001' },
    ]);
    expect(view.choropleths).toEqual({ a1: { indicator: null, period: '2020', fixBreaks: false, second: null, compare: null } });
  });

  it('hides every layer when l is empty', () => {
    const { view } = parseViewParams('?l=');
    expect(Object.values(view.layers)).toEqual([false, false, false, false]);
  });

  it('reports a malformed camera without reading an empty part as zero', () => {
    for (const v of ['1,2', 'a,b,c', '10,,3', '10,95,3', '10,20,40']) {
      const { view, problems } = parseViewParams(`?v=${v}`);
      expect(problems).toEqual([{ key: 'badCamera', value: v }]);
      expect(view.camera).toEqual(defaultView.camera);
    }
  });

  it('reports a border width outside 5–200 km, an unknown language and a malformed area code', () => {
    const { view, problems } = parseViewParams('?bk=500&lang=de&a=<script>');
    expect(problems.map((p) => p.key)).toEqual(['badBorderKm', 'badArea', 'unknownLanguage']);
    expect(view.borderKm).toBe(defaultView.borderKm);
    expect(view.lang).toBeNull();
    expect(view.areaCode).toBeNull();
  });

  it('wraps a longitude from a world copy back into [-180, 180)', () => {
    expect(parseViewParams('?v=200,10,2').view.camera.lng).toBeCloseTo(-160);
  });
});

describe('formatViewParams', () => {
  it('round-trips through parseViewParams', () => {
    const view = {
      camera: { lng: -52.123456, lat: -10.5, zoom: 3.25 },
      layers: { countries: true, borderland: true, airports: false, places: true },
      datasets: ['bihar-districts-a9c8c761'],
      choropleths: {},
      borderKm: 75,
      areaCode: 'BRA',
      areaSet: 'world-atlas-50m-admin0',
      lang: 'fr' as const,
    };
    const search = formatViewParams(view);
    expect(search).toBe('?v=-52.123,-10.5,3.25&l=countries,borderland,places,d:bihar-districts-a9c8c761&bk=75&a=BRA&lang=fr');
    const { view: parsed, problems } = parseViewParams(search);
    expect(problems).toEqual([]);
    expect(parsed).toEqual({ ...view, camera: { lng: -52.123, lat: -10.5, zoom: 3.25 } });
  });

  it('writes as= for an area of another set, and round-trips it', () => {
    const view = { ...defaultView, areaCode: 'Ward 12', areaSet: 'wards-9' };
    const search = formatViewParams(view);
    expect(search).toContain('&a=Ward%2012&as=wards-9');
    expect(parseViewParams(search).view).toMatchObject({ areaCode: 'Ward 12', areaSet: 'wards-9' });
  });
});
