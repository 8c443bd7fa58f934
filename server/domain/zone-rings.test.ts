import type { Feature, FeatureCollection, LineString } from 'geojson';
import { describe, expect, it } from 'vitest';
import { expectFixture, geojsonFixtures } from '../../test/helpers/geojson-fixtures';
import type { ZoneTrace } from './zone-contour';
import { linkZoneRings } from './zone-rings';

// A fixture's segments (LineStrings from their start crossing, through their vertices, to their
// end crossing, with `trace`, `from` and `to` edge ids) as the traces the tracer would give.
function tracesOf(input: FeatureCollection): ZoneTrace[] {
  const traces: ZoneTrace[] = [];
  const known: Set<number>[] = [];
  for (const f of input.features as Feature<LineString, { trace: number; from: number; to: number }>[]) {
    const { trace: t, from, to } = f.properties;
    traces[t] ??= { from: [], to: [], viaStart: [], viaCount: [], via: [], edge: [], lng: [], lat: [], evaluations: 0 };
    known[t] ??= new Set();
    const trace = traces[t];
    const coords = f.geometry.coordinates;
    for (const [edge, [lng, lat]] of [[from, coords[0]], [to, coords[coords.length - 1]]] as const) {
      if (known[t].has(edge)) continue;
      known[t].add(edge);
      trace.edge.push(edge);
      trace.lng.push(lng);
      trace.lat.push(lat);
    }
    const via = coords.slice(1, -1);
    trace.from.push(from);
    trace.to.push(to);
    trace.viaStart.push(via.length > 0 ? trace.via.length : -1);
    trace.viaCount.push(via.length);
    for (const [lng, lat] of via) trace.via.push(lng, lat);
  }
  return traces;
}

describe('linkZoneRings on the fixtures', () => {
  for (const fixture of geojsonFixtures('zone-rings')) {
    it(fixture.name, () => {
      const zone = linkZoneRings(tracesOf(fixture.input));
      const segments = fixture.input.features.map((f) => ({ ...f, properties: { ...f.properties, stroke: '#555555', 'stroke-width': 1 } }));
      const polygons = zone.coordinates.map((coordinates, polygon): Feature => ({
        type: 'Feature',
        properties: { polygon, holes: coordinates.length - 1, fill: '#d55e00', 'fill-opacity': 0.35, stroke: '#d55e00', 'stroke-width': 2 },
        geometry: { type: 'Polygon', coordinates },
      }));
      expectFixture(fixture, { type: 'FeatureCollection', features: [...polygons, ...segments] });
    });
  }
});

describe('linkZoneRings round a pole', () => {
  it('closes the polar cap over all 360° of longitude, the sliver before the first crossing included', () => {
    const polar = geojsonFixtures('zone-rings').find((f) => f.name === 'polar')!;
    const [[ring]] = linkZoneRings(tracesOf(polar.input)).coordinates;
    const lngs = ring.map(([lng]) => lng);
    expect(Math.max(...lngs) - Math.min(...lngs)).toBe(360);
    // the planar area of the cap from 80°N to the pole: 360° × 10°
    let twiceArea = 0;
    for (let i = 0; i + 1 < ring.length; i++) twiceArea += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    expect(twiceArea / 2).toBeCloseTo(3600, 9);
  });
});
