import { readFileSync } from 'node:fs';
import { feature } from 'topojson-client';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import world from 'world-atlas/countries-50m.json';
import { unwrapGeometry } from './antimeridian';
import { PolygonIndex } from './polygon-index';
import { assignPoints, countAssigned, countPointsInPolygons } from './spatial-join';
import { mulberry32, starRing } from '../../test/helpers/seeded-random';
import { windingNumber } from '../../test/reference/winding-number';

type Geometry = Polygon | MultiPolygon;
const square = (x0: number, y0: number, x1: number, y1: number): Position[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const polygon = (...rings: Position[][]): Polygon => ({ type: 'Polygon', coordinates: rings });
const pairs = (...points: Position[]) => Float64Array.from(points.flat());

// Independent reference: winding numbers (non-zero = inside) for simple rings, holes subtracted,
// parts united; a point is counted in every geometry containing it. Bounding boxes only skip work.
function bruteForce(geometries: Geometry[], coords: Float64Array): { counts: Int32Array; lowest: Int32Array } {
  const counts = new Int32Array(geometries.length);
  const lowest = new Int32Array(coords.length >> 1).fill(-1);
  const boxes = geometries.map((g) => {
    const xs = JSON.stringify(g.coordinates).match(/-?[\d.e-]+/g)!.map(Number);
    const b = [Infinity, Infinity, -Infinity, -Infinity];
    for (let k = 0; k < xs.length; k += 2) [b[0], b[1], b[2], b[3]] = [Math.min(b[0], xs[k]), Math.min(b[1], xs[k + 1]), Math.max(b[2], xs[k]), Math.max(b[3], xs[k + 1])];
    return b;
  });
  for (let i = 0; i < coords.length >> 1; i++) {
    const [x, y] = [coords[2 * i], coords[2 * i + 1]];
    geometries.forEach((g, gi) => {
      const [x0, y0, x1, y1] = boxes[gi];
      if (x < x0 || x > x1 || y < y0 || y > y1) return;
      const parts = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      if (parts.some(([outer, ...holes]) => windingNumber(outer, x, y) !== 0 && holes.every((h) => windingNumber(h, x, y) === 0))) {
        counts[gi]++;
        if (lowest[i] < 0) lowest[i] = gi;
      }
    });
  }
  return { counts, lowest };
}

describe('countPointsInPolygons and assignPoints', () => {
  it('agree with a brute-force loop on seeded random polygons, overlapping ones counted in each', () => {
    const random = mulberry32(99);
    const geometries: Geometry[] = [];
    for (let g = 0; g < 60; g++) {
      // Kept inside ±180°, where the brute force (which knows nothing of wrapping) is right.
      const [cx, cy] = [-150 + 300 * random(), -80 + 160 * random()];
      const r = 1 + 25 * random();
      // With 8 or more vertices the outer ring keeps 0.4·r clear around the centre: holes stay inside.
      const outer = starRing(random, cx, cy, 0.5 * r, r, 8 + Math.floor(400 * random() ** 2));
      const rings = random() < 0.5 ? [outer, starRing(random, cx, cy, 0.1 * r, 0.35 * r, 3 + Math.floor(40 * random()))] : [outer];
      if (g % 5 === 0) {
        // A second, disjoint part far away.
        const [dx, dy] = [cx > 0 ? -60 : 60, 0];
        geometries.push({ type: 'MultiPolygon', coordinates: [rings, [starRing(random, cx + dx, cy + dy, 0.5, 3, 12)]] });
      } else {
        geometries.push(polygon(...rings));
      }
    }
    const coords = new Float64Array(2 * 20_000);
    for (let i = 0; i < coords.length; i += 2) {
      coords[i] = -180 + 360 * random();
      coords[i + 1] = -90 + 180 * random();
    }
    const index = new PolygonIndex(geometries);
    const expected = bruteForce(geometries, coords);
    const counts = countPointsInPolygons(index, coords);
    const assigned = assignPoints(index, coords);
    expect(Array.from(counts)).toEqual(Array.from(expected.counts));
    expect(Array.from(assigned)).toEqual(Array.from(expected.lowest));
    const total = counts.reduce((a, b) => a + b, 0);
    const assignedTotal = countAssigned(assigned, index.size).reduce((a, b) => a + b, 0);
    // The stars overlap: some points are in two or more of them.
    expect(total).toBeGreaterThan(assignedTotal);
    expect(assignedTotal).toBeGreaterThan(2000);
    // Counts can be accumulated over batches of points.
    const into = new Int32Array(index.size);
    countPointsInPolygons(index, coords.subarray(0, 20_000), into);
    countPointsInPolygons(index, coords.subarray(20_000), into);
    expect(Array.from(into)).toEqual(Array.from(counts));
  });

  it('counts a point on an edge or vertex shared by two areas in exactly one of them', () => {
    // Two triangles sharing a slanted edge from (0, 0) to (2, 1), and a square beside both.
    const a = polygon([[0, 0], [2, 0], [2, 1], [0, 0]]);
    const b = polygon([[0, 0], [2, 1], [0, 1], [0, 0]]);
    const c = polygon(square(2, 0, 3, 1));
    const index = new PolygonIndex([a, b, c]);
    // Points exactly on the shared edges (dyadic, so exactly representable), and shared vertices.
    const onEdges: Position[] = [];
    for (let k = 1; k < 16; k++) onEdges.push([(2 * k) / 16, k / 16], [2, k / 16]);
    onEdges.push([2, 1], [2, 0.5], [0, 0.5], [1, 0.5]);
    const counts = countPointsInPolygons(index, pairs(...onEdges.filter(([x, y]) => !(x === 2 && y === 1))));
    expect(counts.reduce((s, n) => s + n, 0)).toBe(onEdges.length - 1);
    for (const [x, y] of onEdges) {
      const per = countPointsInPolygons(index, pairs([x, y]));
      if (x === 2 && y === 1) expect(Array.from(per), 'the north-east corner of all three').toEqual([0, 0, 0]);
      else expect(per.reduce((s, n) => s + n, 0), `(${x}, ${y})`).toBe(1);
    }
  });

  it('counts a point on an outer boundary when the area lies east of it (north of it on a horizontal edge)', () => {
    const index = new PolygonIndex([polygon(square(0, 0, 1, 1))]);
    const inside = (x: number, y: number) => countPointsInPolygons(index, pairs([x, y]))[0] === 1;
    expect(inside(0, 0.5)).toBe(true); // west edge
    expect(inside(0.5, 0)).toBe(true); // south edge
    expect(inside(1, 0.5)).toBe(false); // east edge
    expect(inside(0.5, 1)).toBe(false); // north edge
    expect([inside(0, 0), inside(1, 0), inside(1, 1), inside(0, 1)]).toEqual([true, false, false, false]);
    // A diamond: its two western edges belong to it, its two eastern ones do not.
    const diamond = new PolygonIndex([polygon([[0, -1], [1, 0], [0, 1], [-1, 0], [0, -1]])]);
    const inDiamond = (x: number, y: number) => diamond.locate(x, y) === 0;
    expect([inDiamond(-0.5, 0.5), inDiamond(-0.5, -0.5), inDiamond(0.5, 0.5), inDiamond(0.5, -0.5)]).toEqual([true, true, false, false]);
    // Vertices: (x + δ, y + ε) with ε ≪ δ is inside only at the western one.
    expect([inDiamond(-1, 0), inDiamond(1, 0), inDiamond(0, -1), inDiamond(0, 1)]).toEqual([true, false, false, false]);
  });

  it('excludes holes and counts an island in a lake for the island only', () => {
    const land = polygon(square(0, 0, 10, 10), square(3, 3, 7, 7));
    const island = polygon(square(4, 4, 6, 6));
    const index = new PolygonIndex([land, island]);
    const counts = countPointsInPolygons(index, pairs([1, 1], [9, 5], [3.5, 5], [5, 5], [5.5, 4.5], [11, 5]));
    expect(Array.from(counts)).toEqual([2, 2]);
    expect(Array.from(assignPoints(index, pairs([1, 1], [3.5, 5], [5, 5], [11, 5])))).toEqual([0, -1, 1, -1]);
  });

  it('counts a point once in a geometry whose parts overlap, and in each of two overlapping geometries', () => {
    const both = { type: 'MultiPolygon', coordinates: [[square(0, 0, 2, 2)], [square(1, 1, 3, 3)]] } as MultiPolygon;
    const other = polygon(square(1.5, 1.5, 5, 5));
    const index = new PolygonIndex([both, other]);
    expect(Array.from(countPointsInPolygons(index, pairs([1.5, 1.5], [1.2, 1.2], [0.5, 0.5], [4, 4])))).toEqual([3, 2]);
    expect(Array.from(assignPoints(index, pairs([1.7, 1.7], [4, 4], [6, 6])))).toEqual([0, 1, -1]);
  });

  it('finds Fiji and Chukotka on both sides of the antimeridian', () => {
    const topology = world as unknown as Parameters<typeof feature>[0];
    const countries = (feature(topology, (world as any).objects.countries) as unknown as FeatureCollection<Geometry>).features.filter((f) => f.geometry);
    const names = countries.map((f) => String(f.properties?.name));
    const unwrapped = countries.map((f) => unwrapGeometry(f.geometry));
    const index = new PolygonIndex(unwrapped);
    const at = (x: number, y: number) => names[index.locate(x, y)];
    // Viti Levu, Vanua Levu west of 180°, and its end east of 180° (stored as −179.85).
    expect([at(178.4, -17.9), at(179.2, -16.5), at(179.9, -16.6), at(-179.85, -16.75)]).toEqual(['Fiji', 'Fiji', 'Fiji', 'Fiji']);
    expect([at(-175, 66), at(-179.5, 67), at(175, 66)]).toEqual(['Russia', 'Russia', 'Russia']); // Chukotka both sides
    expect(at(-150, 64)).toBe('United States of America');
    // Within 10° of the antimeridian, counts equal a winding-number brute force over the unwrapped
    // polygons with each point tried at lng and lng + 360.
    const random = mulberry32(17);
    const coords = new Float64Array(2 * 4000);
    for (let i = 0; i < coords.length; i += 2) {
      coords[i] = random() < 0.5 ? 170 + 10 * random() : -180 + 10 * random();
      coords[i + 1] = -60 + 140 * random();
    }
    const shifted = Float64Array.from(coords, (v, i) => (i % 2 === 0 ? v + 360 : v));
    const expected = bruteForce(unwrapped, coords).counts;
    const east = bruteForce(unwrapped, shifted).counts;
    for (let g = 0; g < expected.length; g++) expected[g] += east[g];
    const counts = countPointsInPolygons(index, coords);
    expect(Array.from(counts)).toEqual(Array.from(expected));
    expect(counts[names.indexOf('Fiji')]).toBeGreaterThan(0);
    expect(counts[names.indexOf('Russia')]).toBeGreaterThan(100);
  });

  it('treats invalid polygons by even-odd, drops a hole lying on its shell, and unites parts', () => {
    const fixtures = JSON.parse(readFileSync(new URL('../../test/fixtures/spatial/invalid-polygons.geojson', import.meta.url), 'utf8')) as FeatureCollection<Geometry>;
    const byName = new Map(fixtures.features.map((f: Feature<Geometry>) => [String(f.properties?.name), f.geometry]));
    const contains = (name: string, x: number, y: number) => new PolygonIndex([byName.get(name)!]).locate(x, y) === 0;
    // Agree with ST_MakeValid (linework), as the PostGIS differential test checks on a grid of points:
    expect([contains('bowtie', 0.5, 1), contains('bowtie', 1.5, 1), contains('bowtie', 1, 0.5)]).toEqual([true, true, false]);
    expect([contains('pentagram', 11, 2.2), contains('pentagram', 11, 1), contains('pentagram', 12.1, 1.4)]).toEqual([true, false, true]);
    expect([contains('hole-outside-shell', 53.5, 0.5), contains('hole-outside-shell', 51, 1)]).toEqual([true, true]);
    expect([contains('hole-crossing-shell', 42.5, 1.5), contains('hole-crossing-shell', 43.5, 1.5)]).toEqual([false, true]);
    expect([contains('hole-in-hole', 61.2, 2), contains('hole-in-hole', 62, 2)]).toEqual([false, true]);
    expect([contains('hole-touching-shell', 110.5, 1.5), contains('shell-as-hole', 91, 1)]).toEqual([true, true]);
    expect([contains('spike', 83, 1), contains('spike', 81, 1)]).toEqual([false, true]);
    // Differ from ST_MakeValid, by design (see polygon-index-repair.ts):
    expect(contains('overlapping-holes', 32, 1.5)).toBe(true); // ST_MakeValid: false
    expect(contains('overlapping-parts', 71.5, 1.5)).toBe(true); // ST_MakeValid: false
    expect(contains('wound-twice', 101, 1)).toBe(false); // ST_MakeValid: true
  });

  it('ignores points with a missing coordinate and says what it expected', () => {
    const index = new PolygonIndex([polygon(square(0, 0, 1, 1))]);
    expect(Array.from(countPointsInPolygons(index, pairs([Number.NaN, 0.5], [0.5, 0.5])))).toEqual([1]);
    expect(Array.from(assignPoints(index, pairs([0.5, Number.NaN])))).toEqual([-1]);
    expect(() => countPointsInPolygons(index, new Float64Array(3))).toThrow('Expected lng,lat pairs, got 3 numbers.');
    expect(() => countPointsInPolygons(index, new Float64Array(2), new Int32Array(2))).toThrow('Counts of length 2 given for 1 polygons.');
  });
});
