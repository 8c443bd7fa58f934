import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { PolygonIndex } from '../domain/polygon-index';
import { assignPoints, countPointsInPolygons } from '../domain/spatial-join';
import { mulberry32, starRing } from '../../test/helpers/seeded-random';
import { countPointsInPolygonsParallel, JoinPool } from './parallel-join';

function fixture(seed: number) {
  const random = mulberry32(seed);
  const geometries: Polygon[] = [];
  for (let i = 0; i < 12; i++) for (let j = 0; j < 6; j++) geometries.push({ type: 'Polygon', coordinates: [starRing(random, 10 * i + 5, 10 * j + 5, 2, 6, 40)] });
  const coords = new Float64Array(2 * 50_000);
  for (let k = 0; k < coords.length; k += 2) {
    coords[k] = 125 * random() - 2;
    coords[k + 1] = 65 * random() - 2;
  }
  return { geometries, coords };
}

describe('JoinPool', () => {
  it('counts and assigns as the single-threaded join, whichever way the index reaches the workers', async () => {
    const { geometries, coords } = fixture(1);
    const index = new PolygonIndex(geometries);
    const counts = countPointsInPolygons(index, coords);
    const assigned = assignPoints(index, coords);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(10_000);
    for (const transfer of ['shared', 'copy', 'rebuild'] as const) {
      const pool = await JoinPool.create(index, { workers: 2, transfer, geometries, chunk: 7_001 });
      try {
        expect(Array.from(await pool.count(coords)), transfer).toEqual(Array.from(counts));
        expect(Array.from(await pool.assign(coords)), transfer).toEqual(Array.from(assigned));
        // A second batch on the same pool: counts are not carried over.
        expect(Array.from(await pool.count(coords.subarray(0, 2000)))).toEqual(Array.from(countPointsInPolygons(index, coords.subarray(0, 2000))));
      } finally {
        await pool.close();
      }
    }
    expect(Array.from(await countPointsInPolygonsParallel(index, coords, { workers: 3 }))).toEqual(Array.from(counts));
  }, 60_000);

  it('says what went wrong', async () => {
    const { geometries, coords } = fixture(2);
    const index = new PolygonIndex(geometries);
    await expect(JoinPool.create(index, { transfer: 'rebuild' })).rejects.toThrow("transfer 'rebuild' needs the geometries");
    const pool = await JoinPool.create(index, { workers: 1 });
    await expect(pool.count(coords.subarray(0, 3))).rejects.toThrow('Expected lng,lat pairs, got 3 numbers.');
    await pool.close();
    await expect(pool.count(coords)).rejects.toThrow('JoinPool is closed.');
  }, 60_000);
});
