// A corpus of broken and hostile files, written to a temporary folder and read back the way an
// upload would be, each with the message the person who uploaded it should see.
import { gzipSync, zipSync } from 'fflate';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import proj4 from 'proj4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportError, throwIfErrors } from './import-error';
import { readFeatures } from './read-features';
import { readKml } from './read-kml';
import { readOsmPbf } from './read-osm-pbf';
import { readCsv } from './read-table';
import { utm43nPrj, writeDbf, writeShp } from '../../test/helpers/shapefile-fixture';
import { sampleFile } from '../../test/fixtures/sample/make-samples';
import { caught } from '../../test/helpers/caught';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';
import { toObservations } from './to-observations';
import { tableToSites } from './to-sites';

const utf8 = (s: string) => new TextEncoder().encode(s);
let dir = '';
const file = (name: string) => new Uint8Array(readFileSync(path.join(dir, name)));

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'risk-atlas-bad-input-'));
  const toUtm = proj4('EPSG:4326', utm43nPrj);
  const utmSquare = [[77.1, 28.6], [77.1, 28.7], [77.2, 28.7], [77.2, 28.6], [77.1, 28.6]].map(([x, y]) => toUtm.forward([x, y]));
  const corpus: Record<string, Uint8Array> = {
    // cut inside a list of coordinates
    'truncated.geojson': sampleFile('sample-districts.geojson').subarray(0, 540),
    'districts.geojson': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    'wards.zip': zipSync({ 'wards.shp': new Uint8Array(200 * 1024 * 1024), 'wards.dbf': writeDbf([{ name: 'x' }]) }),
    'world.geojson.gz': gzipSync(new Uint8Array(20 * 1024 * 1024)),
    'projected.geojson': utf8(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: 'Ward 1' }, geometry: { type: 'Polygon', coordinates: [utmSquare] } }] })),
    'projected-shp.zip': zipSync({ 'wards.shp': writeShp([[utmSquare]]), 'wards.dbf': writeDbf([{ name: 'Ward 1' }]), 'wards.prj': utf8(utm43nPrj) }),
    'projected-no-prj.zip': zipSync({ 'wards.shp': writeShp([[utmSquare]]), 'wards.dbf': writeDbf([{ name: 'Ward 1' }]) }),
    // "Sào Tomé" in UTF-8, then "Ségou" in Windows-1252
    'mixed-encodings.csv': new Uint8Array([...utf8('name,lat,lon\nSào Tomé,0.33,6.73\n'), 0x53, 0xe9, ...utf8('gou,13.43,-6.26\n')]),
    'formulas.csv': utf8('name,lat,lon,note\n=1+1,25.6,85.1,+SUM(A1:A9)\n@cmd,25.6,85.1,-2+3\n'),
    'html-names.csv': utf8('name,lat,lon\n"<script>alert(1)</script> Hotel",25.6,85.1\n"<b>Bar</b> &amp; Grill",25.7,85.2\n'),
    'non-numeric.csv': utf8('ISO3,value_2018,value_2019\nNER,76.3,..\nBGD,n/a,51.4\nNPL,,\n'),
    'unclosed.geojson': utf8(JSON.stringify({ type: 'Feature', properties: { name: 'Gaya' }, geometry: { type: 'Polygon', coordinates: [[[85, 24.7], [85.1, 24.7], [85.1, 24.8], [85, 24.8]]] } })),
    'duplicate-ids.geojson': utf8(JSON.stringify({ type: 'FeatureCollection', features: ['ET-OR', 'ET-OR'].map((id) => ({ type: 'Feature', id, properties: {}, geometry: { type: 'Point', coordinates: [38, 8] } })) })),
    'truncated.kml': sampleFile('sample-districts.kml').subarray(0, 400),
    'empty.csv': new Uint8Array(),
  };
  for (const [name, bytes] of Object.entries(corpus)) writeFileSync(path.join(dir, name), bytes);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bad input', () => {
  it('truncated GeoJSON: says it is not valid JSON, where, and that it looks truncated', async () => {
    const error = await caught<ImportError>(() => readFeatures(file('truncated.geojson'), 'truncated.geojson'));
    expect(error).toBeInstanceOf(ImportError);
    expect(error.issues[0].code).toBe('invalid-json');
    expect(error.message).toMatch(/^truncated\.geojson is not valid JSON: .* at line \d+, column \d+ — the file looks truncated$/);
  });

  it('PNG renamed .geojson: says it is a PNG image, not GeoJSON', async () => {
    await expect(readFeatures(file('districts.geojson'), 'districts.geojson')).rejects.toThrow('districts.geojson is a PNG image, not GeoJSON; could not import it');
  });

  it('zip bomb (200 MB of zeros): refused from the central directory, naming the ratio limit', async () => {
    const bytes = file('wards.zip');
    expect(bytes.length).toBeLessThan(300 * 1024);
    const error = await caught<ImportError>(() => readFeatures(bytes, 'wards.zip'));
    expect(error.issues[0].code).toBe('limit-exceeded');
    expect(error.message).toMatch(/^wards\.zip would expand 1\d{3}× \(\d+\.\d KB to 200\.0 MB\), more than the limit of 100× \(maxRatio\); it looks like a zip bomb$/);
  });

  it('gzip bomb: refused from the size in its trailer', async () => {
    const error = await caught<ImportError>(() => readFeatures(file('world.geojson.gz'), 'world.geojson.gz'));
    expect(error.message).toMatch(/^world\.geojson\.gz would expand \d+× \(\d+\.\d KB to 20\.0 MB\), more than the limit of 100× \(maxRatio\); it looks like a zip bomb$/);
  });

  it('GeoJSON with projected coordinates: a projected-crs error naming the feature', async () => {
    const { issues } = await readFeatures(file('projected.geojson'), 'projected.geojson');
    const error = issues.find((i) => i.severity === 'error');
    expect(error).toMatchObject({ code: 'projected-crs', feature: 0 });
    expect(error?.message).toMatch(/^projected\.geojson: coordinates reach \(\d+(\.\d+)?, 31\d{5}(\.\d+)?\) to .*\(first in feature 0 \("Ward 1"\)\); the file is probably projected\. Reproject it to WGS 84 \(EPSG:4326\) and import it again\.$/);
    expect(() => throwIfErrors(issues)).toThrow(ImportError);
  });

  it('shapefile in UTM 43N with a .prj: reprojected, with a warning', async () => {
    const { features, issues } = await readFeatures(file('projected-shp.zip'), 'projected-shp.zip');
    expect(issues.map((i) => i.code)).toEqual(['reprojected', 'winding-repaired']);
    const ring = features[0].geometry?.type === 'Polygon' ? features[0].geometry.coordinates[0] : [];
    expect(ring.map(([x, y]) => [Number(x.toFixed(6)), Number(y.toFixed(6))])).toEqual([[77.1, 28.6], [77.2, 28.6], [77.2, 28.7], [77.1, 28.7], [77.1, 28.6]]);
  });

  it('shapefile in UTM 43N without a .prj: refused as probably projected', async () => {
    const error = await caught<ImportError>(() => readFeatures(file('projected-no-prj.zip'), 'projected-no-prj.zip'));
    expect(error.issues[0].code).toBe('projected-crs');
    expect(error.message).toContain('outside longitude/latitude, so it is probably projected; it has no .prj file.');
  });

  it('mixed encodings: read as Windows-1252 with a warning that names both', () => {
    const table = readCsv(file('mixed-encodings.csv'), { fileName: 'mixed-encodings.csv' });
    expect(table.rows.map((r) => r[0])).toEqual(['SÃ\u00a0o TomÃ©', 'Ségou']);
    expect(table.issues[0].message).toBe(
      "mixed-encodings.csv is not valid UTF-8 (byte 0xE9 at offset 35); read it as Windows-1252. It also holds 2 byte sequences that look like UTF-8 (mixed encodings); those may show as odd characters such as 'â€œ'. If accented letters look wrong, choose the file's encoding.",
    );
  });

  it('formula cells: stored as given, never evaluated or stripped', () => {
    const { sites } = tableToSites(readCsv(file('formulas.csv')), { category: 'internet-cafe' });
    expect(sites.map((s) => [s.name, s.props.note])).toEqual([
      ['=1+1', '+SUM(A1:A9)'],
      ['@cmd', '-2+3'],
    ]);
  });

  it('HTML in names: kept as text, not parsed or unescaped', () => {
    const { sites } = tableToSites(readCsv(file('html-names.csv')), { category: 'tourism.accommodation' });
    expect(sites.map((s) => s.name)).toEqual(['<script>alert(1)</script> Hotel', '<b>Bar</b> &amp; Grill']);
  });

  it('non-numeric value cells: errors naming row and column; empty cells are missing, not zero', () => {
    const { observations, issues } = toObservations(readCsv(file('non-numeric.csv'), { fileName: 'non-numeric.csv' }), { layout: 'wide', areaField: 'ISO3', indicator: 'cm' });
    expect(observations.map((o) => `${o.areaKey} ${o.period} ${o.value}`)).toEqual(['NER 2018 76.3', 'BGD 2019 51.4']);
    expect(issues.map((i) => i.message)).toEqual([
      'non-numeric.csv row 2, column "value_2019": expected a number, got ".."',
      'non-numeric.csv row 3, column "value_2018": expected a number, got "n/a"',
    ]);
  });

  it('unclosed ring: closed, with a warning naming the feature', async () => {
    const { features, issues } = await readFeatures(file('unclosed.geojson'), 'unclosed.geojson');
    expect(features[0].geometry?.type === 'Polygon' && features[0].geometry.coordinates[0].length).toBe(5);
    expect(issues.map((i) => i.message)).toEqual(['unclosed.geojson: feature 0 ("Gaya") has a ring that does not end where it starts; closed it']);
  });

  it('duplicate ids: a warning naming both features', async () => {
    const { issues } = await readFeatures(file('duplicate-ids.geojson'), 'duplicate-ids.geojson');
    expect(issues.map((i) => i.message)).toEqual(['duplicate-ids.geojson: feature 1 has the id "ET-OR", already used by feature 0']);
  });

  it('truncated KML: says the file cannot be read', async () => {
    expect((await caught(() => readKml(file('truncated.kml'), { fileName: 'truncated.kml' }))).message).toMatch(/^truncated\.kml is not well-formed XML: /);
  });

  itWithSharedData('truncated OSM extract: says the file cannot be read', ['osm/monaco-2022-12-30.osm.pbf'], async () => {
    const truncated = readSharedData('osm/monaco-2022-12-30.osm.pbf').subarray(0, 50_000);
    expect((await caught(() => readOsmPbf(truncated, { fileName: 'truncated.osm.pbf' }))).message).toMatch(/^truncated\.osm\.pbf could not be read as an OSM PBF extract/);
  });

  it('empty file: says it is empty', async () => {
    await expect(readFeatures(file('empty.csv'), 'empty.csv')).rejects.toThrow('empty.csv is empty (0 bytes), not CSV; could not import it');
  });
});
