import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ImportError } from './import-error';
import { readGeojson, readNdGeojson, streamNdGeojson } from './read-geojson';
import { caught } from '../../test/helpers/caught';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';

const feature = (i: number, name = `Site ${i}`) => ({ type: 'Feature', id: i, geometry: { type: 'Point', coordinates: [85 + i / 1e4, 25] }, properties: { name } });

describe('readGeojson', () => {
  itWithSharedData('reads the 38 Bihar districts with their census codes', ['boundaries/india-bihar-districts-2011.geojson'], () => {
    const { features, issues } = readGeojson(readSharedData('boundaries/india-bihar-districts-2011.geojson'));
    expect(features).toHaveLength(38);
    expect(issues).toEqual([]);
    expect(features[0].properties).toEqual({ dt_code: '203', district: 'West Champaran', st_code: '10', year: '2011_c', st_nm: 'Bihar' });
    expect(features.every((f) => f.geometry?.type === 'Polygon' || f.geometry?.type === 'MultiPolygon')).toBe(true);
  });

  it('reads a single Feature and a bare geometry', () => {
    expect(readGeojson(JSON.stringify(feature(1))).features).toEqual([feature(1)]);
    expect(readGeojson('{"type":"Point","coordinates":[85,25]}').features).toEqual([{ type: 'Feature', geometry: { type: 'Point', coordinates: [85, 25] }, properties: {} }]);
  });

  it('gives null properties an empty object and keeps a null geometry for the validator', () => {
    const { features } = readGeojson('{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":null}]}');
    expect(features).toEqual([{ type: 'Feature', geometry: null, properties: {} }]);
  });

  it('says where a truncated file ends', async () => {
    const text = '{"type":"FeatureCollection","features":[\n{"type":"Feature","geometry":{"type":"Point","coordinates":[85.1,';
    const error = await caught<ImportError>(() => readGeojson(text, { fileName: 'sites.geojson' }));
    expect(error.issues[0]).toMatchObject({ code: 'invalid-json', row: 2 });
    expect(error.message).toBe('sites.geojson is not valid JSON: Unexpected end of JSON input at line 2, column 66 — the file looks truncated');
  });

  it('says what came instead of GeoJSON', async () => {
    expect((await caught(() => readGeojson('[1,2]', { fileName: 'a.json' }))).message).toBe('a.json: expected a GeoJSON FeatureCollection, Feature or geometry, got a JSON array');
    expect((await caught(() => readGeojson('{"type":"Topology","objects":{}}', { fileName: 'a.json' }))).message).toBe('a.json is TopoJSON, not GeoJSON; read it with readTopojson');
    expect((await caught(() => readGeojson('{"type":"FeatureCollection","features":[{"type":"Point"},{"type":"Polygon"},{"type":"Road"}]}', { fileName: 'a.json' }))).message).toBe(
      'a.json feature 2: expected a GeoJSON Feature, got type "Road"',
    );
  });
});

describe('readNdGeojson', () => {
  it('reads one feature per line, with or without RFC 8142 record separators', () => {
    const text = [feature(1), feature(2)].map((f) => `\u001e${JSON.stringify(f)}`).join('\n') + '\n\n';
    expect(readNdGeojson(text).features).toEqual([feature(1), feature(2)]);
  });

  it('names the line that is not a feature', async () => {
    const text = `${JSON.stringify(feature(1))}\n{"type":"Feature",\n${JSON.stringify(feature(3))}\n`;
    const error = await caught<ImportError>(() => readNdGeojson(text, { fileName: 'sites.geojsonl' }));
    expect(error.issues).toHaveLength(1);
    expect(error.issues[0]).toMatchObject({ code: 'invalid-json', row: 2 });
    expect(error.message).toMatch(/^sites\.geojsonl line 2 is not valid JSON \(/);
  });
});

describe('streamNdGeojson', () => {
  it('yields features in batches from chunks that split lines and multi-byte characters', async () => {
    const text = Array.from({ length: 2500 }, (_, i) => JSON.stringify(feature(i, `Kōchi ${i} – ✓`))).join('\n');
    const bytes = new TextEncoder().encode(text);
    // 7-byte chunks cut through UTF-8 sequences and lines alike
    const chunks = Array.from({ length: Math.ceil(bytes.length / 7) }, (_, i) => bytes.subarray(i * 7, i * 7 + 7));
    const sizes: number[] = [];
    const names: string[] = [];
    for await (const batch of streamNdGeojson(Readable.from(chunks), { batchSize: 1000 })) {
      sizes.push(batch.length);
      names.push(...batch.map((f) => f.properties!.name));
    }
    expect(sizes).toEqual([1000, 1000, 500]);
    expect(names[0]).toBe('Kōchi 0 – ✓');
    expect(names[2499]).toBe('Kōchi 2499 – ✓');
  });

  it('stops with the line number of a broken line', async () => {
    const stream = Readable.from([`${JSON.stringify(feature(1))}\n`, '{"type":"Feature"\n']);
    const error = await caught<ImportError>(async () => {
      for await (const _ of streamNdGeojson(stream, { fileName: 'big.geojsonl' })) void _;
    });
    expect(error.message).toMatch(/^big\.geojsonl line 2 is not valid JSON/);
  });
});
