import type { Polygon, Position } from 'geojson';
import { describe, expect, it } from 'vitest';
import { readFeatures } from './read-features';
import { readGeojson, type ImportedFeature } from './read-geojson';
import { itWithSharedData, readSharedData } from '../../test/helpers/shared-data';
import { findSelfIntersection, validateFeatures } from './validate-geometry';

const polygon = (rings: Position[][], properties: Record<string, unknown> = {}, id?: string): ImportedFeature => ({
  type: 'Feature',
  ...(id ? { id } : {}),
  geometry: { type: 'Polygon', coordinates: rings },
  properties,
});
const square = (x: number, y: number, size = 1): Position[] => [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]];

// seeded generator (mulberry32) so the brute-force comparison is the same every run
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function bruteForceCrosses(ring: Position[]): boolean {
  const n = ring.length - 1;
  const orient = (a: Position, b: Position, c: Position) => Math.sign((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]));
  for (let i = 0; i < n; i++) {
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue;
      const [a, b, c, d] = [ring[i], ring[i + 1], ring[j], ring[j + 1]];
      if (orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0) return true;
    }
  }
  return false;
}

describe('validateFeatures', () => {
  it('closes an unclosed ring and says which feature it was', () => {
    const open = polygon([[[0, 0], [1, 0], [1, 1], [0, 1]]], { name: 'Araria' });
    const { features, issues } = validateFeatures([open], { fileName: 'd.geojson' });
    expect((features[0].geometry as Polygon).coordinates[0]).toEqual([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]);
    expect(issues).toEqual([{ severity: 'warning', code: 'ring-not-closed', feature: 0, message: 'd.geojson: feature 0 ("Araria") has a ring that does not end where it starts; closed it' }]);
  });

  it('rewinds a clockwise exterior and a counter-clockwise hole to RFC 7946, reported once', () => {
    const outer = [...square(0, 0, 10)].reverse();
    const hole = square(4, 4, 2);
    const { features, issues } = validateFeatures([polygon([outer, hole]), polygon([square(20, 0)])], { fileName: 'd.geojson' });
    const [exterior, interior] = (features[0].geometry as Polygon).coordinates;
    expect(exterior).toEqual(square(0, 0, 10));
    expect(interior).toEqual([...hole].reverse());
    expect(features[1]).toBe(features[1]); // untouched features are not copied
    expect(issues).toEqual([
      { severity: 'warning', code: 'winding-repaired', feature: 0, message: 'd.geojson: rewound the rings of 1 of 2 features to RFC 7946 order (exterior counter-clockwise): features 0' },
    ]);
  });

  it('finds a bow-tie and says roughly where it crosses', () => {
    const bowTie = polygon([[[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]], { name: 'Gaya' });
    const { issues } = validateFeatures([bowTie], { fileName: 'd.geojson' });
    expect(issues.find((i) => i.code === 'self-intersection')).toEqual({
      severity: 'warning',
      code: 'self-intersection',
      feature: 0,
      message: 'd.geojson: feature 0 ("Gaya") has a ring that crosses itself or another ring near 1.00000, 1.00000 (lng, lat)',
    });
  });

  it('finds a hole that crosses its exterior, but not rings touching at a vertex', () => {
    expect(findSelfIntersection([square(0, 0, 10), square(8, 4, 4)])).toEqual([10, 4]);
    expect(findSelfIntersection([square(0, 0, 10), [[0, 0], [2, 1], [1, 2], [0, 0]]])).toBeNull();
    expect(findSelfIntersection([square(0, 0, 10), square(2, 2, 2)])).toBeNull();
  });

  it('agrees with a brute-force search on 300 random rings', () => {
    const next = random(42);
    let crossing = 0;
    for (let k = 0; k < 300; k++) {
      const n = 4 + Math.floor(next() * 12);
      const ring: Position[] = Array.from({ length: n }, () => [Math.round(next() * 1000) / 10, Math.round(next() * 1000) / 10]);
      ring.push(ring[0]);
      const expected = bruteForceCrosses(ring);
      if (expected) crossing++;
      expect(findSelfIntersection([ring]) !== null, `ring ${k}: ${JSON.stringify(ring)}`).toBe(expected);
    }
    // both kinds were exercised
    expect(crossing).toBeGreaterThan(50);
    expect(crossing).toBeLessThan(300);
  });

  it('reports projected coordinates as an error naming the first feature', () => {
    const utm = polygon([[[712000, 3166000], [713000, 3166000], [713000, 3167000], [712000, 3167000], [712000, 3166000]]], { name: 'Ward 1' });
    const { issues } = validateFeatures([polygon([square(77, 28, 0.1)]), utm], { fileName: 'wards.geojson' });
    expect(issues.filter((i) => i.severity === 'error')).toEqual([
      {
        severity: 'error',
        code: 'projected-crs',
        feature: 1,
        message:
          'wards.geojson: coordinates reach (77, 28) to (713000, 3167000), outside longitude/latitude (first in feature 1 ("Ward 1")); the file is probably projected. Reproject it to WGS 84 (EPSG:4326) and import it again.',
      },
    ]);
  });

  it('reports empty geometries, non-numeric coordinates, short rings and duplicate ids with the feature', () => {
    const features: ImportedFeature[] = [
      { type: 'Feature', id: 'a', geometry: null, properties: {} },
      { type: 'Feature', id: 'a', geometry: { type: 'MultiPolygon', coordinates: [] }, properties: { name: 'Sidama' } },
      { type: 'Feature', geometry: { type: 'Point', coordinates: ['85.1', 25] as unknown as Position }, properties: {} },
      polygon([[[0, 0], [1, 1], [0, 0]]]),
    ];
    const messages = validateFeatures(features, { fileName: 'x.geojson' }).issues.map((i) => `${i.severity} ${i.code} ${i.feature}: ${i.message}`);
    expect(messages).toEqual([
      'warning empty-geometry 0: x.geojson: feature 0 has no geometry',
      'warning duplicate-id 1: x.geojson: feature 1 ("Sidama") has the id "a", already used by feature 0',
      'warning empty-geometry 1: x.geojson: feature 1 ("Sidama") has no geometry',
      'error non-numeric 2: x.geojson: feature 2 has a coordinate that is not a pair of numbers: ["85.1",25]',
      'error invalid-ring 3: x.geojson: feature 3 has a ring of 3 positions; a ring needs at least 4 (a triangle, closed)',
    ]);
  });

  itWithSharedData('finds the Bihar districts clean apart from their clockwise winding', ['boundaries/india-bihar-districts-2011.geojson'], () => {
    const { features } = readGeojson(readSharedData('boundaries/india-bihar-districts-2011.geojson'));
    const { issues } = validateFeatures(features, { fileName: 'bihar.geojson' });
    expect(issues.map((i) => i.code)).toEqual(['winding-repaired']);
    expect(issues[0].message).toContain('rewound the rings of 38 of 38 features');
  });

  // checked by an O(n²) search: the only crossing is between (92.57532, 21.73408)–(92.59289, 21.88699) and (92.59183, 21.87711)–(92.58065, 21.9005)
  itWithSharedData('finds the one self-intersection in the focus countries: Bandarban', ['boundaries/ne-admin1-focus-countries.geojson'], async () => {
    const { issues } = await readFeatures(readSharedData('boundaries/ne-admin1-focus-countries.geojson'), 'ne-admin1.geojson');
    expect(issues.map((i) => i.message)).toEqual([
      'ne-admin1.geojson: feature 41 ("Bandarban") has a ring that crosses itself or another ring near 92.59177, 21.87724 (lng, lat)',
    ]);
  });
});
