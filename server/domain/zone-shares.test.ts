import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { expectFixture, geojsonFixtures } from '../../test/helpers/geojson-fixtures';
import { zoneShares } from './zone-shares';

type Role = { role: 'zone' | 'area'; name?: string };

// Each fixture has one feature with role 'zone' and areas with role 'area'; the output gives each
// area its share, shaded by it, over the zone's outline.
describe('zoneShares on the fixtures', () => {
  for (const fixture of geojsonFixtures('zone-shares')) {
    it(fixture.name, () => {
      const features = fixture.input.features as Feature<Polygon | MultiPolygon, Role>[];
      const zone = features.find((f) => f.properties.role === 'zone')!;
      const areas = features.filter((f) => f.properties.role === 'area');
      const shares = zoneShares(areas.map((a) => a.geometry), zone.geometry);
      const out = areas.map((a, i): Feature => ({
        ...a,
        properties: { ...a.properties, ...shares[i], fill: '#0072b2', 'fill-opacity': 0.1 + 0.8 * shares[i].share, stroke: '#0072b2', 'stroke-width': 1 },
      }));
      const outline: Feature = { ...zone, properties: { role: 'zone', fill: '#d55e00', 'fill-opacity': 0, stroke: '#d55e00', 'stroke-width': 3 } };
      expectFixture(fixture, { type: 'FeatureCollection', features: [outline, ...out] });
    });
  }
});

describe('zoneShares where edges coincide', () => {
  const square = (x0: number, y0: number, x1: number, y1: number): Polygon => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
  // The stretch an area's edge shares with the zone's counts once when their insides lie on one
  // side, not at all when they face away (the fixture 'shared-edges' draws these cases).
  it('gives half a square that shares two edges with the zone a share of 0.5', () => {
    const [share] = zoneShares([square(0.5, 0, 1.5, 1)], square(0, 0, 1, 1));
    // exact: the half is the zone's east half of the same square, between the same parallels
    const [half] = zoneShares([square(0.5, 0, 1, 1)], square(-5, -5, 5, 5));
    expect(share.insideKm2).toBeCloseTo(half.areaKm2, 6);
    expect(share.share).toBeCloseTo(0.5, 3);
  });

  it('gives an area equal to the zone a share of 1 and its neighbour across a shared edge 0', () => {
    const shares = zoneShares([square(0, 0, 1, 1), square(1, 0, 2, 1), square(0, 1, 1, 2)], square(0, 0, 1, 1));
    expect(shares.map((s) => s.share)).toEqual([1, 0, 0]);
  });

  it('counts a stretch of zone edge between two areas in the area on its inside only', () => {
    // the zone's east edge x = 1 runs along the edge the two areas share
    const shares = zoneShares([square(0.5, 0.25, 1, 0.75), square(1, 0.25, 1.5, 0.75)], square(0, 0, 1, 1));
    expect(shares[0].share).toBe(1);
    expect(shares[1].share).toBe(0);
  });
});
