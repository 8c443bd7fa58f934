import { describe, expect, it } from 'vitest';
import { readFeatures } from './read-features';
import { readSharedData } from './test-data';

describe('readFeatures', () => {
  it.each([
    ['boundaries/india-bihar-districts-2011.geojson', 38, 'district', 'West Champaran'],
    ['formats/hyderabad-ghmc-wards.overpass-turbo.kml', 145, 'name', 'Ward 91 Khairatabad'],
    ['formats/delhi-wards-shp.zip', 290, 'Ward_Name', 'DELHI CANTT CHARGE 1'],
    ['boundaries/ne_10m_admin_1_states_provinces.ems.topo.json.gz', 4855, 'name', 'Entre Ríos'],
  ])('reads %s: %d features, the first with %s %j, with no errors', async (file, count, field, first) => {
    const { features, issues } = await readFeatures(readSharedData(file), file);
    expect(features).toHaveLength(count);
    expect(features[0].properties?.[field]).toBe(first);
    expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('rewinds the clockwise Delhi wards to RFC 7946 and says so once', async () => {
    const { issues } = await readFeatures(readSharedData('formats/delhi-wards-shp.zip'), 'delhi.zip');
    expect(issues.map((i) => i.message)).toEqual([
      'delhi.zip: rewound the rings of 290 of 290 features to RFC 7946 order (exterior counter-clockwise): features 0, 1, 2, 3, 4, …',
    ]);
  });

  it('names the TopoJSON objects there are when the layer asked for is missing', async () => {
    const file = 'boundaries/ne_10m_admin_1_states_provinces.ems.topo.json.gz';
    await expect(readFeatures(readSharedData(file), 'ne.topo.json.gz', { layer: 'states' })).rejects.toThrow(
      "ne.topo.json.gz has no object 'states'; its objects are 'ne_10m_admin_1_states_provinces'",
    );
  });

  it('sends tables and OSM extracts to their own readers', async () => {
    await expect(readFeatures(readSharedData('points/unesco-whc-sites-2019.csv'), 'whc.csv')).rejects.toThrow('whc.csv is a table (csv); read it with readCsv or readXlsx, not a file of features');
    await expect(readFeatures(readSharedData('osm/monaco-2022-12-30.osm.pbf'), 'monaco.osm.pbf')).rejects.toThrow('monaco.osm.pbf is an OSM extract; read it with readOsmPbf, not a file of features');
  });
});
