import type { Feature } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readFeatures } from './read-features';
import { readCsv } from './read-table';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';
import { proposeAreaFields, toAreas } from './to-areas';

const square: Feature['geometry'] = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };
const area = (properties: Record<string, unknown>): Feature => ({ type: 'Feature', geometry: square, properties });

describe('proposeAreaFields', () => {
  itWithSharedData('proposes dt_code, district and st_code for the Bihar census districts', ['boundaries/india-bihar-districts-2011.geojson'], async () => {
    const { features } = await readFeatures(readSharedData('boundaries/india-bihar-districts-2011.geojson'), 'bihar.geojson');
    expect(proposeAreaFields(features.map((f) => f.properties!))).toEqual({ codeField: 'dt_code', nameField: 'district', parentField: 'st_code', level: 2 });
  });

  itWithSharedData('proposes iso_3166_2 for Natural Earth admin-1, with the country as parent', ['boundaries/ne-admin1-focus-countries.geojson'], async () => {
    const { features } = await readFeatures(readSharedData('boundaries/ne-admin1-focus-countries.geojson'), 'ne.geojson');
    expect(proposeAreaFields(features.map((f) => f.properties!))).toEqual({ codeField: 'iso_3166_2', nameField: 'name', parentField: 'adm0_a3', level: 1 });
  });

  itWithSharedData('prefers ADM0_A3 to ISO_A3 in Natural Earth admin-0, where ISO_A3 is -99 for France and Norway', ['boundaries/ne_110m_admin_0_countries.geojson'], async () => {
    const { features } = await readFeatures(readSharedData('boundaries/ne_110m_admin_0_countries.geojson'), 'ne0.geojson');
    expect(proposeAreaFields(features.map((f) => f.properties!))).toMatchObject({ codeField: 'ADM0_A3', nameField: 'NAME', level: 0 });
  });

  itWithSharedData('finds the P-code by its HXL tag in the COD-PS table', ['formats/hxl-cod-ps-population-admin1-caf-cod.csv'], () => {
    const table = readCsv(readSharedData('formats/hxl-cod-ps-population-admin1-caf-cod.csv'));
    // admin-1 population rows repeat per age group, so codes are not unique: the tag decides
    const rows = table.rows.map((r) => Object.fromEntries(table.columns.map((c, i) => [c, r[i]])));
    const hxl = Object.fromEntries(table.columns.map((c, i) => [c, table.hxl![i]]));
    expect(proposeAreaFields(rows, { hxl })).toEqual({ codeField: 'ADM1_PCODE', nameField: 'ADM1_NAME', parentField: 'ISO3', level: 1 });
  });

  it('falls back to a unique field named like a code, and a field named like a name', () => {
    const props = [{ ward_id: 'W1', ward_title_name: 'Mehrauli' }, { ward_id: 'W2', ward_title_name: 'Saket' }];
    expect(proposeAreaFields(props)).toEqual({ codeField: 'ward_id', nameField: 'ward_title_name', parentField: null, level: null });
  });
});

describe('toAreas', () => {
  itWithSharedData('turns the 38 Bihar districts into level-2 areas under state 10', ['boundaries/india-bihar-districts-2011.geojson'], async () => {
    const { features } = await readFeatures(readSharedData('boundaries/india-bihar-districts-2011.geojson'), 'bihar.geojson');
    const { areas, issues } = toAreas(features, { codeField: 'dt_code', nameField: 'district', parentField: 'st_code', level: 2 });
    expect(issues).toEqual([]);
    expect(areas).toHaveLength(38);
    const araria = areas.find((a) => a.name === 'Araria')!;
    expect(araria).toMatchObject({ level: 2, parentCode: '10', props: { year: '2011_c', st_nm: 'Bihar' } });
    expect(araria.code).toMatch(/^\d{3}$/);
    expect(araria.props).not.toHaveProperty('dt_code');
  });

  it('reports a missing code, a repeated code and a geometry that is not a polygon, naming the feature', () => {
    const features: Feature[] = [
      area({ code: 'ET-OR', name: 'Oromiya' }),
      area({ code: '', name: 'Sidama' }),
      area({ code: 'ET-OR', name: 'Oromia' }),
      { type: 'Feature', geometry: { type: 'Point', coordinates: [38.7, 9] }, properties: { code: 'ET-AA', name: 'Addis Ababa' } },
      area({ code: 'ET-TI', name: null }),
    ];
    const { areas, issues } = toAreas(features, { codeField: 'code', nameField: 'name', level: 1, fileName: 'eth.geojson' });
    expect(areas.map((a) => [a.code, a.name])).toEqual([
      ['ET-OR', 'Oromiya'],
      ['ET-TI', 'ET-TI'],
    ]);
    expect(issues.map((i) => `${i.severity} ${i.code} ${i.feature} ${i.field ?? ''}: ${i.message}`)).toEqual([
      'error missing-value 1 code: eth.geojson: feature 1 ("Sidama") has no code in field "code"',
      'error duplicate-code 2 code: eth.geojson: feature 2 ("Oromia") has the code "ET-OR" in field "code", already used by feature 0',
      'error wrong-geometry-type 3 : eth.geojson: feature 3 ("Addis Ababa") is a Point; an area needs a Polygon or MultiPolygon',
      'warning missing-value 4 name: eth.geojson: feature 4 has no name in field "name"; its code "ET-TI" is used as the name',
    ]);
  });

  it('keeps numeric codes as text and other properties as scalars', () => {
    const { areas } = toAreas([area({ id: 4, name: 'Afghanistan', pop: 34124811, tags: ['a'], ok: true, gone: undefined })], { codeField: 'id', nameField: 'name', level: 0 });
    expect(areas[0]).toMatchObject({ code: '4', parentCode: null, props: { pop: 34124811, tags: '["a"]', ok: 'true', gone: null } });
  });
});
