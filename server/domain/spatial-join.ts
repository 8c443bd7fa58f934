/**
 * The spatial join of points into a polygon set, in memory: per-polygon counts and per-point
 * assignment over a PolygonIndex. Pure (no I/O); server/compute/parallel-join.ts runs it on
 * worker threads.
 *
 * Boundary rule (half-open, from the crossing test of polygon-index-tree.ts): a point on the
 * boundary of a polygon belongs to it when the polygon lies immediately east of the point (on a
 * horizontal edge: immediately north; at a vertex: immediately east-north-east) — formally, when
 * (x + δ, y + ε) is inside for infinitesimal 0 < ε ≪ δ. So a point on an edge or vertex shared by
 * the areas of a partition is counted in exactly one of them; on an outer boundary it is counted
 * on the west and south sides and not on the east and north sides. PostGIS's ST_Contains counts
 * no boundary point at all (a point on a shared edge is in neither area), ST_Intersects counts it
 * in every area touching it. Points in the interior agree with ST_Contains.
 *
 * Rings of one polygon part are combined even-odd (holes, and holes of holes, need no order or
 * winding); the parts of a multipolygon are combined by union. For a self-intersecting ring,
 * even-odd is what ST_MakeValid's default (linework) repair yields.
 */
import { PolygonIndex } from './polygon-index';

/**
 * How many of the points (lng,lat pairs) each polygon contains: one count per geometry of the
 * index. A point inside several overlapping polygons counts in each, as in a SQL join on
 * ST_Contains; a point in no polygon counts nowhere. Counts are added to `into` when given.
 *
 * @example
 * const index = new PolygonIndex([square(0, 0, 1, 1), square(1, 0, 2, 1)]);
 * countPointsInPolygons(index, new Float64Array([0.5, 0.5, 1, 0.5, 5, 5])); // Int32Array [1, 1]
 */
export function countPointsInPolygons(index: PolygonIndex, coords: Float64Array, into?: Int32Array): Int32Array {
  const counts = into ?? new Int32Array(index.size);
  if (counts.length !== index.size) throw new Error(`Counts of length ${counts.length} given for ${index.size} polygons.`);
  if (coords.length % 2 !== 0) throw new Error(`Expected lng,lat pairs, got ${coords.length} numbers.`);
  const stamp = new Int32Array(index.size).fill(-1);
  const hit = (g: number) => {
    counts[g]++;
  };
  for (let i = 0, n = coords.length >> 1; i < n; i++) index.forEachContaining(coords[2 * i], coords[2 * i + 1], stamp, i, hit);
  return counts;
}

/**
 * The polygon each point (lng,lat pairs) falls in — where polygons overlap, the lowest index —
 * or −1. Written into `into` when given.
 *
 * @example
 * assignPoints(index, new Float64Array([0.5, 0.5, 1, 0.5, 5, 5])); // Int32Array [0, 1, -1]
 */
export function assignPoints(index: PolygonIndex, coords: Float64Array, into?: Int32Array): Int32Array {
  if (coords.length % 2 !== 0) throw new Error(`Expected lng,lat pairs, got ${coords.length} numbers.`);
  const n = coords.length >> 1;
  const out = into ?? new Int32Array(n);
  if (out.length !== n) throw new Error(`Output of length ${out.length} given for ${n} points.`);
  for (let i = 0; i < n; i++) out[i] = index.locate(coords[2 * i], coords[2 * i + 1]);
  return out;
}

/**
 * Per-polygon counts from per-point assignments (−1 ignored) — equal to countPointsInPolygons
 * when no two polygons overlap.
 *
 * @example
 * countAssigned(Int32Array.of(0, 1, -1, 1), 2); // Int32Array [1, 2]
 */
export function countAssigned(assigned: Int32Array, size: number): Int32Array {
  const counts = new Int32Array(size);
  for (let i = 0; i < assigned.length; i++) if (assigned[i] >= 0) counts[assigned[i]]++;
  return counts;
}

export { PolygonIndex };
