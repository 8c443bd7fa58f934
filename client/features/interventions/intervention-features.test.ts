import { describe, expect, it } from 'vitest';
import type { Polygon } from 'geojson';
import { buildInterventionFeatures, needsGeometry, type InterventionLike } from './intervention-features';
import { interventionColour, legendEntries, STRATEGY_COLOURS } from './intervention-colours';
import { circleFromRing } from './circle-from-ring';
import { circlePolygon } from '../../../server/domain/interventions';

const square: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] };
const item = (targets: InterventionLike['targets']): InterventionLike => ({ id: 'a', title: 'T', strategy: '2', actionArea: '2.1', status: 'ongoing', targets });

describe('the interventions layer', () => {
  it('draws areas from their boundary, circles as polygons, sites where they may be shown', () => {
    const fc = buildInterventionFeatures(
      [item([{ kind: 'area', boundarySetId: 's', code: 'A' }, { kind: 'area', boundarySetId: 's', code: 'missing' }, { kind: 'circle', center: [10, 20], radiusM: 5000 }, { kind: 'site' }, { kind: 'site', lng: 3, lat: 4 }])],
      { areaGeometry: (set, code) => (set === 's' && code === 'A' ? square : undefined) },
    );
    expect(fc.features.map((f) => [f.properties.kind, f.geometry.type])).toEqual([['area', 'Polygon'], ['circle', 'Polygon'], ['site', 'Point']]);
    expect(fc.features[0].geometry).toBe(square);
    expect(fc.features[1].properties).toEqual({ id: 'a', title: 'T', strategy: '2', actionArea: '2.1', status: 'ongoing', kind: 'circle' });
  });

  it("takes drawn polygons from `get` when `list` left them out", () => {
    const listed = item([{ kind: 'polygon' }]);
    expect(needsGeometry(listed)).toBe(true);
    const fc = buildInterventionFeatures([listed], { areaGeometry: () => undefined, polygons: new Map([['a', [square]]]) });
    expect(fc.features.map((f) => f.geometry)).toEqual([square]);
  });

  it('colours by strategy or by status, with a legend entry for each', () => {
    expect(interventionColour({ strategy: '5', status: 'planned' }, 'strategy')).toBe(STRATEGY_COLOURS['5']);
    expect(interventionColour({ strategy: '5', status: 'cancelled' }, 'status')).toEqual([150, 150, 150]);
    expect(legendEntries('strategy')).toHaveLength(8);
    expect(legendEntries('status').map((e) => e.key)).toEqual(['planned', 'ongoing', 'completed', 'cancelled']);
    // eight distinct colours
    expect(new Set(legendEntries('strategy').map((e) => e.colour.join(','))).size).toBe(8);
  });
});

describe('a drawn circle', () => {
  it('gives back the centre and radius of a geodesic circle', () => {
    const ring = circlePolygon([85.3, 27.7], 12_000).coordinates[0];
    const c = circleFromRing(ring);
    expect(c.center[0]).toBeCloseTo(85.3, 4);
    expect(c.center[1]).toBeCloseTo(27.7, 4);
    expect(Math.abs(c.radiusM - 12_000)).toBeLessThan(15);
    expect(circleFromRing(ring, 12.5).radiusM).toBe(12_500);
  });
});
