import { describe, expect, it } from 'vitest';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { PolygonTileIndex } from './polygon-tile-index';
import { tileOf } from './web-mercator';
import { mulberry32, starRing } from '../../test/helpers/seeded-random';

const layer = (features: Feature[]): { kind: 'polygons'; geojson: FeatureCollection } => ({ kind: 'polygons', geojson: { type: 'FeatureCollection', features } });
const area = (code: string, ring: number[][]): Feature<Polygon> => ({ type: 'Feature', properties: { code, name: `Area ${code}` }, geometry: { type: 'Polygon', coordinates: [ring] } });
const vertices = (features: { geometry: unknown }[]) => features.reduce((n, f) => n + (f.geometry as number[][][]).reduce((m, ring) => m + ring.length, 0), 0);

describe('PolygonTileIndex', () => {
  it('keeps the properties of each area', () => {
    const index = new PolygonTileIndex(layer([area('A', [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]])]));
    const [f] = index.getTile(1, 1, 0);
    expect(f.type).toBe(3);
    expect(f.tags).toEqual({ code: 'A', name: 'Area A' });
  });

  it('draws an area unwrapped past 180° on both sides of the antimeridian', () => {
    // Fiji-like: 177°E to 182°E (= 178°W), as the store keeps it.
    const index = new PolygonTileIndex(layer([area('FJI', [[177, -19], [182, -19], [182, -16], [177, -16], [177, -19]])]));
    expect(index.getTile(2, 3, 2).map((f) => f.tags!.code)).toEqual(['FJI']);
    expect(index.getTile(2, 0, 2).map((f) => f.tags!.code)).toEqual(['FJI']);
    expect(index.getTile(2, 1, 2)).toEqual([]);
  });

  it('simplifies outlines at low zooms and keeps them at high zooms', () => {
    const ring = starRing(mulberry32(8), 10, 10, 0.9, 1, 2000);
    const index = new PolygonTileIndex(layer([area('S', ring)]));
    const low = vertices(index.getTile(0, 0, 0));
    // Zoom 7 tiles over the ring's bounding box (9°–11°, 9°–11°).
    const [a, b] = [tileOf(9, 11, 7), tileOf(11, 9, 7)];
    const high: ReturnType<PolygonTileIndex['getTile']> = [];
    for (let x = a.x; x <= b.x; x++) for (let y = a.y; y <= b.y; y++) high.push(...index.getTile(7, x, y));
    expect(low).toBeLessThan(50);
    expect(vertices(high)).toBeGreaterThan(1000);
  });

  it('has no tiles above its max zoom', () => {
    const index = new PolygonTileIndex(layer([area('A', [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]])]), { maxZoom: 6 });
    expect(index.getTile(6, 33, 31)).toHaveLength(1);
    expect(index.getTile(7, 66, 62)).toEqual([]);
  });
});
