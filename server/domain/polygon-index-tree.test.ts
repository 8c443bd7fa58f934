import type { MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { PolygonIndex } from './polygon-index';
import { CellTree, crossesRay, type CellTreeOptions } from './polygon-index-tree';
import { mulberry32, starRing } from '../../test/helpers/seeded-random';

type Geometry = Polygon | MultiPolygon;
const square = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const polygon = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });

// The rule the tree must reproduce bit for bit: the half-open crossing test over every ring of a
// part (even-odd), parts combined by union, lowest geometry first. Rings are closed here as the
// index closes them.
function wholePartReference(geometries: Geometry[]): (x: number, y: number) => number {
  const flat = geometries.map((geometry) =>
    (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).map((rings) =>
      rings.filter((ring) => ring.length >= 3).map((ring) => {
        const closed = ring[0][0] === ring[ring.length - 1][0] && ring[0][1] === ring[ring.length - 1][1] ? ring : [...ring, ring[0]];
        return Float64Array.from(closed.flat());
      }),
    ),
  );
  return (x, y) => {
    for (let g = 0; g < flat.length; g++) {
      for (const part of flat[g]) {
        let inside = false;
        for (const c of part) for (let k = 0; 2 * k + 3 < c.length; k++) if (crossesRay(c, k, x, y)) inside = !inside;
        if (inside) return g;
      }
    }
    return -1;
  };
}

// Random stars (some with holes, some multipolygons, some overlapping) in a small window, so that
// cells get cut deep and vertices fall on every kind of cell boundary.
function randomGeometries(seed: number, count: number, extent: number): Geometry[] {
  const random = mulberry32(seed);
  const out: Geometry[] = [];
  for (let g = 0; g < count; g++) {
    const parts: Position[][][] = [];
    for (let p = 0, n = g % 4 === 0 ? 2 : 1; p < n; p++) {
      const [cx, cy] = [extent * random(), extent * random()];
      const r = extent * (0.02 + 0.2 * random());
      const rings = [starRing(random, cx, cy, 0.4 * r, r, 4 + Math.floor(200 * random() ** 2))];
      if (random() < 0.4) rings.push(starRing(random, cx, cy, 0.05 * r, 0.35 * r, 3 + Math.floor(30 * random())));
      parts.push(rings);
    }
    out.push(parts.length === 1 ? polygon(...parts[0]) : { type: 'MultiPolygon', coordinates: parts });
  }
  return out;
}

// Probes that hit the tricky places: every vertex, every edge midpoint, points a hair off each,
// and random points.
function probes(geometries: Geometry[], seed: number, randomCount: number, extent: number): Position[] {
  const random = mulberry32(seed);
  const out: Position[] = [];
  for (const g of geometries) {
    for (const rings of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
      for (const ring of rings) {
        for (let k = 0; k + 1 < ring.length; k++) {
          const [x0, y0] = ring[k];
          const [x1, y1] = ring[k + 1];
          out.push([x0, y0], [(x0 + x1) / 2, (y0 + y1) / 2], [x0 + 1e-12, y0], [x0, y0 - 1e-12]);
        }
      }
    }
  }
  for (let i = 0; i < randomCount; i++) out.push([extent * (1.2 * random() - 0.1), extent * (1.2 * random() - 0.1)]);
  return out;
}

const treeShapes: CellTreeOptions[] = [
  { maxItems: 1, rootCellDegrees: 0.7 },
  { maxItems: 4, levels: 2 },
  { maxItems: 16, rootCellDegrees: 0.05 },
  { maxItems: 1e9 },
];

