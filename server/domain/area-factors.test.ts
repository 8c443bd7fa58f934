import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { computeAreaFactors, type FactorSite } from './area-factors';
import { BorderIndex } from './borderland';
import { PointIndex } from './point-index';
import { haversineKm } from './geodesy';
import { mulberry32 } from '../../test/helpers/seeded-random';

const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});

describe('PointIndex', () => {
  it('finds the same nearest distance as a brute-force scan, across the antimeridian too', () => {
    const rand = mulberry32(7);
    const n = 500;
    const xy = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      xy[2 * i] = rand() * 360 - 180;
      xy[2 * i + 1] = rand() * 140 - 70;
    }
    const index = new PointIndex(xy);
    for (let q = 0; q < 300; q++) {
      const lng = q < 20 ? 179.9 - rand() * 0.2 : rand() * 360 - 180;
      const lat = rand() * 140 - 70;
      let brute = Infinity;
      for (let i = 0; i < n; i++) brute = Math.min(brute, haversineKm([lng, lat], [xy[2 * i], xy[2 * i + 1]]));
      const got = index.nearestKm(lng, lat, 2000);
      if (brute <= 2000) expect(got).toBeCloseTo(brute, 6);
      else expect(got).toBe(Infinity);
    }
  });
});

// Two 1°×1° areas at the equator side by side, a border along x = 1 between them.
const areas = [
  { code: 'A', geometry: square(0, 0, 1, 1), population: 200_000 },
  { code: 'B', geometry: square(1, 0, 2, 1), population: null },
];
const borders = new BorderIndex([{ type: 'LineString', coordinates: [[1, 0], [1, 1]] }]);

describe('computeAreaFactors', () => {
  const sites: FactorSite[] = [
    { category: 'transit.airport', lng: 0.5, lat: 0.5 },
    { category: 'tourism.accommodation', lng: 0.2, lat: 0.2 },
    { category: 'tourism.accommodation', lng: 0.8, lat: 0.3 },
    { category: 'tourism.accommodation', lng: 1.5, lat: 0.5 },
    // On the shared edge: counted once.
    { category: 'internet-cafe', lng: 1, lat: 0.5 },
  ];
  const [a, b] = computeAreaFactors(areas, sites, borders, { borderKm: 11.1195, catchmentKm: 10, targetSamples: 20000 });

  it('counts sites per category, per 100,000 people and per 1,000 km²', () => {
    expect(a.counts).toEqual({ 'internet-cafe': a.counts['internet-cafe'], 'tourism.accommodation': 2, 'transit.airport': 1 });
    expect(a.counts['internet-cafe'] + b.counts['internet-cafe']).toBe(1);
    expect(b.counts['tourism.accommodation']).toBe(1);
    expect(a.per100k['tourism.accommodation']).toBe(1);
    expect(Number.isNaN(b.per100k['tourism.accommodation'])).toBe(true);
    // A 1°×1° cell at the equator is about 12,364 km².
    expect(a.per1000Km2['tourism.accommodation']).toBeCloseTo((2 / a.areaKm2) * 1000, 12);
    expect(a.areaKm2).toBeGreaterThan(12_300);
    expect(a.areaKm2).toBeLessThan(12_400);
  });

  it('gives the borderland share of a strip 0.1° wide along the border', () => {
    // 11.1195 km is 0.1° on the sphere: a tenth of each area lies within it.
    expect(a.borderlandShare).toBeCloseTo(0.1, 2);
    expect(b.borderlandShare).toBeCloseTo(0.1, 2);
  });

  it('measures the distance to the nearest transit site and its catchment', () => {
    expect(a.nearestTransitKm['transit.airport']).toBe(0);
    // From B's west edge (x = 1) to the airport at (0.5, 0.5): 0.5° of longitude at the equator.
    expect(b.nearestTransitKm['transit.airport']).toBeCloseTo(haversineKm([1, 0.5], [0.5, 0.5]), 0);
    // A 10 km disc is π·10² ≈ 314 km² of A's 12,364 km².
    expect(a.transitCatchmentShare).toBeCloseTo(Math.PI * 100 / a.areaKm2, 2);
    expect(b.transitCatchmentShare).toBe(0);
  });
});

describe('computeAreaFactors with a scope', () => {
  const sites: FactorSite[] = [
    { category: 'transit.airport', lng: 0.5, lat: 0.5 },
    { category: 'transit.bus-station', lng: 1.5, lat: 0.5 },
    { category: 'tourism.accommodation', lng: 0.2, lat: 0.2 },
  ];
  const options = { borderKm: 11.1195, catchmentKm: 10, targetSamples: 20000 };
  const full = computeAreaFactors(areas, sites, borders, options);

  it('computes only the factors in scope, with the values a full computation gives', () => {
    const part = computeAreaFactors(areas, sites, borders, options, { categories: ['transit.bus-station'], borderland: false, catchment: true });
    expect(part.map((r) => r.counts)).toEqual([{ 'transit.bus-station': 0 }, { 'transit.bus-station': 1 }]);
    expect(part[0].nearestTransitKm).toEqual({ 'transit.bus-station': full[0].nearestTransitKm['transit.bus-station'] });
    expect(part[0].nearestTransitKm['transit.bus-station']).toBeCloseTo(haversineKm([1, 0.5], [1.5, 0.5]), 0);
    expect(part[0].borderlandShare).toBeUndefined();
    // The catchment takes every transit site, not only the categories in scope.
    expect(part.map((r) => r.transitCatchmentShare)).toEqual(full.map((r) => r.transitCatchmentShare));
    expect(part[0].transitCatchmentShare).toBeGreaterThan(0.02);
  });

  it('counts a category with no site as zero everywhere', () => {
    const part = computeAreaFactors(areas, sites, borders, options, { categories: ['internet-cafe'], borderland: true, catchment: false });
    expect(part.map((r) => r.counts)).toEqual([{ 'internet-cafe': 0 }, { 'internet-cafe': 0 }]);
    expect(part.map((r) => r.borderlandShare)).toEqual(full.map((r) => r.borderlandShare));
    expect(part[1].transitCatchmentShare).toBeUndefined();
  });
});
