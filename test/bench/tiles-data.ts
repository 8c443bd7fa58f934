/**
 * Seeded data for the vector-tile benchmark: 1,000,000 named points (half clustered around real
 * places, half uniform: the spatial-join generator) and ~50,000 areas — the Natural Earth admin-1
 * polygons (read in place from the shared corpus) cut on a grid of whole degrees.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'fflate';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import { feature } from 'topojson-client';
import { sharedDataPath } from '../helpers/shared-data';
import { ADMIN1_FILE, randomPoints } from './spatial-join-data';

/** Web mercator's latitude limit: the grid stops there, so both tilers get the same areas. */
const MAX_LAT = 85.0511;

export interface BenchPoints {
  coordinates: Float64Array;
  names: string[];
}

/** `count` seeded points named `Site {i}`. */
export function benchPoints(count = 1_000_000, seed = 1): BenchPoints {
  return { coordinates: randomPoints({ count, seed }), names: Array.from({ length: count }, (_, i) => `Site ${i}`) };
}

// Sutherland–Hodgman against one side of a rectangle: keeps the part of the ring where
// sign · (p[axis] − edge) ≥ 0.
function clipRing(ring: Position[], axis: 0 | 1, edge: number, sign: 1 | -1): Position[] {
  const out: Position[] = [];
  for (let i = 0; i < ring.length; i++) {
    const a = ring[i];
    const b = ring[(i + 1) % ring.length];
    const ina = sign * (a[axis] - edge) >= 0;
    const inb = sign * (b[axis] - edge) >= 0;
    if (ina) out.push(a);
    if (ina !== inb) {
      const t = (edge - a[axis]) / (b[axis] - a[axis]);
      out.push(axis === 0 ? [edge, a[1] + t * (b[1] - a[1])] : [a[0] + t * (b[0] - a[0]), edge]);
    }
  }
  return out;
}

function clipToCell(rings: Position[][], west: number, south: number, east: number, north: number): Position[][] | null {
  const clipped: Position[][] = [];
  for (let r = 0; r < rings.length; r++) {
    // Open ring in, closed ring out.
    let ring = rings[r].slice(0, -1);
    ring = clipRing(ring, 0, west, 1);
    ring = clipRing(ring, 0, east, -1);
    ring = clipRing(ring, 1, south, 1);
    ring = clipRing(ring, 1, north, -1);
    if (ring.length < 3) {
      if (r === 0) return null;
      continue;
    }
    clipped.push([...ring, ring[0]]);
  }
  return clipped;
}

function bbox(rings: Position[][]): [number, number, number, number] {
  let w = Infinity, s = Infinity, e = -Infinity, n = -Infinity;
  for (const [x, y] of rings[0]) {
    if (x < w) w = x;
    if (x > e) e = x;
    if (y < s) s = y;
    if (y > n) n = y;
  }
  return [w, s, e, n];
}

/**
 * The admin-1 polygons cut on a grid of `cellDeg`° cells (up to ±85.0511°): one MultiPolygon per
 * admin-1 unit and cell, `code` `{iso_3166_2}/{col},{row}`. 0.875° cells give about 50,000 areas.
 */
export function subdividedAdmin1(cellDeg = 0.875): FeatureCollection<MultiPolygon, { code: string; name: string }> {
  const bytes = gunzipSync(new Uint8Array(readFileSync(sharedDataPath(ADMIN1_FILE))));
  const topo = JSON.parse(new TextDecoder().decode(bytes));
  const source = feature(topo, topo.objects.ne_10m_admin_1_states_provinces) as unknown as FeatureCollection<Polygon | MultiPolygon | null>;
  const features: Feature<MultiPolygon, { code: string; name: string }>[] = [];
  source.features.forEach((f, index) => {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    const pieces = new Map<string, Position[][][]>();
    for (const polygon of polygons) {
      const [w, s, e, n] = bbox(polygon);
      for (let col = Math.floor(w / cellDeg); col * cellDeg < e; col++) {
        for (let row = Math.floor(Math.max(s, -MAX_LAT) / cellDeg); row * cellDeg < Math.min(n, MAX_LAT); row++) {
          const west = col * cellDeg;
          const south = Math.max(row * cellDeg, -MAX_LAT);
          const clipped = clipToCell(polygon, west, south, west + cellDeg, Math.min((row + 1) * cellDeg, MAX_LAT));
          if (!clipped) continue;
          const key = `${col},${row}`;
          if (!pieces.has(key)) pieces.set(key, []);
          pieces.get(key)!.push(clipped);
        }
      }
    }
    const p = f.properties as Record<string, unknown> | null;
    const code = String(p?.iso_3166_2 ?? `#${index}`);
    for (const [key, coordinates] of pieces) {
      features.push({ type: 'Feature', properties: { code: `${code}/${key}`, name: String(p?.name ?? '') }, geometry: { type: 'MultiPolygon', coordinates } });
    }
  });
  return { type: 'FeatureCollection', features };
}
