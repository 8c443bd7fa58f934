import type { LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../data/world';
import { bruteForceBorderDistanceKm } from '../../test/reference/border-distance';
import { BorderIndex, computeBorderlandShare } from './borderland';
import { buildBorderlandZone } from './borderland-zone';
import { EARTH_RADIUS_KM, haversineKm, polygonAreaKm2 } from './geodesy';
import { mulberry32 } from '../../test/helpers/seeded-random';
import { windingNumber } from '../../test/reference/winding-number';
import { zoneShares } from './zone-shares';

const line = (...coordinates: Position[]): LineString => ({ type: 'LineString', coordinates });
const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});

// Area of the points within r of a great-circle arc of length L on the sphere: a band of
// 2R·sin(r/R)·L plus two half caps; ≈ 2rL + πr² at these sizes.
function capsuleKm2(lengthKm: number, radiusKm: number): number {
  const r = radiusKm / EARTH_RADIUS_KM;
  return 2 * Math.sin(r) * lengthKm * EARTH_RADIUS_KM + 2 * Math.PI * EARTH_RADIUS_KM ** 2 * (1 - Math.cos(r));
}

// Point in the zone by winding numbers (independent of the crossing-number code the app uses),
// the point also tried 360° east and west.
function inZone(zone: MultiPolygon, x: number, y: number): boolean {
  return zone.coordinates.some((rings) =>
    [-360, 0, 360].some((s) => inBox(rings[0], x + s, y) && windingNumber(rings[0], x + s, y) !== 0 && rings.slice(1).every((h) => windingNumber(h, x + s, y) === 0)),
  );
}

const boxes = new WeakMap<Position[], number[]>();
function inBox(ring: Position[], x: number, y: number): boolean {
  let box = boxes.get(ring);
  if (!box) {
    box = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [px, py] of ring) box = [Math.min(box[0], px), Math.min(box[1], py), Math.max(box[2], px), Math.max(box[3], py)];
    boxes.set(ring, box);
  }
  return x >= box[0] && x <= box[2] && y >= box[1] && y <= box[3];
}

// Twice the planar signed area: positive for a counter-clockwise ring.
const twiceArea = (ring: Position[]) => ring.reduce((s, p, i) => (i === 0 ? 0 : s + ring[i - 1][0] * p[1] - p[0] * ring[i - 1][1]), 0);

const percentile = (sorted: number[], p: number) => sorted[Math.floor(p * (sorted.length - 1))];

const world = buildWorld('50m');
const borders = world.borders.map((b) => b.geometry);
const borderIndex = new BorderIndex(borders);
const zone50 = buildBorderlandZone(borders, 50, { index: borderIndex });
const code = (c: string) => world.countries.findIndex((x) => x.code === c);

