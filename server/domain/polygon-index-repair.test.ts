import type { Feature, Polygon } from 'geojson';
import { describe, it } from 'vitest';
import { expectFixture, geojsonFixtures } from '../../test/helpers/geojson-fixtures';
import { dropHolesOnShell } from './polygon-index-repair';

// Each polygon of a fixture as PolygonIndex keeps it (green), and the holes it drops (red).
describe('dropHolesOnShell on the fixtures', () => {
  for (const fixture of geojsonFixtures('polygon-index-repair')) {
    it(fixture.name, () => {
      const out = (fixture.input.features as Feature<Polygon, { name: string }>[]).flatMap((f): Feature[] => {
        const kept = dropHolesOnShell(f.geometry.coordinates);
        const dropped = f.geometry.coordinates.filter((ring) => !kept.includes(ring));
        return [
          { type: 'Feature', properties: { name: f.properties.name, holes: kept.length - 1, fill: '#009e73', 'fill-opacity': 0.4, stroke: '#009e73' }, geometry: { type: 'Polygon', coordinates: kept } },
          ...dropped.map((ring): Feature => ({
            type: 'Feature',
            properties: { name: f.properties.name, dropped: 'hole on the shell', stroke: '#d55e00', 'stroke-width': 3 },
            geometry: { type: 'LineString', coordinates: ring },
          })),
        ];
      });
      expectFixture(fixture, { type: 'FeatureCollection', features: out });
    });
  }
});
