import { describe, expect, it } from 'vitest';
import { readFeatures } from './read-features';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';

describe('readFeatures', () => {
  for (const [file, count, field, first] of [
    ['boundaries/india-bihar-districts-2011.geojson', 38, 'district', 'West Champaran'],
    ['formats/hyderabad-ghmc-wards.overpass-turbo.kml', 145, 'name', 'Ward 91 Khairatabad'],
    ['formats/delhi-wards-shp.zip', 290, 'Ward_Name', 'DELHI CANTT CHARGE 1'],
    ['boundaries/ne_10m_admin_1_states_provinces.ems.topo.json.gz', 4855, 'name', 'Entre Ríos'],
  ] as const) {
    itWithSharedData(`reads ${file}: ${count} features, the first with ${field} "${first}", with no errors`, [file], async () => {
      const { features, issues } = await readFeatures(readSharedData(file), file);
      expect(features).toHaveLength(count);
      expect(features[0].properties?.[field]).toBe(first);
      expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
    });
  }

  itWithSharedData('rewinds the clockwise Delhi wards to RFC 7946 and says so once', ['formats/delhi-wards-shp.zip'], async () => {
    const { issues } = await readFeatures(readSharedData('formats/delhi-wards-shp.zip'), 'delhi.zip');
    expect(issues.map((i) => i.message)).toEqual([
      'delhi.zip: rewound the rings of 290 of 290 features to RFC 7946 order (exterior counter-clockwise): features 0, 1, 2, 3, 4, …',
    ]);
  });

  const ne1 = 'boundaries/ne_10m_admin_1_states_provinces.ems.topo.json.gz';
  itWithSharedData('names the TopoJSON objects there are when the layer asked for is missing', [ne1], async () => {
    await expect(readFeatures(readSharedData(ne1), 'ne.topo.json.gz', { layer: 'states' })).rejects.toThrow(
      "ne.topo.json.gz has no object 'states'; its objects are 'ne_10m_admin_1_states_provinces'",
    );
  });

  itWithSharedData('sends tables and OSM extracts to their own readers', ['points/unesco-whc-sites-2019.csv', 'osm/monaco-2022-12-30.osm.pbf'], async () => {
    await expect(readFeatures(readSharedData('points/unesco-whc-sites-2019.csv'), 'whc.csv')).rejects.toThrow('whc.csv is a table (csv); read it with readCsv or readXlsx, not a file of features');
    await expect(readFeatures(readSharedData('osm/monaco-2022-12-30.osm.pbf'), 'monaco.osm.pbf')).rejects.toThrow('monaco.osm.pbf is an OSM extract; read it with readOsmPbf, not a file of features');
  });
});
