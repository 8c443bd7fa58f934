// Every import format and every join rule on the repo's own SAMPLE files (test/fixtures/sample:
// four made-up districts, three made-up sites, a made-up index), so that they are tested on any
// clone; the real-data tests beside each reader need the shared corpus.
import { describe, expect, it } from 'vitest';
import { caught } from '../../test/helpers/caught';
import { derivedSamples, sampleFile } from '../../test/fixtures/sample/make-samples';
import { detectFormat } from './detect-format';
import { joinAreas, type JoinCandidate } from './join-areas';
import { readFeatures } from './read-features';
import { readCsv, readXlsx } from './read-table';
import { proposeAreaFields, toAreas } from './to-areas';
import { toObservations } from './to-observations';
import { featuresToSites, tableToSites } from './to-sites';

const derived = await derivedSamples();
const bytesOf = (name: string) => derived[name] ?? sampleFile(name);
const districtFields = { codeField: 'ADM2_PCODE', nameField: 'ADM2_NAME', parentField: 'ADM1_PCODE', level: 2 };
const kinds = { bus: 'transit.bus-station', rail: 'transit.rail-station', hotel: 'tourism.accommodation' };

// the join candidates as the datasets store gives them: alternative names split on '|'
async function districtCandidates(): Promise<JoinCandidate[]> {
  const { features } = await readFeatures(bytesOf('sample-districts.geojson'), 'sample-districts.geojson');
  return toAreas(features, districtFields).areas.map((a) => ({
    code: a.code,
    name: a.name,
    props: a.props as JoinCandidate['props'],
    altNames: typeof a.props.altNames === 'string' && a.props.altNames ? a.props.altNames.split('|') : undefined,
  }));
}

