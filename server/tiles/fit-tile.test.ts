import { describe, expect, it } from 'vitest';
import type { GeoJSONVTFeature } from '@maplibre/geojson-vt';
import { encodeWithinBytes } from './fit-tile';
import { encodeTile } from './encode-tile';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

// A square of side `size` tile units at (x, y), named by its size.
const square = (x: number, y: number, size: number): GeoJSONVTFeature => ({
  type: 3,
  tags: { code: `s${size}-${x}-${y}` },
  geometry: [[[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]],
});

describe('encodeWithinBytes', () => {
  const encode = (f: GeoJSONVTFeature[]) => encodeTile('areas', f);

  it('leaves a tile within the limit as it is', () => {
    const features = [square(0, 0, 10), square(20, 20, 5)];
    expect(encodeWithinBytes(features, encode, 10_000)).toEqual({ body: encode(features), dropped: 0 });
  });

  it('drops the smallest areas until the tile fits', () => {
    const features: GeoJSONVTFeature[] = [];
    for (let i = 0; i < 2000; i++) features.push(square((i % 50) * 80, Math.floor(i / 50) * 80, 2 + (i % 7) * 10));
    const full = encode(features).length;
    const { body, dropped } = encodeWithinBytes(features, encode, full / 2);
    expect(body.length).toBeLessThanOrEqual(full / 2);
    expect(dropped).toBeGreaterThan(0);
    // Every square of the largest size is kept, none of the smallest.
    const layer = new VectorTile(new PbfReader(body)).layers.areas;
    const sizes = Array.from({ length: layer.length }, (_, i) => String(layer.feature(i).properties.code).split('-')[0]);
    expect(layer.length).toBe(2000 - dropped);
    expect(sizes.filter((s) => s === 's62')).toHaveLength(2000 / 7 | 0);
    expect(sizes.filter((s) => s === 's2')).toHaveLength(0);
  });
});
