import { describe, expect, it } from 'vitest';
import { detectFormat } from './detect-format';
import { readTopojson } from './read-topojson';
import { caught } from '../../test/helpers/caught';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';

const topology = JSON.stringify({
  type: 'Topology',
  arcs: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
  objects: {
    regions: { type: 'GeometryCollection', geometries: [{ type: 'Polygon', arcs: [[0]], properties: { code: 'A' } }] },
    capital: { type: 'Point', coordinates: [0.5, 0.5], properties: { name: 'X' } },
  },
});

describe('readTopojson', () => {
  itWithSharedData('reads the 4,855 Natural Earth admin-1 units from the gzipped, quantized TopoJSON', ['boundaries/ne_10m_admin_1_states_provinces.ems.topo.json.gz'], () => {
    const { bytes } = detectFormat('ne.topo.json.gz', readSharedData('boundaries/ne_10m_admin_1_states_provinces.ems.topo.json.gz'));
    const { features } = readTopojson(bytes, { object: 'ne_10m_admin_1_states_provinces' });
    expect(features).toHaveLength(4855);
    const bagmati = features.find((f) => f.properties?.iso_3166_2 === 'NP-BA');
    expect(bagmati?.properties?.adm0_a3).toBe('NPL');
    // quantization undone: Bagmati zone lies around 85.3 E, 27.7 N
    const ring = bagmati?.geometry?.type === 'Polygon' ? bagmati.geometry.coordinates[0] : [];
    expect(ring.every(([x, y]) => x > 84 && x < 87 && y > 27 && y < 29)).toBe(true);
  });

  it('reads every object when none is named, and one when it is', () => {
    expect(readTopojson(topology).features.map((f) => f.geometry?.type)).toEqual(['Polygon', 'Point']);
    expect(readTopojson(topology, { object: 'capital' }).features.map((f) => f.properties)).toEqual([{ name: 'X' }]);
  });

  it('names the objects there are when the one asked for is missing', async () => {
    expect((await caught(() => readTopojson(topology, { object: 'districts', fileName: 'w.topojson' }))).message).toBe(
      "w.topojson has no object 'districts'; its objects are 'regions', 'capital'",
    );
  });
});