describe('sample files: formats', () => {
  it.each([
    ['sample-districts.geojson', 'geojson', false],
    ['sample-districts.geojson.gz', 'geojson', true],
    ['sample-districts.topojson', 'topojson', false],
    ['sample-districts.topojson.gz', 'topojson', true],
    ['sample-districts-shp.zip', 'shapefile-zip', false],
    ['sample-districts.kml', 'kml', false],
    ['sample-sites.geojsonl', 'ndgeojson', false],
    ['sample-sites.csv', 'csv', false],
    ['sample-observations.hxl.csv', 'csv', false],
    ['sample-sites.xlsx', 'xlsx', false],
  ])('tells %s is %s (gzipped: %s)', (name, format, gzipped) => {
    expect(detectFormat(name, bytesOf(name))).toMatchObject({ format, gzipped });
  });

  it.each(['sample-districts.geojson', 'sample-districts.geojson.gz', 'sample-districts.topojson', 'sample-districts.topojson.gz', 'sample-districts-shp.zip'])(
    'reads the four districts from %s with their codes, names and parent',
    async (name) => {
      const { features, issues } = await readFeatures(bytesOf(name), name);
      expect(issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(proposeAreaFields(features.map((f) => f.properties!))).toEqual(districtFields);
      const { areas, issues: areaIssues } = toAreas(features, districtFields);
      expect(areaIssues).toEqual([]);
      expect(areas.map((a) => [a.code, a.name, a.parentCode, a.level])).toEqual([
        ['SL01', 'Northbrook District', 'SL', 2],
        ['SL02', 'West Marsh', 'SL', 2],
        ['SL03', 'Oakridge', 'SL', 2],
        ['SL04', 'Lakeside', 'SL', 2],
      ]);
      // every reader yields RFC 7946 rings: the first district's exterior runs counter-clockwise
      const ring = areas[0].geometry.type === 'Polygon' ? areas[0].geometry.coordinates[0] : areas[0].geometry.coordinates[0][0];
      expect(ring.slice(0, 3)).toEqual([[-30, -10], [-29.5, -10], [-29.5, -9.5]]);
    },
  );

  it('finds the shapefile in a folder with spaces, rewinds its clockwise rings and says so once', async () => {
    const { issues } = await readFeatures(bytesOf('sample-districts-shp.zip'), 'districts.zip');
    expect(issues.map((i) => i.message)).toEqual([
      'districts.zip: rewound the rings of 4 of 4 features to RFC 7946 order (exterior counter-clockwise): features 0, 1, 2, 3',
    ]);
  });

  it('reads KML placemarks with their ExtendedData, polygons and points alike', async () => {
    const { features, issues } = await readFeatures(bytesOf('sample-districts.kml'), 'sample-districts.kml');
    expect(issues).toEqual([]);
    expect(features.map((f) => [f.properties?.name, f.properties?.ADM2_PCODE, f.geometry?.type])).toEqual([
      ['Northbrook District', 'SL01', 'Polygon'],
      ['West Marsh', 'SL02', 'Polygon'],
      ['Sample bus stand A', undefined, 'Point'],
    ]);
  });

  it('refuses a KMZ, naming what the archive holds (KMZ is not an import format yet)', async () => {
    expect((await caught(() => detectFormat('sample-districts.kmz', bytesOf('sample-districts.kmz')))).message).toBe(
      'sample-districts.kmz is a ZIP archive without a .shp file or an xl/ folder (it holds doc.kml); could not import it',
    );
  });

  it('reads the same three sites from CSV, XLSX and newline-delimited GeoJSON', async () => {
    const category = { field: 'kind', map: kinds };
    const fromCsv = tableToSites(readCsv(bytesOf('sample-sites.csv'), { fileName: 'sites.csv' }), { category });
    const fromXlsx = tableToSites(await readXlsx(bytesOf('sample-sites.xlsx'), { fileName: 'sites.xlsx' }), { category });
    const { features } = await readFeatures(bytesOf('sample-sites.geojsonl'), 'sites.geojsonl');
    const fromLines = featuresToSites(features, { category });
    for (const { sites, issues } of [fromCsv, fromXlsx, fromLines]) {
      expect(issues).toEqual([]);
      expect(sites.map((s) => [s.name, s.category, s.lng, s.lat])).toEqual([
        ['Sample bus stand A', 'transit.bus-station', -29.8, -9.8],
        ['Sample rail station B', 'transit.rail-station', -29.3, -9.7],
        ['Sample hotel C', 'tourism.accommodation', -29.6, -9.2],
      ]);
    }
  });
});

describe('sample files: joins', () => {
  it('reads the HXL table by its hashtags and joins it by code, in any case', async () => {
    const table = readCsv(bytesOf('sample-observations.hxl.csv'), { fileName: 'index.csv' });
    expect(table.hxl).toEqual(['#adm2+code', '#adm2+name', '#date+year', '#indicator+num']);
    const { observations, issues } = toObservations(table, { layout: 'long', areaField: 'District code', indicator: 'sample-index', periodField: 'Year', valueField: 'Sample index' });
    expect(issues).toEqual([]);
    // the empty cell is missing, not zero
    expect(observations.map((o) => [o.areaKey, o.period, o.value])).toEqual([
      ['SL01', '2020', 12.5],
      ['SL02', '2020', 40],
      ['SL03', '2020', 7.25],
      ['sl04', '2021', 3],
    ]);
    const { matched, unmatched } = joinAreas(observations.map((o) => ({ key: o.areaKey, row: o.row })), await districtCandidates());
    expect(unmatched).toEqual([]);
    expect(matched.map((m) => `${m.key}→${m.code} ${m.method}`)).toEqual(['SL01→SL01 code', 'SL02→SL02 code', 'SL03→SL03 code', 'sl04→SL04 code']);
  });

  it('joins by name and alternative name, and suggests what it does not apply', async () => {
    const table = readCsv(bytesOf('sample-observations.hxl.csv'), { fileName: 'index.csv' });
    const keys = table.rows.map((r, i) => ({ key: r[1], row: table.rowNumbers[i] }));
    const { matched, unmatched } = joinAreas(keys, await districtCandidates(), { by: 'name' });
    // "Northbrook" is "Northbrook District" without the unit word; "Lakeshore" is an alternative name of Lakeside
    expect(matched).toEqual([
      { key: 'Northbrook', code: 'SL01', method: 'name' },
      { key: 'Lakeshore', code: 'SL04', method: 'alt-name' },
    ]);
    // 'Pashchim' reads as 'West'; a typo comes back with the closest name first, never joined by itself
    expect(unmatched.map((u) => [u.key, u.row, u.reason, u.suggestions[0].code, u.suggestions[0].score])).toEqual([
      ['Pashchim Marsh', 4, 'no-match', 'SL02', 1],
      ['Oakrige', 5, 'no-match', 'SL03', expect.closeTo(0.88, 2)],
    ]);
    expect(unmatched.every((u) => u.suggestions.length === 3)).toBe(true);
  });

  it('reads a wide table by its year columns and joins names with a qualifier or an alternative name', async () => {
    const table = readCsv(bytesOf('sample-observations-wide.csv'), { fileName: 'wide.csv' });
    const { observations, issues } = toObservations(table, { layout: 'wide', areaField: 'District', indicator: 'sample-index' });
    expect(issues.map((i) => i.message)).toEqual(['wide.csv row 4, column "value_2019": expected a number, got "n/a"']);
    expect(observations.map((o) => [o.areaKey, o.period, o.value])).toEqual([
      ['Northbrook District', '2019', 1.5],
      ['Northbrook District', '2020', 2],
      ['Upper Brook', '2020', 4.5],
      ['Lakeside (Old Town)', '2020', 8],
    ]);
    const { matched, unmatched } = joinAreas(observations.map((o) => ({ key: o.areaKey, row: o.row })), await districtCandidates());
    expect(unmatched).toEqual([]);
    expect(matched.map((m) => `${m.key}→${m.code} ${m.method}`)).toEqual(['Northbrook District→SL01 name', 'Upper Brook→SL01 alt-name', 'Lakeside (Old Town)→SL04 name']);
  });
});
