import { describe, expect, it } from 'vitest';
import zlib from 'node:zlib';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { createTileService, type TileLayerSource } from './tile-service';
import { PUBLIC_READER } from '../store/access';
import { tileOf } from './web-mercator';

// A points layer held in memory whose version and features a test can change.
function memoryLayer(points: number[][]) {
  const state = { version: 'v1', points, loads: 0 };
  const source = (): TileLayerSource => ({
    kind: 'points',
    version: state.version,
    cacheControl: 'public, max-age=60, must-revalidate',
    fields: { name: 'String', count: 'Number' },
    load: async () => {
      state.loads++;
      return { kind: 'points', coordinates: state.points.flat(), properties: { name: state.points.map((_, i) => `site ${i}`) } };
    },
  });
  return { state, resolve: async (name: string) => (name === 'sites' ? source() : undefined) };
}

const decode = (body: Buffer) => new VectorTile(new PbfReader(body));

describe('createTileService', () => {
  it('builds a layer index once for concurrent requests and serves cached tiles after', async () => {
    const { state, resolve } = memoryLayer([[2.35, 48.85], [2.36, 48.86], [-70, -30]]);
    const tiles = createTileService(resolve);
    const layer = (await tiles.layer('sites', PUBLIC_READER))!;
    const [a, b] = await Promise.all([layer.tile({ z: 0, x: 0, y: 0 }), layer.tile({ z: 1, x: 1, y: 0 })]);
    expect(state.loads).toBe(1);
    const z0 = decode(a!.body).layers.sites;
    expect(z0.length).toBe(2);
    expect(b).not.toBeNull();
    expect(await layer.tile({ z: 0, x: 0, y: 0 })).toBe(a);
    expect(tiles.cachedBytes()).toBeGreaterThan(0);
  });

  it('names each point from zoom 8 and answers null for a tile with nothing in it', async () => {
    const { resolve } = memoryLayer([[2.35, 48.85], [-70, -30]]);
    const layer = (await createTileService(resolve).layer('sites', PUBLIC_READER))!;
    const t = tileOf(2.35, 48.85, 10);
    const tile = decode((await layer.tile(t))!.body).layers.sites;
    expect(tile.feature(0).properties).toEqual({ name: 'site 0' });
    expect(await layer.tile({ z: 10, x: 0, y: 0 })).toBeNull();
  });

  it('gives ETags that change with the layer version and the coordinates', async () => {
    const { state, resolve } = memoryLayer([[0, 0]]);
    let clock = 0;
    const tiles = createTileService(resolve, { revalidateMs: 1000, now: () => clock });
    const before = (await tiles.layer('sites', PUBLIC_READER))!;
    const etag = before.etag({ z: 3, x: 1, y: 2 });
    expect(etag).toMatch(/^"[\w-]{22}"$/);
    expect(before.etag({ z: 3, x: 1, y: 2 })).toBe(etag);
    expect(before.etag({ z: 3, x: 2, y: 1 })).not.toBe(etag);
    state.version = 'v2';
    // Trusted until revalidateMs has passed, then read again.
    expect((await tiles.layer('sites', PUBLIC_READER))!.etag({ z: 3, x: 1, y: 2 })).toBe(etag);
    clock = 1001;
    expect((await tiles.layer('sites', PUBLIC_READER))!.etag({ z: 3, x: 1, y: 2 })).not.toBe(etag);
  });

  it('rebuilds the index after clear() and after the version changes', async () => {
    const { state, resolve } = memoryLayer([[1, 1]]);
    let clock = 0;
    const tiles = createTileService(resolve, { now: () => clock, revalidateMs: 10 });
    await (await tiles.layer('sites', PUBLIC_READER))!.tile({ z: 0, x: 0, y: 0 });
    tiles.clear('sites');
    state.points = [[1, 1], [1.1, 1.1]];
    const after = await (await tiles.layer('sites', PUBLIC_READER))!.tile({ z: 0, x: 0, y: 0 });
    expect(state.loads).toBe(2);
    expect(decode(after!.body).layers.sites.feature(0).properties.count).toBe(2);
    state.points = [[1, 1], [1.1, 1.1], [1.2, 1.2]];
    state.version = 'v2';
    clock = 20;
    const changed = await (await tiles.layer('sites', PUBLIC_READER))!.tile({ z: 0, x: 0, y: 0 });
    expect(state.loads).toBe(3);
    expect(decode(changed!.body).layers.sites.feature(0).properties.count).toBe(3);
  });

  it('aggregates a point tile that would be larger than maxTileBytes', async () => {
    const points = Array.from({ length: 400 }, (_, i) => [2 + (i % 20) * 0.01, 48 + Math.floor(i / 20) * 0.01]);
    const { resolve } = memoryLayer(points);
    const tiles = createTileService(resolve, { maxTileBytes: 2000 });
    const layer = (await tiles.layer('sites', PUBLIC_READER))!;
    const tile = decode((await layer.tile(tileOf(2.1, 48.1, 8)))!.body).layers.sites;
    expect(tile.length).toBeLessThan(400);
    let total = 0;
    for (let i = 0; i < tile.length; i++) total += tile.feature(i).properties.count as number;
    expect(total).toBe(400);
  });

  it('gzips on demand, to the same bytes', async () => {
    const { resolve } = memoryLayer(Array.from({ length: 300 }, (_, i) => [i - 150, (i % 160) - 80]));
    const layer = (await createTileService(resolve).layer('sites', PUBLIC_READER))!;
    const tile = (await layer.tile({ z: 0, x: 0, y: 0 }))!;
    const zipped = await tile.gzipped();
    expect(zipped.length).toBeLessThan(tile.body.length);
    expect(zlib.gunzipSync(zipped).equals(tile.body)).toBe(true);
    expect(await tile.gzipped()).toBe(zipped);
  });

  it('knows no layer the resolver does not', async () => {
    const { resolve } = memoryLayer([]);
    expect(await createTileService(resolve).layer('nope', PUBLIC_READER)).toBeUndefined();
  });
});
