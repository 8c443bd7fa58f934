import { describe, expect, it } from 'vitest';
import type { LineString, MultiPolygon } from 'geojson';
import { apiClient, authedFetch, serverUrl } from './client';
import { bruteForceBorderDistanceKm } from '../reference/border-distance';
import { polygonAreaKm2 } from '../../server/domain/geodesy';
import { PolygonIndex } from '../../server/domain/polygon-index';
import { zoneShares } from '../../server/domain/zone-shares';

const api = apiClient();

/** The point north of `start` at `km` from the nearest land border, by bisection on the brute-force distance. */
function northAtKm(lines: LineString[], start: [number, number], km: number): [number, number] {
  let lo = start[1];
  let hi = start[1] + 3;
  for (let i = 0; i < 50; i++) {
    const mid = (lo + hi) / 2;
    if (bruteForceBorderDistanceKm(lines, start[0], mid) < km) lo = mid;
    else hi = mid;
  }
  return [start[0], (lo + hi) / 2];
}

describe('layers.borderlandZone over HTTP', () => {
  it('contains a point 30 km from the France–Spain border and not one 70 km from it', async () => {
    const [zone, borders] = await Promise.all([api.layers.borderlandZone.query({ radiusKm: 50 }), api.layers.borders.query()]);
    expect(zone.radiusKm).toBe(50);
    expect(zone.geometry.type).toBe('MultiPolygon');
    const lines = borders.features.map((f) => f.geometry);
    // A point of the border in the western Pyrenees, then north into France.
    const pyrenees = borders.features.find((f) => f.properties.a === 'ESP' && f.properties.b === 'FRA')!.geometry.coordinates
      .reduce((best, p) => (Math.abs(p[0] + 1) < Math.abs(best[0] + 1) ? p : best));
    const near = northAtKm(lines, [pyrenees[0], pyrenees[1]], 30);
    const far = northAtKm(lines, [pyrenees[0], pyrenees[1]], 70);
    expect(bruteForceBorderDistanceKm(lines, ...near)).toBeCloseTo(30, 3);
    expect(bruteForceBorderDistanceKm(lines, ...far)).toBeCloseTo(70, 3);
    const index = new PolygonIndex([zone.geometry as MultiPolygon]);
    expect(index.locate(...near)).toBe(0);
    expect(index.locate(...far)).toBe(-1);
    // Measured on the 1:50m borders: 19.38 million km² within 50 km of a land border.
    expect(zone.areaKm2).toBeCloseTo(polygonAreaKm2(zone.geometry as MultiPolygon), -3);
    expect(zone.areaKm2 / 1e6).toBeCloseTo(19.38, 1);
  });

  it('widens with the radius', async () => {
    const [narrow, wide] = await Promise.all([
      api.layers.borderlandZone.query({ radiusKm: 25 }),
      api.layers.borderlandZone.query({ radiusKm: 100 }),
    ]);
    expect(wide.areaKm2).toBeGreaterThan(1.5 * narrow.areaKm2);
    const point: [number, number] = [2.5, 44];
    const ours = (z: typeof wide) => new PolygonIndex([z.geometry as MultiPolygon]).locate(...point);
    const d = bruteForceBorderDistanceKm((await api.layers.borders.query()).features.map((f) => f.geometry), ...point);
    // Central France, ≈ 160 km from Spain: in neither zone.
    expect(d).toBeGreaterThan(100);
    expect(ours(wide)).toBe(-1);
    expect(ours(narrow)).toBe(-1);
  });

  it('gives the country panel the shares of the zone the map draws: enclaves whole, Lesotho whole only at 80 km', async () => {
    const profile = (code: string, borderKm: number) => api.areas.profile.query({ code, borderKm });
    expect((await profile('VAT', 50)).borderland.share).toBe(1);
    expect((await profile('SMR', 50)).borderland.share).toBe(1);
    // Lesotho's farthest point is ≈ 77 km from its border: 84.7 % lies within 50 km.
    expect((await profile('LSO', 50)).borderland.share).toBeCloseTo(0.8466, 3);
    expect((await profile('LSO', 80)).borderland.share).toBe(1);
    expect((await profile('FJI', 50)).borderland.share).toBe(0);

    // The same figures from the zone as served (rounded to 1e-5°) and the countries as served.
    const [zone, countries] = await Promise.all([api.layers.borderlandZone.query({ radiusKm: 50 }), api.layers.countries.query()]);
    const codes = ['FRA', 'CHE', 'NPL', 'RUS', 'IND'];
    const features = codes.map((c) => countries.features.find((f) => f.properties.code === c)!);
    const local = zoneShares(features.map((f) => f.geometry), zone.geometry as MultiPolygon);
    for (const [i, c] of codes.entries()) {
      expect((await profile(c, 50)).borderland.share, c).toBeCloseTo(local[i].share, 4);
    }
  });

  it('rejects a width outside 5–200 km or not whole, naming the field', async () => {
    for (const radiusKm of [3, 250, 50.5]) {
      const input = encodeURIComponent(JSON.stringify({ radiusKm }));
      const res = await authedFetch(`${serverUrl()}/trpc/layers.borderlandZone?input=${input}`);
      expect(res.status, String(radiusKm)).toBe(400);
      const body = await res.json();
      expect(body.error.data.code).toBe('BAD_REQUEST');
      expect(body.error.data.zodError.fieldErrors.radiusKm[0]).toBe('expected a whole number of km from 5 to 200');
    }
    const res = await authedFetch(`${serverUrl()}/trpc/areas.profile?input=${encodeURIComponent(JSON.stringify({ code: 'FRA', borderKm: 500 }))}`);
    expect(res.status).toBe(400);
  });
});
