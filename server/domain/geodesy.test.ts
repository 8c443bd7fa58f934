import type { Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { EARTH_RADIUS_KM, destination, haversineKm, pointToSegmentKm, polygonAreaKm2, ringAreaKm2 } from './geodesy';
import { mulberry32 } from '../../test/helpers/seeded-random';
import type { LngLat } from './types';

const RAD = Math.PI / 180;

// Reference for pointToSegmentKm: the minimum haversine distance over points spaced evenly along
// the segment's great circle (spherical linear interpolation of the endpoint vectors).
function denseSegmentDistanceKm(p: LngLat, a: LngLat, b: LngLat, steps: number): number {
  const v = ([lng, lat]: LngLat) => [Math.cos(lat * RAD) * Math.cos(lng * RAD), Math.cos(lat * RAD) * Math.sin(lng * RAD), Math.sin(lat * RAD)];
  const va = v(a);
  const vb = v(b);
  const omega = Math.acos(Math.min(1, va[0] * vb[0] + va[1] * vb[1] + va[2] * vb[2]));
  let min = Infinity;
  for (let i = 0; i <= steps; i++) {
    const t = i / steps;
    const [wa, wb] = omega < 1e-12 ? [1 - t, t] : [Math.sin((1 - t) * omega) / Math.sin(omega), Math.sin(t * omega) / Math.sin(omega)];
    const q = [0, 1, 2].map((k) => wa * va[k] + wb * vb[k]);
    const lat = Math.atan2(q[2], Math.hypot(q[0], q[1])) / RAD;
    const lng = Math.atan2(q[1], q[0]) / RAD;
    min = Math.min(min, haversineKm(p, [lng, lat]));
  }
  return min;
}

describe('haversineKm', () => {
  it('measures London–Paris as 343.5 km', () => {
    expect(haversineKm([-0.1278, 51.5074], [2.3522, 48.8566])).toBeCloseTo(343.5, 0);
    expect(Math.abs(haversineKm([-0.1278, 51.5074], [2.3522, 48.8566]) - 343.5)).toBeLessThan(0.5);
  });

  it('measures a quarter meridian and half the equator', () => {
    expect(haversineKm([0, 0], [0, 90])).toBeCloseTo((Math.PI / 2) * EARTH_RADIUS_KM, 6);
    expect(haversineKm([-90, 0], [90, 0])).toBeCloseTo(Math.PI * EARTH_RADIUS_KM, 6);
    expect(haversineKm([179.5, 10], [-179.5, 10])).toBeCloseTo(haversineKm([0, 10], [1, 10]), 9);
  });
});

describe('ringAreaKm2 / polygonAreaKm2', () => {
  const cell = (x: number, y: number, w = 1, h = 1): Position[] => [[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]];

  it('gives 12,364 km² for a 1°×1° cell at the equator', () => {
    const area = ringAreaKm2(cell(0, 0));
    expect(Math.abs(area / 12364 - 1)).toBeLessThan(0.005);
    // Exact for a cell bounded by parallels and meridians: R² Δλ (sin φ₂ − sin φ₁).
    expect(area).toBeCloseTo(EARTH_RADIUS_KM ** 2 * RAD * Math.sin(RAD), 6);
  });

  it('ignores winding and a missing closing vertex', () => {
    const ring = cell(10, 40, 3, 2);
    expect(ringAreaKm2([...ring].reverse())).toBeCloseTo(ringAreaKm2(ring), 9);
    expect(ringAreaKm2(ring.slice(0, 4))).toBeCloseTo(ringAreaKm2(ring), 9);
    expect(ringAreaKm2(ring.slice(0, 2))).toBe(0);
  });

  it('subtracts holes and adds parts', () => {
    const holed = polygonAreaKm2({ type: 'Polygon', coordinates: [cell(0, 0, 2, 2), cell(0.5, 0.5)] });
    expect(holed).toBeCloseTo(ringAreaKm2(cell(0, 0, 2, 2)) - ringAreaKm2(cell(0.5, 0.5)), 6);
    const multi = polygonAreaKm2({ type: 'MultiPolygon', coordinates: [[cell(0, 0)], [cell(5, 0)]] });
    expect(multi).toBeCloseTo(2 * ringAreaKm2(cell(0, 0)), 6);
  });

  it('gives the same area to unwrapped longitudes beyond 180', () => {
    expect(ringAreaKm2(cell(178, -18, 4, 2))).toBeCloseTo(ringAreaKm2(cell(0, -18, 4, 2)), 6);
  });

  it('gives the polar cap area to a ring closed along the pole', () => {
    const ring: Position[] = [];
    for (let lng = -180; lng <= 180; lng += 10) ring.push([lng, -60]);
    ring.push([180, -90], [-180, -90], [-180, -60]);
    expect(ringAreaKm2(ring)).toBeCloseTo(2 * Math.PI * EARTH_RADIUS_KM ** 2 * (1 - Math.sin(60 * RAD)), 3);
  });
});

describe('pointToSegmentKm', () => {
  it('agrees with dense sampling of the segment on seeded random cases', () => {
    const random = mulberry32(7);
    const cases: [LngLat, LngLat, LngLat][] = [
      // Across the antimeridian: the 1° segment, not the 359° one.
      [[179.8, 0.3], [179.5, 0], [-179.5, 0]],
      [[-179.9, -0.2], [179.5, 0], [-179.5, 0]],
      [[178.9, 0.4], [179.5, 0], [-179.5, 0]],
      [[-179, 60.5], [179.5, 60], [-179.5, 60.2]],
    ];
    for (let i = 0; i < 200; i++) {
      const a: LngLat = [-180 + 360 * random(), -80 + 160 * random()];
      const b: LngLat = [a[0] + (random() - 0.5) * 6, Math.max(-89, Math.min(89, a[1] + (random() - 0.5) * 6))];
      const p: LngLat = [a[0] + (random() - 0.5) * 10, Math.max(-89, Math.min(89, a[1] + (random() - 0.5) * 10))];
      // Wrap b and p back into −180…180 half of the time, as raw data would have them.
      if (random() < 0.5) b[0] = ((b[0] + 540) % 360) - 180;
      cases.push([p, a, b]);
    }
    let crossTrack = 0;
    for (const [p, a, b] of cases) {
      const expected = denseSegmentDistanceKm(p, a, b, 20000);
      if (expected < 1) continue; // sampling is too coarse to judge distances under a kilometre
      const actual = pointToSegmentKm(p, a, b);
      expect(Math.abs(actual / expected - 1), JSON.stringify([p, a, b])).toBeLessThan(0.001);
      if (actual < Math.min(haversineKm(p, a), haversineKm(p, b)) - 1e-6) crossTrack++;
    }
    // Both branches (cross-track and endpoint) were exercised.
    expect(crossTrack).toBeGreaterThan(30);
    expect(crossTrack).toBeLessThan(cases.length - 30);
  });

  it('measures across the antimeridian the short way', () => {
    expect(pointToSegmentKm([180, 1], [179.5, 0], [-179.5, 0])).toBeCloseTo(haversineKm([0, 0], [0, 1]), 3);
    expect(pointToSegmentKm([180, 1], [179.5, 0], [180.5, 0])).toBeCloseTo(haversineKm([0, 0], [0, 1]), 3);
  });

  it('handles tiny and zero-length segments', () => {
    expect(pointToSegmentKm([0.001, 0.001], [0, 0], [0, 0])).toBeCloseTo(haversineKm([0.001, 0.001], [0, 0]), 9);
    // A 1 m segment and a point 1 m beside its middle.
    const m = 1 / (EARTH_RADIUS_KM * 1000 * RAD);
    expect(pointToSegmentKm([m / 2, m], [0, 0], [m, 0]) * 1000).toBeCloseTo(1, 6);
  });
});

describe('destination', () => {
  it('goes one degree east along the equator', () => {
    const [lng, lat] = destination([0, 0], 90, EARTH_RADIUS_KM * RAD);
    expect(lng).toBeCloseTo(1, 9);
    expect(lat).toBeCloseTo(0, 9);
  });

  it('lands at the requested distance, with a continuous longitude across 180', () => {
    const random = mulberry32(3);
    for (let i = 0; i < 100; i++) {
      const p: LngLat = [-180 + 360 * random(), -70 + 140 * random()];
      const km = 1 + 2000 * random();
      expect(haversineKm(p, destination(p, 360 * random(), km))).toBeCloseTo(km, 6);
    }
    expect(destination([179.9, 0], 90, 111.19508)[0]).toBeCloseTo(180.9, 4);
  });
});
