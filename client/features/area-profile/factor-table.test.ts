import { describe, expect, it } from 'vitest';
import { factorTable } from './factor-table';

describe('factorTable', () => {
  it('puts each category on one row, busiest first, with the area-wide figures apart', () => {
    const table = factorTable([
      { factor: 'area-km2', category: null, value: 147_000 },
      { factor: 'borderland-share', category: null, value: 0.61 },
      { factor: 'transit-catchment-share', category: null, value: 0.2 },
      { factor: 'sites-count', category: 'tourism.accommodation', value: 0 },
      { factor: 'sites-per-1000km2', category: 'tourism.accommodation', value: 0 },
      { factor: 'sites-count', category: 'transit.airport', value: 48 },
      { factor: 'sites-per-100k', category: 'transit.airport', value: 0.16 },
      { factor: 'sites-per-1000km2', category: 'transit.airport', value: 0.33 },
      { factor: 'nearest-km', category: 'transit.airport', value: 0 },
      { factor: 'sites-count', category: 'transit.harbour', value: 0 },
      { factor: 'nearest-km', category: 'transit.harbour', value: 412.5 },
    ]);
    expect(table).toMatchObject({ areaKm2: 147_000, population: undefined, borderlandShare: 0.61, transitCatchmentShare: 0.2 });
    expect(table.categories.map((c) => c.category)).toEqual(['transit.airport', 'tourism.accommodation', 'transit.harbour']);
    expect(table.categories[0]).toEqual({ category: 'transit.airport', count: 48, per100k: 0.16, per1000Km2: 0.33, nearestKm: 0 });
    expect(table.categories[1].nearestKm).toBeUndefined();
    expect(Number.isNaN(table.categories[2].per100k)).toBe(true);
    expect(table.categories[2].nearestKm).toBe(412.5);
  });
});