describe('buildBorderlandZone', () => {
  it('puts the edge of the 1:50m world zone at 50 km ± 1 % from the 1st to the 99th percentile, vertices and mid-points alike', () => {
    const vertices: number[] = [];
    const midpoints: number[] = [];
    for (const rings of zone50.coordinates) {
      for (const ring of rings) {
        for (let i = 0; i + 1 < ring.length; i++) {
          vertices.push(borderIndex.distanceKm(ring[i][0], ring[i][1], 100));
          midpoints.push(borderIndex.distanceKm((ring[i][0] + ring[i + 1][0]) / 2, (ring[i][1] + ring[i + 1][1]) / 2, 100));
        }
      }
    }
    expect(vertices.length).toBeGreaterThan(50_000);
    for (const sample of [vertices, midpoints]) {
      sample.sort((a, b) => a - b);
      expect(percentile(sample, 0.01)).toBeGreaterThan(49.5);
      expect(percentile(sample, 0.99)).toBeLessThan(50.5);
      expect(Math.abs(percentile(sample, 0.5) - 50)).toBeLessThan(0.05);
    }
    // Every vertex is placed on the radius, to the tolerance (0.25 %, 125 m); seen: 49.97–50.031.
    expect(vertices[0]).toBeGreaterThan(49.875);
    expect(vertices[vertices.length - 1]).toBeLessThan(50.125);
  });

  it('orients outer rings counter-clockwise and holes clockwise, each hole inside its outer ring', () => {
    // A closed loop of border, 6° across: a ring-shaped zone, its middle (> 300 km away) a hole.
    const loop = line([0, 0], [6, 0], [6, 6], [0, 6], [0, 0]);
    const zone = buildBorderlandZone([loop], 50);
    expect(zone.coordinates).toHaveLength(1);
    const [outer, hole, ...rest] = zone.coordinates[0];
    expect(rest).toHaveLength(0);
    expect(twiceArea(outer)).toBeGreaterThan(0);
    expect(twiceArea(hole)).toBeLessThan(0);
    expect(inZone(zone, 3, 3)).toBe(false);
    expect(inZone(zone, 3, 0.3)).toBe(true);
    expect(inZone(zone, 3, -0.5)).toBe(false);
    for (const ring of [outer, hole]) expect(ring[0]).toEqual(ring[ring.length - 1]);
  });

  it('gives a single segment the area of a geodesic capsule within 0.1 %', () => {
    for (const [a, b] of [[[10, 0], [20, 0]], [[10, 45], [14, 47]], [[-60, 62], [-50, 64]]] as [number, number][][]) {
      const zone = buildBorderlandZone([line(a, b)], 50);
      expect(zone.coordinates).toHaveLength(1);
      expect(zone.coordinates[0]).toHaveLength(1);
      // Measured: 0.9998, 0.9997 and 0.9999 of the capsule (edges fall short by the tolerance).
      expect(polygonAreaKm2(zone) / capsuleKm2(haversineKm(a, b), 50)).toBeCloseTo(1, 3);
    }
  });

  it('draws one continuous zone across the antimeridian', () => {
    const zone = buildBorderlandZone([line([179, 66], [-179, 67])], 50);
    expect(zone.coordinates).toHaveLength(1);
    const lngs = zone.coordinates[0][0].map((p) => p[0]);
    // No stripe round the globe: one piece from 177.9° to 182.15°, past 180 like the countries.
    expect(Math.min(...lngs)).toBeGreaterThan(177);
    expect(Math.max(...lngs)).toBeGreaterThan(181);
    expect(Math.max(...lngs) - Math.min(...lngs)).toBeLessThan(10);
    expect(polygonAreaKm2(zone) / capsuleKm2(haversineKm([179, 66], [-179, 67]), 50)).toBeCloseTo(1, 3);
    expect(inZone(zone, 180, 66.5)).toBe(true);
    expect(inZone(zone, -180, 66.5)).toBe(true);
    expect(inZone(zone, 180, 68)).toBe(false);
  });

  it('agrees with the brute-force distance on seeded random points, but for a band of ±1 % round the radius', () => {
    const random = mulberry32(2024);
    const walk = (lng: number, lat: number): Position[] => {
      const coords: Position[] = [[lng, lat]];
      for (let k = 0; k < 40; k++) {
        lng += (random() - 0.5) * 0.8;
        lat += (random() - 0.5) * 0.8;
        coords.push([((lng + 540) % 360) - 180, lat]);
      }
      return coords;
    };
    const lines: LineString[] = [];
    for (let i = 0; i < 12; i++) lines.push(line(...walk(-30 + 20 * random(), -20 + 40 * random())));
    // Lines that wander across ±180 (their longitudes wrapped, as a file would give them).
    for (let i = 0; i < 4; i++) lines.push(line(...walk(178 + 4 * random(), 50 + 10 * random())));
    for (const radiusKm of [20, 50, 120]) {
      const zone = buildBorderlandZone(lines, radiusKm);
      const sample = mulberry32(radiusKm);
      let disagreements = 0;
      let inBand = 0;
      for (let n = 0; n < 3000; n++) {
        const near = lines[Math.floor(sample() * lines.length)].coordinates;
        const p = near[Math.floor(sample() * near.length)];
        const x = p[0] + (sample() - 0.5) * 6;
        const y = p[1] + (sample() - 0.5) * 4;
        const d = bruteForceBorderDistanceKm(lines, x, y);
        if (inZone(zone, x, y) === d <= radiusKm) continue;
        if (Math.abs(d - radiusKm) <= 0.01 * radiusKm) inBand++;
        else disagreements++;
      }
      expect(disagreements, `${radiusKm} km`).toBe(0);
      // Seen: one point in the band at each radius.
      expect(inBand, `${radiusKm} km`).toBeLessThan(10);
    }
  });

  it('is empty without lines and says what is wrong with a bad radius', () => {
    expect(buildBorderlandZone([], 50)).toEqual({ type: 'MultiPolygon', coordinates: [] });
    expect(() => buildBorderlandZone(borders, 0)).toThrow('invalid radiusKm: 0 (expected a positive number of km)');
    expect(() => buildBorderlandZone(borders, NaN)).toThrow('invalid radiusKm: NaN');
  });
});

