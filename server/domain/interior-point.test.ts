import { describe, expect, it } from 'vitest';
import type { MultiPolygon, Polygon } from 'geojson';
import booleanPointInPolygon from '@turf/boolean-point-in-polygon';
import { interiorPoint } from './interior-point';

const inside = (g: Polygon | MultiPolygon) => {
  const p = interiorPoint(g);
  expect(p).toBeDefined();
  return booleanPointInPolygon(p!, g, { ignoreBoundary: true });
};

describe('interiorPoint', () => {
  it('gives the middle of a rectangle', () => {
    expect(interiorPoint({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]] })).toEqual([2, 1]);
  });

  it('lies inside a crescent, whose centroid does not', () => {
    // a C open to the east: the box's centre (2, 2) is in the gap
    const c: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 1], [1, 1], [1, 3], [4, 3], [4, 4], [0, 4], [0, 0]]] };
    expect(booleanPointInPolygon([2, 2], c)).toBe(false);
    expect(inside(c)).toBe(true);
  });

  it('lies outside the hole of a ring-shaped area and on its largest part', () => {
    const ring: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[2, 2], [8, 2], [8, 8], [2, 8], [2, 2]]] };
    expect(inside(ring)).toBe(true);
    const islands: MultiPolygon = { type: 'MultiPolygon', coordinates: [[[[50, 50], [51, 50], [51, 51], [50, 51], [50, 50]]], ring.coordinates] };
    const p = interiorPoint(islands)!;
    expect(p[0]).toBeLessThan(10);
    expect(inside(islands)).toBe(true);
  });

  it('is inside every one of a thousand random star-shaped polygons (seeded)', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 1000; n++) {
      const k = 3 + Math.floor(random() * 12);
      const ring = Array.from({ length: k }, (_, i) => {
        const a = (i / k) * 2 * Math.PI;
        const r = 0.2 + random();
        return [Math.cos(a) * r, Math.sin(a) * r];
      });
      ring.push(ring[0]);
      expect(inside({ type: 'Polygon', coordinates: [ring] }), JSON.stringify(ring)).toBe(true);
    }
  });

  it('is undefined without a ring', () => {
    expect(interiorPoint({ type: 'Polygon', coordinates: [] })).toBeUndefined();
  });
});
