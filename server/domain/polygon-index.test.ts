import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { PolygonIndex } from './polygon-index';
import { mulberry32, starRing } from '../../test/helpers/seeded-random';
import { windingNumber } from '../../test/reference/winding-number';

const square = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const polygon = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });

// How many polygons of a set contain the point, each tested on its own.
const containing = (singles: PolygonIndex[], x: number, y: number) => singles.filter((s) => s.locate(x, y) === 0).length;

describe('PolygonIndex', () => {
  it('excludes points in a hole', () => {
    const index = new PolygonIndex([polygon(square(0, 0, 10, 10), square(4, 4, 6, 6))]);
    expect(index.size).toBe(1);
    expect(index.locate(5, 5)).toBe(-1);
    expect(index.locate(2, 5)).toBe(0);
    expect(index.locate(8, 8)).toBe(0);
    expect(index.locate(11, 5)).toBe(-1);
    expect(index.locate(Number.NaN, 5)).toBe(-1);
    expect(new PolygonIndex([]).locate(0, 0)).toBe(-1);
  });

  it('counts a point on an edge or vertex shared by two squares in exactly one', () => {
    const a = polygon(square(0, 0, 1, 1));
    const b = polygon(square(1, 0, 2, 1));
    const both = new PolygonIndex([a, b]);
    const singles = [new PolygonIndex([a]), new PolygonIndex([b])];
    for (const y of [0, 0.1, 0.25, 1 / 3, 0.5, 0.999999]) {
      expect(containing(singles, 1, y), `(1, ${y})`).toBe(1);
      expect(both.locate(1, y)).toBe(1);
    }
    // Half-open: west and south edges belong to a square, east and north edges do not.
    expect(both.locate(0, 0.5)).toBe(0);
    expect(both.locate(2, 0.5)).toBe(-1);
    expect(both.locate(0.5, 1)).toBe(-1);
  });

  it('counts the vertex shared by four squares in exactly one', () => {
    const quads = [square(0, 0, 1, 1), square(1, 0, 2, 1), square(0, 1, 1, 2), square(1, 1, 2, 2)].map((r) => polygon(r));
    const singles = quads.map((q) => new PolygonIndex([q]));
    expect(containing(singles, 1, 1)).toBe(1);
    expect(new PolygonIndex(quads).locate(1, 1)).toBe(3);
    for (const t of [0.2, 0.5, 1.5, 1.8]) {
      expect(containing(singles, 1, t)).toBe(1);
      expect(containing(singles, t, 1)).toBe(1);
    }
  });

  it('puts every point of a jittered partition with zigzag borders in exactly one area', () => {
    const random = mulberry32(11);
    const n = 6;
    const vertex: Position[][] = [];
    for (let i = 0; i <= n; i++) {
      vertex.push([]);
      for (let j = 0; j <= n; j++) {
        const jitter = i > 0 && i < n && j > 0 && j < n ? 0.3 : 0;
        vertex[i].push([i + jitter * (random() - 0.5), j + jitter * (random() - 0.5)]);
      }
    }
    // Each border between two lattice vertices is a zigzag polyline used by both neighbours, so
    // the parts get ≥ 32 edges and their slab indexes are exercised.
    const borders = new Map<string, Position[]>();
    const border = (p: [number, number], q: [number, number]): Position[] => {
      const key = `${p}-${q}`;
      const reverseKey = `${q}-${p}`;
      if (borders.has(reverseKey)) return [...borders.get(reverseKey)!].reverse();
      if (!borders.has(key)) {
        const [a, b] = [vertex[p[0]][p[1]], vertex[q[0]][q[1]]];
        const line: Position[] = [a];
        for (let k = 1; k < 10; k++) {
          const t = k / 10;
          const wobble = 0.05 * (random() - 0.5);
          line.push([a[0] + t * (b[0] - a[0]) + wobble, a[1] + t * (b[1] - a[1]) - wobble]);
        }
        line.push(b);
        borders.set(key, line);
      }
      return borders.get(key)!;
    };
    const cells: Polygon[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        const corners: [number, number][] = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1], [i, j]];
        const ring: Position[] = [];
        for (let k = 0; k < 4; k++) ring.push(...border(corners[k], corners[k + 1]).slice(0, -1));
        ring.push(ring[0]);
        cells.push(polygon(ring));
      }
    }
    const all = new PolygonIndex(cells);
    const singles = cells.map((c) => new PolygonIndex([c]));
    const probes: Position[] = [];
    // Every vertex strictly inside the partition, every border midpoint, and random points.
    for (const line of borders.values()) {
      for (let k = 0; k + 1 < line.length; k++) {
        probes.push(line[k], [(line[k][0] + line[k + 1][0]) / 2, (line[k][1] + line[k + 1][1]) / 2]);
      }
    }
    for (let k = 0; k < 2000; k++) probes.push([0.5 + (n - 1) * random(), 0.5 + (n - 1) * random()]);
    let checked = 0;
    for (const [x, y] of probes) {
      if (x <= 0.1 || y <= 0.1 || x >= n - 0.1 || y >= n - 0.1) continue; // the outer boundary is half-open too
      const count = containing(singles, x, y);
      expect(count, `(${x}, ${y})`).toBe(1);
      expect(cells[all.locate(x, y)]).toBeDefined();
      checked++;
    }
    expect(checked).toBeGreaterThan(2500);
  });

  it('agrees with a winding-number brute force on 10,000 random points', () => {
    const random = mulberry32(2024);
    const geometries: (Polygon | MultiPolygon)[] = [];
    for (let g = 0; g < 50; g++) {
      const parts: Position[][][] = [];
      const partCount = g % 3 === 0 ? 3 : 1;
      for (let p = 0; p < partCount; p++) {
        const [cx, cy] = [-170 + 340 * random(), -70 + 140 * random()];
        const r = 2 + 20 * random();
        // Many vertices on some parts, so slabs are used; a hole in others.
        const vertices = random() < 0.4 ? 200 + Math.floor(800 * random()) : 5 + Math.floor(20 * random());
        const rings = [starRing(random, cx, cy, 0.5 * r, r, vertices)];
        if (random() < 0.5) rings.push(starRing(random, cx, cy, 0.1 * r, 0.45 * r, 3 + Math.floor(60 * random())));
        parts.push(rings);
      }
      geometries.push(partCount === 1 ? { type: 'Polygon', coordinates: parts[0] } : { type: 'MultiPolygon', coordinates: parts });
    }
    const inGeometry = (geometry: Polygon | MultiPolygon, x: number, y: number) =>
      (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).some(
        ([outer, ...holes]) => windingNumber(outer, x, y) !== 0 && holes.every((h) => windingNumber(h, x, y) === 0),
      );
    const index = new PolygonIndex(geometries);
    const coords = new Float64Array(20000);
    for (let i = 0; i < coords.length; i += 2) {
      coords[i] = -180 + 360 * random();
      coords[i + 1] = -90 + 180 * random();
    }
    const all = index.locateAll(coords);
    let hits = 0;
    for (let i = 0; i < 10000; i++) {
      const [x, y] = [coords[2 * i], coords[2 * i + 1]];
      const expected = geometries.findIndex((g) => inGeometry(g, x, y));
      expect(index.locate(x, y), `(${x}, ${y})`).toBe(expected);
      expect(all[i]).toBe(expected);
      if (expected >= 0) hits++;
    }
    expect(hits).toBeGreaterThan(1000);
  });

  it('finds a point at −179° in a polygon unwrapped to 182°', () => {
    const fiji = polygon(square(178, -18, 182, -16));
    const index = new PolygonIndex([polygon(square(0, 0, 1, 1)), fiji]);
    expect(index.locate(-179, -17)).toBe(1);
    expect(index.locate(181, -17)).toBe(1);
    expect(index.locate(179, -17)).toBe(1);
    expect(index.locate(-177, -17)).toBe(-1);
    expect(Array.from(index.locateAll(new Float64Array([-179, -17, 0.5, 0.5, 10, 10])))).toEqual([1, 0, -1]);
  });

  it('returns the lowest index where geometries overlap', () => {
    const index = new PolygonIndex([polygon(square(5, 5, 6, 6)), polygon(square(0, 0, 10, 10)), polygon(square(2, 2, 8, 8))]);
    expect(index.locate(5.5, 5.5)).toBe(0);
    expect(index.locate(3, 3)).toBe(1);
    expect(index.locate(1, 1)).toBe(1);
  });
});
