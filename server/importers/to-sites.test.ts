import { describe, expect, it } from 'vitest';
import { readFeatures } from './read-features';
import { readCsv } from './read-table';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';
import { featuresToSites, findCoordinateColumns, tableToSites } from './to-sites';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('tableToSites', () => {
  itWithSharedData('turns the 1,121 UNESCO World Heritage sites into heritage sites at their coordinates', ['points/unesco-whc-sites-2019.csv'], () => {
    const table = readCsv(readSharedData('points/unesco-whc-sites-2019.csv'), { fileName: 'whc.csv' });
    expect(findCoordinateColumns(table)).toEqual({ latField: 'latitude', lngField: 'longitude' });
    const { sites, issues } = tableToSites(table, { category: 'tourism.heritage-site', nameField: 'name_en' });
    expect(issues).toEqual([]);
    expect(sites).toHaveLength(1121);
    const bamiyan = sites.find((s) => s.name === 'Cultural Landscape and Archaeological Remains of the Bamiyan Valley')!;
    expect(bamiyan).toMatchObject({ category: 'tourism.heritage-site', props: { iso_code: 'af', udnp_code: 'afg', category: 'Cultural' } });
    expect(bamiyan.lng).toBeCloseTo(67.8, 1);
    expect(bamiyan.lat).toBeCloseTo(34.8, 1);
  });

  it('maps the category from a column, skipping and reporting values with no category', () => {
    const table = readCsv(utf8('name,kind,lat,lon\nPatna Junction,station,25.6,85.14\nGaya bus stand,bus,24.79,85.0\nMahabodhi,temple,24.69,84.99\n'), { fileName: 'hubs.csv' });
    const { sites, issues } = tableToSites(table, { category: { field: 'kind', map: { station: 'transit.rail-station', bus: 'transit.bus-station' } } });
    expect(sites.map((s) => [s.name, s.category, s.lng, s.lat])).toEqual([
      ['Patna Junction', 'transit.rail-station', 85.14, 25.6],
      ['Gaya bus stand', 'transit.bus-station', 85, 24.79],
    ]);
    expect(issues).toEqual([
      { severity: 'warning', code: 'unmapped-category', row: 4, field: 'kind', message: 'hubs.csv row 4, field "kind": the value "temple" maps to no site category; skipped' },
    ]);
  });

  it('reports non-numeric, out-of-range and missing coordinates with row and column', () => {
    const csv = 'name;latitude;longitude\nA;25,6;85,1\nB;abc;85,1\nC;95,2;85,1\nD;;85,1\nE;24,7;185\n';
    const table = readCsv(utf8(csv), { fileName: 'sites.csv' });
    const { sites, issues } = tableToSites(table, { category: 'internet-cafe', locale: 'fr' });
    expect(sites.map((s) => [s.name, s.lat, s.lng])).toEqual([['A', 25.6, 85.1]]);
    expect(issues.map((i) => `${i.severity} ${i.code} ${i.row} ${i.field}: ${i.message}`)).toEqual([
      'error non-numeric 3 latitude: sites.csv row 3, column "latitude": expected a latitude in decimal degrees, got "abc"',
      'error out-of-range 4 latitude: sites.csv row 4, column "latitude": expected a latitude between -90 and 90, got 95,2',
      'warning missing-value 5 latitude: sites.csv row 5, column "latitude": no latitude; the row is skipped',
      'error out-of-range 6 longitude: sites.csv row 6, column "longitude": expected a longitude between -180 and 180, got 185',
    ]);
  });

  it('finds coordinates by HXL tag', () => {
    const table = readCsv(utf8('Site,Y coord,X coord\n#loc+name,#geo+lat,#geo+lon\nCamp 1,9.1,38.7\n'));
    expect(findCoordinateColumns(table)).toEqual({ latField: 'Y coord', lngField: 'X coord' });
    expect(tableToSites(table, { category: 'camp.humanitarian' }).sites).toEqual([{ category: 'camp.humanitarian', name: 'Camp 1', lng: 38.7, lat: 9.1, props: { Site: 'Camp 1' } }]);
  });

  it('says which columns it looked for when there are none', () => {
    const { issues } = tableToSites(readCsv(utf8('name,place\nA,B\n'), { fileName: 'x.csv' }), { category: 'internet-cafe' });
    expect(issues[0].message).toMatch(/^x\.csv: found no latitude\/longitude columns \(looked for latitude, lat, y, .*\); columns are name, place$/);
  });
});

describe('featuresToSites', () => {
  itWithSharedData('turns the Natural Earth airports into airport sites', ['points/ne_10m_airports.geojson'], async () => {
    const { features } = await readFeatures(readSharedData('points/ne_10m_airports.geojson'), 'airports.geojson');
    const { sites, issues } = featuresToSites(features, { category: 'transit.airport' });
    expect(issues).toEqual([]);
    expect(sites).toHaveLength(891);
    expect(sites.every((s) => s.category === 'transit.airport' && s.name !== '')).toBe(true);
  });

  itWithSharedData('puts polygons at the mean of their vertices, says so once, and maps categories from a property', ['osm/monaco-2022-12-30-pois.geojson'], async () => {
    const { features } = await readFeatures(readSharedData('osm/monaco-2022-12-30-pois.geojson'), 'pois.geojson');
    const { sites, issues } = featuresToSites(features, { category: { field: 'tourism', map: { hotel: 'tourism.accommodation' } }, fileName: 'pois.geojson' });
    expect(sites).toHaveLength(20);
    expect(sites.filter((s) => s.props.id?.toString().startsWith('a'))).toHaveLength(8);
    expect(issues.find((i) => i.code === 'wrong-geometry-type')?.message).toBe('pois.geojson: 8 features are lines or polygons; each became a site at the mean of its vertices');
    // 72 features are not hotels: 20 listed, the rest summed up
    expect(issues.filter((i) => i.code === 'unmapped-category')).toHaveLength(20);
    expect(issues.find((i) => i.code === 'unmapped-category')?.message).toBe('pois.geojson: feature 2 ("Commissariat de la Condamine"), field "tourism": the value "" maps to no site category; skipped');
    expect(issues.at(-1)?.message).toBe("52 more warnings of kind 'unmapped-category' not listed");
  });
});
