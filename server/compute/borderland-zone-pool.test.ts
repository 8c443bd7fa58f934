import { describe, expect, it } from 'vitest';
import type { MultiPolygon } from 'geojson';
import { buildWorld } from '../../data/world';
import { buildBorderlandZone } from '../domain/borderland-zone';
import { ringAreaKm2 } from '../domain/geodesy';
import { ZonePool, buildBorderlandZoneParallel } from './borderland-zone-pool';

// Rings by area and size: the threads link the same rings, from other starting vertices and in
// another order (so their areas may differ in the last bits of the sum).
const shape = (zone: MultiPolygon) =>
  zone.coordinates.flat().map((ring) => ({ area: ringAreaKm2(ring), vertices: ring.length })).sort((a, b) => a.area - b.area);

function expectSameShape(got: MultiPolygon, want: MultiPolygon, label: string) {
  const [a, b] = [shape(got), shape(want)];
  expect(a.map((r) => r.vertices), label).toEqual(b.map((r) => r.vertices));
  a.forEach((r, i) => expect(Math.abs(r.area - b[i].area), `${label}, ring ${i}`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(b[i].area))));
}

describe('ZonePool', () => {
  const borders = buildWorld('50m').borders.map((b) => b.geometry);

  it('traces on two threads the zone that one thread traces', async () => {
    const pool = await ZonePool.create(borders, { workers: 2 });
    try {
      for (const km of [30, 120]) {
        const zone = await pool.zone(km);
        expectSameShape(zone, buildBorderlandZone(borders, km), `${km} km`);
        expect(pool.lastBusyMs).toHaveLength(2);
      }
    } finally {
      await pool.close();
    }
  });

  it('says what went wrong', async () => {
    await expect(buildBorderlandZoneParallel(borders, -1, { workers: 1 })).rejects.toThrow('invalid radiusKm: -1 (expected a positive number of km)');
    await expect(ZonePool.create(borders, { workers: 0 })).rejects.toThrow('invalid workers: 0');
    const pool = await ZonePool.create(borders, { workers: 1 });
    await pool.close();
    await expect(pool.zone(50)).rejects.toThrow('ZonePool is closed.');
  });
});