describe('zoneShares', () => {
  const shares50 = zoneShares(world.countries.map((c) => c.geometry), zone50);

  it('puts the enclaves Vatican and San Marino wholly in the 50 km zone, Lesotho only from 77 km', () => {
    expect(shares50[code('VAT')].share).toBe(1);
    expect(shares50[code('SMR')].share).toBe(1);
    // Lesotho's farthest point is ≈ 76.5 km from its border at 1:50m: 84.7 % of it lies within 50 km.
    expect(shares50[code('LSO')].share).toBeCloseTo(0.8466, 3);
    const zone80 = buildBorderlandZone(borders, 80, { index: borderIndex });
    const [lesotho] = zoneShares([world.countries[code('LSO')].geometry], zone80);
    expect(lesotho.share).toBe(1);
    expect(lesotho.insideKm2).toBe(lesotho.areaKm2);
  });

  it('gives Fiji (no land border) 0 and Russia (past 180°) the share that sampling gives', () => {
    expect(shares50[code('FJI')].share).toBe(0);
    const russia = world.countries[code('RUS')].geometry;
    expect(JSON.stringify(russia)).toMatch(/\[18\d\.\d+,/);
    const sampled = computeBorderlandShare(russia, borderIndex, 50, { targetSamples: 100_000 });
    // Measured: 4.572 % by overlay.
    expect(shares50[code('RUS')].share).toBeCloseTo(0.04572, 4);
    expect(Math.abs(shares50[code('RUS')].share - sampled.share)).toBeLessThan(0.002);
    expect(shares50[code('RUS')].areaKm2).toBeCloseTo(polygonAreaKm2(russia), 0);
  });

  it('cuts a country unwrapped past 180° by a zone given on the other side of it', () => {
    // A border along the antimeridian (written as −180) and a country from 178° to 182°: the
    // zone, 2 × 0.4497° wide, covers 0.2248 of it.
    const zone = buildBorderlandZone([line([-180, -3], [-180, 3])], 50);
    const [share] = zoneShares([square(178, -1, 182, 1)], zone);
    const halfWidthDeg = (50 / (EARTH_RADIUS_KM * Math.PI)) * 180;
    expect(share.share).toBeCloseTo((2 * halfWidthDeg) / 4, 4);
  });

  it('agrees with equal-area sampling within 0.5 percentage points for every 1:50m country', () => {
    let worst = 0;
    world.countries.forEach((country, i) => {
      if (!(shares50[i].areaKm2 > 0)) return;
      const sampled = computeBorderlandShare(country.geometry, borderIndex, 50).share;
      worst = Math.max(worst, Math.abs(sampled - shares50[i].share));
    });
    // Measured: 0.34 points at most (Cameroon), sampling's own noise at 20,000 samples.
    expect(worst).toBeLessThan(0.005);
  });

  it('gives NaN for an empty geometry and 0 where the zone is empty', () => {
    const empty: Polygon = { type: 'Polygon', coordinates: [] };
    const [none, some] = zoneShares([empty, square(0, 0, 1, 1)], { type: 'MultiPolygon', coordinates: [] });
    expect(none.share).toBeNaN();
    expect(some.share).toBe(0);
    expect(some.areaKm2).toBeCloseTo(polygonAreaKm2(square(0, 0, 1, 1)), 6);
  });
});
