import type { LineString, MultiLineString, Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { bruteForceBorderDistanceKm } from '../../test/reference/border-distance';
import { BorderIndex, computeBorderlandShare } from './borderland';
import { KM_PER_DEGREE, polygonAreaKm2 } from './geodesy';
import { mulberry32 } from '../../test/helpers/seeded-random';

const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});
const line = (...coordinates: Position[]): LineString => ({ type: 'LineString', coordinates });

describe('BorderIndex', () => {
  it('measures the distance to a meridian border', () => {
    const borders = new BorderIndex([line([0, -1], [0, 1])]);
    expect(borders.segmentCount).toBe(1);
    expect(borders.distanceKm(0.5, 0, 100)).toBeCloseTo(0.5 * KM_PER_DEGREE, 6);
    expect(borders.distanceKm(0.5, 0, 50)).toBe(Infinity);
    expect(borders.distanceKm(0, 2, 1000)).toBeCloseTo(KM_PER_DEGREE, 6);
    expect(borders.isWithinKm(0.5, 0, 56)).toBe(true);
    expect(borders.isWithinKm(0.5, 0, 55)).toBe(false);
    expect(new BorderIndex([]).distanceKm(0, 0)).toBe(Infinity);
  });

  it('finds segments beyond the ends of a long arc at high latitude', () => {
    // The great circle from (−60°, 70°) to (60°, 70°) peaks at 79.7°N, far north of both
    // endpoints: a box from the endpoints alone (70° ± 1.8°) would miss this point.
    const borders = new BorderIndex([line([-60, 70], [60, 70])]);
    const d = borders.distanceKm(0, 81, 200);
    expect(d).toBeCloseTo(bruteForceBorderDistanceKm([line([-60, 70], [60, 70])], 0, 81), 9);
    expect(d).toBeGreaterThan(100);
    expect(d).toBeLessThan(200);
  });

  it('equals the brute-force distance on 2,000 random points, across the antimeridian and near the poles', () => {
    const random = mulberry32(99);
    const lines: (LineString | MultiLineString)[] = [];
    const walk = (lng: number, lat: number, steps: number, stepDeg: number): Position[] => {
      const coords: Position[] = [[lng, lat]];
      for (let k = 0; k < steps; k++) {
        lng += (random() - 0.3) * stepDeg;
        lat = Math.max(-89.5, Math.min(89.5, lat + (random() - 0.5) * stepDeg));
        // Store longitudes wrapped, as border files do.
        coords.push([((lng + 540) % 360) - 180, lat]);
      }
      return coords;
    };
    lines.push({ type: 'LineString', coordinates: walk(178, -17, 40, 0.3) }); // across 180
    lines.push({ type: 'LineString', coordinates: walk(-179.5, 65, 30, 1) }); // across 180 the other way
    lines.push({ type: 'MultiLineString', coordinates: [walk(10, 84, 20, 2), walk(-100, -86, 20, 3)] }); // polar
    for (let k = 0; k < 20; k++) lines.push({ type: 'LineString', coordinates: walk(-180 + 360 * random(), -60 + 120 * random(), 30, 0.8) });
    const borders = new BorderIndex(lines);
    let within = 0;
    for (let i = 0; i < 2000; i++) {
      // Half the points near a random vertex (so many fall within range), half anywhere.
      const source = lines[Math.floor(random() * lines.length)];
      const parts = source.type === 'LineString' ? [source.coordinates] : source.coordinates;
      const vertex = parts[0][Math.floor(random() * parts[0].length)];
      const [lng, lat] = i % 2 === 0
        ? [vertex[0] + (random() - 0.5) * 6, Math.max(-90, Math.min(90, vertex[1] + (random() - 0.5) * 4))]
        : [-180 + 360 * random(), -90 + 180 * random()];
      const maxKm = [10, 50, 150, 400][i % 4];
      const expected = bruteForceBorderDistanceKm(lines, lng, lat);
      const actual = borders.distanceKm(lng, lat, maxKm);
      if (expected <= maxKm) {
        within++;
        expect(Math.abs(actual - expected), `(${lng}, ${lat}) within ${maxKm}`).toBeLessThanOrEqual(1e-9 * expected);
        expect(borders.isWithinKm(lng, lat, maxKm)).toBe(true);
      } else {
        expect(actual, `(${lng}, ${lat}) within ${maxKm}`).toBe(Infinity);
        expect(borders.isWithinKm(lng, lat, maxKm)).toBe(false);
      }
      expect(borders.distanceKm(lng, lat)).toBeCloseTo(expected, 9);
    }
    expect(within).toBeGreaterThan(300);
  });

  it('gives around a focus exactly the distance of a full search, among a few segments', () => {
    const random = mulberry32(5);
    const coords: Position[] = [[0, 0]];
    for (let k = 0; k < 3000; k++) coords.push([coords[k][0] + (random() - 0.3) * 0.02, coords[k][1] + (random() - 0.5) * 0.02]);
    const borders = new BorderIndex([line(...coords), line([179.9, 10], [-179.9, 10.5])]);
    for (let i = 0; i < 500; i++) {
      const [cx, cy] = i % 5 === 0 ? [179.95 + random() * 0.1, 10.2] : coords[Math.floor(random() * coords.length)];
      const centre: [number, number] = [cx + (random() - 0.5) * 0.5, cy + (random() - 0.5) * 0.5];
      const reachKm = 1 + 10 * random();
      borders.focus(centre[0], centre[1], reachKm, 60);
      for (let j = 0; j < 5; j++) {
        // A point within the reach: up to reachKm / √2 along each axis.
        const dy = ((random() - 0.5) * 2 * reachKm) / Math.SQRT2 / KM_PER_DEGREE;
        const dx = ((random() - 0.5) * 2 * reachKm) / Math.SQRT2 / KM_PER_DEGREE / Math.cos((centre[1] * Math.PI) / 180);
        const [x, y] = [centre[0] + dx, centre[1] + dy];
        expect(borders.distanceNearKm(x, y, 60), `(${x}, ${y})`).toBe(borders.distanceKm(x, y, 60));
      }
    }
  });
});

