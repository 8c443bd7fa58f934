import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { badInput } from '../../test/fixtures/bad-input/make-fixtures';
import { detectFormat } from './detect-format';
import { ImportError } from './import-error';
import { caught } from '../../test/helpers/caught';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('detectFormat', () => {
  for (const [file, format] of [
    ['boundaries/india-bihar-districts-2011.geojson', 'geojson'],
    ['points/unesco-whc-sites-2019.csv', 'csv'],
    ['formats/hxl-cod-ps-population-admin1-caf-cod.csv', 'csv'],
    ['formats/hyderabad-ghmc-wards.overpass-turbo.kml', 'kml'],
    ['formats/delhi-wards-shp.zip', 'shapefile-zip'],
    ['osm/monaco-2022-12-30.osm.pbf', 'osm-pbf'],
    ['risk-index/inform_risk_2025_v070.xlsx', 'xlsx'],
  ]) {
    itWithSharedData(`tells ${file} is ${format}`, [file], () => {
      const detected = detectFormat(file, readSharedData(file));
      expect(detected.format).toBe(format);
      expect(detected.gzipped).toBe(false);
    });
  }

  itWithSharedData('gunzips the Natural Earth TopoJSON and detects what is inside', ['boundaries/ne_10m_admin_1_states_provinces.ems.topo.json.gz'], () => {
    const gz = readSharedData('boundaries/ne_10m_admin_1_states_provinces.ems.topo.json.gz');
    const detected = detectFormat('ne_10m_admin_1_states_provinces.topo.json.gz', gz);
    expect(detected).toMatchObject({ format: 'topojson', gzipped: true });
    expect(detected.bytes.length).toBeGreaterThan(7_000_000);
  });

  it('believes the bytes over the name: TopoJSON saved as .json', () => {
    expect(detectFormat('world.json', utf8('{"type":"Topology","objects":{},"arcs":[]}')).format).toBe('topojson');
  });

  it('recognises newline-delimited GeoJSON by its lines and by its extension', () => {
    const lines = '{"type":"Feature","geometry":null,"properties":{}}\n{"type":"Feature","geometry":null,"properties":{}}\n';
    expect(detectFormat('sites.json', utf8(lines)).format).toBe('ndgeojson');
    expect(detectFormat('one.geojsonl', utf8('{"type":"Feature","geometry":null,"properties":{}}')).format).toBe('ndgeojson');
  });

  it('says a PNG renamed .geojson is a PNG image, not GeoJSON', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    const error = await caught<ImportError>(() => detectFormat('districts.geojson', png));
    expect(error.issues[0].code).toBe('unrecognised-format');
    expect(error.message).toBe('districts.geojson is a PNG image, not GeoJSON; could not import it');
  });

  it('says what an unexpected zip holds', async () => {
    const zip = zipSync({ 'notes.txt': utf8('hello') });
    const error = await caught<ImportError>(() => detectFormat('wards.zip', zip));
    expect(error.message).toBe('wards.zip is a ZIP archive without a .shp file or an xl/ folder (it holds notes.txt), not a zipped shapefile; could not import it');
  });

  it('names HTML and empty files for what they are', async () => {
    expect((await caught(() => detectFormat('data.csv', utf8('<!DOCTYPE html><html><body>Login</body></html>')))).message).toBe(
      'data.csv is an HTML page, not CSV; could not import it',
    );
    expect((await caught(() => detectFormat('data.kml', new Uint8Array()))).message).toBe('data.kml is empty (0 bytes), not KML; could not import it');
  });

  it('reads UTF-16 without a byte-order mark as text, not binary data', () => {
    for (const name of ['utf16le-no-bom.csv', 'utf16be-no-bom.csv', 'utf16le-bom.csv']) expect(detectFormat(name, badInput(name).bytes()).format).toBe('csv');
    const json = Buffer.from('{"type":"FeatureCollection","features":[]}', 'utf16le');
    expect(detectFormat('empty.geojson', json).format).toBe('geojson');
  });

  it('reads the text in the encoding given: UTF-16 of a script without zero bytes is told from binary data only so', async () => {
    const amharic = badInput('utf16le-no-bom-amharic.csv').bytes();
    expect((await caught(() => detectFormat('stations.csv', amharic))).message).toBe('stations.csv is binary data, not CSV; could not import it');
    expect(detectFormat('stations.csv', amharic, undefined, 'utf-16le').format).toBe('csv');
  });
});
