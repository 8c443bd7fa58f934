import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { computeCoverage, prepareCoverageAreas, DEFAULT_STATUS_WEIGHTS } from './intervention-coverage';
import { circlePolygon, interventionInputSchema } from './interventions';
import { polygonAreaKm2, EARTH_RADIUS_KM } from './geodesy';

const box = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });

// Two sample areas side by side: A = 0–2°E, B = 2–4°E, both 0–2°N.
const areas = prepareCoverageAreas([
  { code: 'A', geometry: box(0, 0, 2, 2) },
  { code: 'B', geometry: box(2, 0, 4, 2) },
]);

describe('computeCoverage', () => {
  it('covers an area it targets fully when ongoing, and by its status weight otherwise', () => {
    for (const status of ['ongoing', 'planned', 'completed', 'cancelled'] as const) {
      const [a, b] = computeCoverage(areas, [{ id: 'x', status, targets: [{ kind: 'code', code: 'A' }] }]);
      expect(a.coverage).toBe(DEFAULT_STATUS_WEIGHTS[status]);
      expect(b.coverage).toBe(0);
      expect(b.interventions).toEqual([]);
    }
    expect(DEFAULT_STATUS_WEIGHTS).toEqual({ ongoing: 1, planned: 0.5, completed: 0.5, cancelled: 0 });
  });

  it('weights a drawn zone by the share of the area it covers: a zone over half of A gives 0.5', () => {
    // 0–1°E of 0–2°E at the same latitudes: exactly half of A's area (areas scale with Δlongitude)
    const [a, b] = computeCoverage(areas, [{ id: 'zone', status: 'ongoing', targets: [{ kind: 'geometry', geometry: box(0, 0, 1, 2) }] }]);
    expect(a.coverage).toBeCloseTo(0.5, 7);
    expect(a.interventions).toEqual([{ id: 'zone', share: a.coverage, weight: 1 }]);
    expect(b.coverage).toBe(0);
  });

  it('splits a zone across the areas it straddles', () => {
    // 1.5–2.5°E: a quarter of A and a quarter of B; planned, so each gets 0.5 × 0.25
    const [a, b] = computeCoverage(areas, [{ id: 'z', status: 'planned', targets: [{ kind: 'geometry', geometry: box(1.5, 0, 2.5, 2) }] }]);
    expect(a.coverage).toBeCloseTo(0.125, 7);
    expect(b.coverage).toBeCloseTo(0.125, 7);
  });

  it('combines interventions as 1 − Π(1 − w·s) and adds one intervention’s own targets up to 1', () => {
    const half = { kind: 'geometry' as const, geometry: box(0, 0, 1, 2) };
    const otherHalf = { kind: 'geometry' as const, geometry: box(1, 0, 2, 2) };
    const [two] = computeCoverage(areas, [
      { id: 'p', status: 'ongoing', targets: [half] },
      { id: 'q', status: 'ongoing', targets: [half] },
    ]);
    expect(two.coverage).toBeCloseTo(0.75, 7);
    const [own] = computeCoverage(areas, [{ id: 'r', status: 'ongoing', targets: [half, otherHalf, { kind: 'code', code: 'A' }] }]);
    expect(own.coverage).toBeCloseTo(1, 12);
    expect(own.interventions[0].share).toBe(1);
  });

  it('counts a site target for the area that contains it', () => {
    const [a, b] = computeCoverage(areas, [{ id: 's', status: 'completed', targets: [{ kind: 'point', lng: 3, lat: 1 }] }]);
    expect([a.coverage, b.coverage]).toEqual([0, 0.5]);
  });

  it('takes other status weights', () => {
    const [a] = computeCoverage(areas, [{ id: 'x', status: 'planned', targets: [{ kind: 'code', code: 'A' }] }], { statusWeights: { planned: 0.2 } });
    expect(a.coverage).toBeCloseTo(0.2, 12);
  });

  it('gives a geodesic circle inside an area its share: π r² over the area', () => {
    const circle = circlePolygon([1, 1], 50_000);
    const [a] = computeCoverage(areas, [{ id: 'c', status: 'ongoing', targets: [{ kind: 'geometry', geometry: circle }] }]);
    // a spherical cap of radius 50 km: 2πR²(1 − cos(r/R)) ≈ 7,853 km²
    const capKm2 = 2 * Math.PI * EARTH_RADIUS_KM ** 2 * (1 - Math.cos(50 / EARTH_RADIUS_KM));
    expect(polygonAreaKm2(circle) / capKm2).toBeCloseTo(1, 2);
    expect(a.coverage).toBeCloseTo(polygonAreaKm2(circle) / polygonAreaKm2(box(0, 0, 2, 2)), 7);
  });
});

describe('interventionInputSchema', () => {
  const errors = (input: unknown) => {
    const r = interventionInputSchema.safeParse(input);
    return r.success ? {} : Object.fromEntries(r.error.issues.map((i) => [i.path.join('.'), i.message]));
  };

  it('names the field of each mistake', () => {
    expect(errors({ title: 'Sample', actionArea: '9.9' })).toEqual({ actionArea: expect.stringMatching(/^unknown action-area code '9.9'/) });
    expect(errors({ title: 'Sample', actionArea: '2.2', startDate: '2026-05-01', endDate: '2026-04-30' })).toEqual({ endDate: 'the end (2026-04-30) is before the start (2026-05-01)' });
    expect(errors({ title: 'Sample', actionArea: '2.2', budget: -5, currency: 'USD' })).toEqual({ budget: 'a budget cannot be negative' });
    expect(errors({ title: 'Sample', actionArea: '2.2', budget: 5 })).toEqual({ currency: 'a budget needs its currency (e.g. USD)' });
    expect(errors({ title: 'Sample', actionArea: '2.2', startDate: '2026-02-30' })).toEqual({ startDate: 'not a calendar date' });
    expect(errors({ title: 'Sample', actionArea: '2.2', audiences: ['pilots'] })).toEqual({ 'audiences.0': "unknown audience 'pilots'" });
  });

  it('fills the defaults of a new intervention', () => {
    expect(interventionInputSchema.parse({ title: 'Sample', actionArea: '6B.1' })).toEqual({
      title: 'Sample', actionArea: '6B.1', audiences: [], targets: [], partner: null, status: 'planned', startDate: null, endDate: null,
      budget: null, currency: null, reachTarget: null, notes: '', sensitivity: 'internal',
    });
  });
});

describe('targetShares', () => {
  it('gives an area of another boundary set that shares its edges the exact share: itself 1, a half 0.5, a neighbour 0', async () => {
    const { targetShares } = await import('./intervention-coverage');
    expect([...targetShares(areas, box(0, 0, 2, 2))]).toEqual([1, 0]);
    const half = targetShares(areas, box(0, 0, 1, 2));
    expect(half[0]).toBeCloseTo(0.5, 7);
    expect(half[1]).toBe(0);
    expect([...targetShares(areas, box(0, 0, 4, 2))]).toEqual([1, 1]);
  });
});