describe('computeBorderlandShare', () => {
  const country = square(0, -1, 2, 1);
  const westBorder = new BorderIndex([line([0, -1], [0, 1])]);

  it('gives a quarter for a 2°×2° country within 0.5° of its west border', () => {
    const result = computeBorderlandShare(country, westBorder, 55.6);
    expect(Math.abs(result.share - 0.25)).toBeLessThan(0.0025);
    expect(result.samples).toBeGreaterThan(18000);
    expect(result.samples).toBeLessThan(22000);
    expect(result.areaKm2).toBeCloseTo(polygonAreaKm2(country), 9);
  });

  it('gives 1 inside the radius and 0 without borders', () => {
    expect(computeBorderlandShare(country, westBorder, 400).share).toBe(1);
    expect(computeBorderlandShare(country, new BorderIndex([]), 400).share).toBe(0);
    // Only samples lying on the border line itself are within 0 km.
    expect(computeBorderlandShare(country, westBorder, 0).share).toBeLessThan(1e-3);
  });

  it('grows monotonically with the radius', () => {
    const lines = [line([0, 2], [1.2, 0.4], [3, 0.8]), line([1, -3], [1.5, -0.5], [2.5, -1.5])];
    const borders = new BorderIndex(lines);
    const shares = [0, 10, 25, 50, 75, 100, 150, 200, 300].map((km) => computeBorderlandShare(country, borders, km, { targetSamples: 4000 }).share);
    for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeGreaterThanOrEqual(shares[i - 1]);
    expect(shares[0]).toBe(0);
    expect(shares[3]).toBeGreaterThan(0.3);
    expect(shares.at(-1)).toBe(1);
  });

  it('samples each part of a multipolygon once, across the antimeridian', () => {
    // Two halves of one island, one at 179…180 and one unwrapped to 180…181.
    const halves = { type: 'MultiPolygon' as const, coordinates: [square(179, -1, 180, 1).coordinates, square(180, -1, 181, 1).coordinates] };
    const whole = square(179, -1, 181, 1);
    const border = new BorderIndex([line([179, -1], [179, 1])]);
    const a = computeBorderlandShare(halves, border, 55.6);
    const b = computeBorderlandShare(whole, border, 55.6);
    expect(a.share).toBeCloseTo(b.share, 2);
    expect(Math.abs(a.share - 0.25)).toBeLessThan(0.0025);
    // A border stored with wrapped longitudes (−180…−179) still counts for the unwrapped half.
    const east = new BorderIndex([line([-179, -1], [-179, 1])]);
    expect(Math.abs(computeBorderlandShare(whole, east, 55.6).share - 0.25)).toBeLessThan(0.0025);
  });

  it('refines the grid for a sliver that the first grid misses', () => {
    // A diagonal strip 0.02° wide covers 0.2 % of its bounding box; 1,000 samples in the box would
    // put about 2 inside it. About 9 % of it lies within 100 km (0.9°) of the border at 0°E.
    const sliver: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [10, 10], [10, 10.02], [0, 0.02], [0, 0]]] };
    const result = computeBorderlandShare(sliver, new BorderIndex([line([0, -1], [0, 1])]), 100, { targetSamples: 1000 });
    expect(result.samples).toBeGreaterThan(50);
    expect(result.share).toBeGreaterThan(0.03);
    expect(result.share).toBeLessThan(0.2);
  });
});