describe('the cell tree of PolygonIndex', () => {
  it('answers exactly as the half-open test over whole parts, on vertices, edges and between', () => {
    const geometries = randomGeometries(7, 40, 4);
    const points = probes(geometries, 8, 20_000, 4);
    const wholePartLowest = wholePartReference(geometries);
    const expected = points.map(([x, y]) => wholePartLowest(x, y));
    expect(expected.filter((g) => g >= 0).length).toBeGreaterThan(points.length / 4);
    for (const shape of treeShapes) {
      const index = new PolygonIndex(geometries, shape);
      points.forEach(([x, y], i) => {
        const got = index.locate(x, y);
        if (got !== expected[i]) expect(got, `(${x}, ${y}) with ${JSON.stringify(shape)}`).toBe(expected[i]);
      });
    }
  });

  it('stays exact when vertices and edges lie on the boundaries of cells', () => {
    // A frame fixes the tree's extent; then squares and diamonds are drawn with vertices exactly
    // on root and sub-cell boundaries (computed as the tree computes them).
    const frame = polygon(square(-8, -8, 8, 8), square(-7.5, -7.5, 7.5, 7.5));
    const probeIndex = new PolygonIndex([frame], { maxItems: 2, rootCellDegrees: 1 });
    const { x0, y0, sx, sy, rootBitsX, rootBitsY, levels } = probeIndex.data.tree;
    const xs = (i: number, bits: number) => x0 + (i * 2 ** (rootBitsX + 2 * levels - bits)) / sx;
    const ys = (j: number, bits: number) => y0 + (j * 2 ** (rootBitsY + 2 * levels - bits)) / sy;
    const geometries: Geometry[] = [frame];
    for (const bits of [rootBitsX, rootBitsX + 2, rootBitsX + 4]) {
      for (let i = 2; i + 3 < 2 ** bits - 2; i += 5) {
        const j = 2 + ((i * 3) % (2 ** bits - 6));
        const [a, b, c] = [xs(i, bits), xs(i + 1, bits), xs(i + 2, bits)];
        const [d, e, f] = [ys(j, bits), ys(j + 1, bits), ys(j + 2, bits)];
        geometries.push(polygon([[a, d], [c, d], [c, f], [a, f], [a, d]]));
        geometries.push(polygon([[b, d], [c, e], [b, f], [a, e], [b, d]]));
      }
    }
    const points = probes(geometries, 9, 5000, 16).map(([x, y]) => [x - 8, y - 8]);
    const wholePartLowest = wholePartReference(geometries);
    for (const shape of [{ maxItems: 2, rootCellDegrees: 1 }, { maxItems: 8, rootCellDegrees: 1 }]) {
      const index = new PolygonIndex(geometries, shape);
      expect(index.data.tree.x0).toBe(x0);
      for (const [x, y] of [...points, ...probes(geometries, 10, 0, 0)]) {
        const expected = wholePartLowest(x, y);
        const got = index.locate(x, y);
        if (got !== expected) expect(got, `(${x}, ${y})`).toBe(expected);
      }
    }
  });

  it('gives the same answers when rebuilt from its typed arrays (as a worker does)', () => {
    const geometries = randomGeometries(3, 20, 10);
    const index = new PolygonIndex(geometries);
    const copy = PolygonIndex.fromData(structuredClone(index.data));
    const coords = new Float64Array(probes(geometries, 4, 2000, 10).flat());
    expect(copy.size).toBe(index.size);
    expect(Array.from(copy.locateAll(coords))).toEqual(Array.from(index.locateAll(coords)));
  });

  it('cuts cells until each holds at most maxItems items, so most points need no edge test', () => {
    const random = mulberry32(5);
    const cells: Geometry[] = [];
    for (let i = 0; i < 20; i++) for (let j = 0; j < 10; j++) cells.push(polygon(starRing(random, i + 0.5, j + 0.5, 0.3, 0.5, 60)));
    const index = new PolygonIndex(cells, { maxItems: 2 });
    const { tree: data, coords } = index.data;
    const tree = new CellTree(data, coords, index.size);
    // Leaves 0 … size−1 are "covered by geometry g alone" and leaf `size` is "empty".
    let pure = 0;
    const n = 20_000;
    for (let i = 0; i < n; i++) {
      const leaf = tree.leafOf(20 * random(), 10 * random());
      if (leaf <= index.size) pure++;
      else expect(data.itemStart[data.entryStart[leaf + 1]] - data.itemStart[data.entryStart[leaf]]).toBeLessThanOrEqual(2);
    }
    expect(pure / n).toBeGreaterThan(0.6);
    expect(tree.leafOf(-1, 5)).toBe(-1);
    expect(data.items.length / (coords.length / 2)).toBeLessThan(6);
  });
});
