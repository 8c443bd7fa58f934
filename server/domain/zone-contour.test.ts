import type { Feature, LineString } from 'geojson';
import { describe, it } from 'vitest';
import { expectFixture, geojsonFixtures } from '../../test/helpers/geojson-fixtures';
import { bruteForceBorderDistanceKm } from '../../test/reference/border-distance';
import { BorderIndex } from './borderland';
import { ZoneTracer, zoneLattice } from './zone-contour';

// Each fixture: border lines and `radiusKm`, `cellKm` on the collection. The output: every segment
// the tracer finds over the whole lattice (the zone on its left), with how far its points are
// from the radius by a brute-force distance, over the lines in grey.
describe('ZoneTracer on the fixtures', () => {
  for (const fixture of geojsonFixtures('zone-contour')) {
    it(fixture.name, () => {
      const { radiusKm, cellKm } = fixture.input as unknown as { radiusKm: number; cellKm: number };
      const lines = (fixture.input.features as Feature<LineString>[]).map((f) => f.geometry);
      const lattice = zoneLattice(cellKm);
      const tracer = new ZoneTracer(new BorderIndex(lines), lattice, radiusKm);
      for (let t = 0; t < lattice.tileRows * lattice.tileCols; t++) tracer.traceTile(t);
      const { from, to, viaStart, viaCount, via, edge, lng, lat } = tracer.trace;
      const point = new Map(edge.map((id, k) => [id, [lng[k], lat[k]]]));
      const segments = from.map((id, s): Feature => {
        const vias = Array.from({ length: viaCount[s] }, (_, v) => [via[viaStart[s] + 2 * v], via[viaStart[s] + 2 * v + 1]]);
        const coordinates = [point.get(id)!, ...vias, point.get(to[s])!];
        const offKm = Math.max(...coordinates.map(([x, y]) => Math.abs(bruteForceBorderDistanceKm(lines, x, y) - radiusKm)));
        return { type: 'Feature', properties: { from: id, to: to[s], vertices: viaCount[s], offKm, stroke: '#d55e00', 'stroke-width': 2 }, geometry: { type: 'LineString', coordinates } };
      });
      const input = fixture.input.features.map((f) => ({ ...f, properties: { stroke: '#555555', 'stroke-width': 1 } }));
      expectFixture(fixture, { type: 'FeatureCollection', features: [...input, ...segments] });
    });
  }
});
