/**
 * Distances, areas and destinations on a spherical Earth (the IUGG mean radius), the model that
 * d3-geo and turf use. Good to ~0.5 % against the ellipsoid, which is plenty for risk factors.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { LngLat } from './types';

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;
/** Length of one degree of a great circle on that sphere, km (≈ 111.195). */
export const KM_PER_DEGREE = (EARTH_RADIUS_KM * Math.PI) / 180;

const RAD = Math.PI / 180;

/**
 * Great-circle distance between two points, km.
 *
 * @example
 * haversineKm([-0.1278, 51.5074], [2.3522, 48.8566]); // ≈ 343.5 (London–Paris)
 */
export function haversineKm(a: LngLat, b: LngLat): number {
  const sinLat = Math.sin(((b[1] - a[1]) * RAD) / 2);
  const sinLng = Math.sin(((b[0] - a[0]) * RAD) / 2);
  const h = sinLat * sinLat + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * sinLng * sinLng;
  // atan2 rather than asin: stays accurate near antipodes, where h rounds above 1.
  return 2 * EARTH_RADIUS_KM * Math.atan2(Math.sqrt(h), Math.sqrt(Math.max(0, 1 - h)));
}

/**
 * Write the unit vector of a point into `out` at `offset` (x towards 0°E, z towards the north pole).
 *
 * @example
 * const v = new Float64Array(3);
 * writeUnitVector(90, 0, v); // v ≈ [0, 1, 0]
 */
export function writeUnitVector(lng: number, lat: number, out: Float64Array, offset = 0): void {
  const cosLat = Math.cos(lat * RAD);
  out[offset] = cosLat * Math.cos(lng * RAD);
  out[offset + 1] = cosLat * Math.sin(lng * RAD);
  out[offset + 2] = Math.sin(lat * RAD);
}

/**
 * Angular distance (radians) from unit vector p to the minor great-circle arc from a to b.
 * The kernel behind {@link pointToSegmentKm}, on vectors so that indexes can precompute them.
 *
 * @example
 * pointToArcRad(0, 0, 1, 1, 0, 0, 0, 1, 0); // π/2: the pole is 90° from any equatorial arc
 */
export function pointToArcRad(
  px: number, py: number, pz: number,
  ax: number, ay: number, az: number,
  bx: number, by: number, bz: number,
): number {
  // Normal of the arc's great circle; in 3-D the wrapping of longitudes plays no part.
  const nx = ay * bz - az * by;
  const ny = az * bx - ax * bz;
  const nz = ax * by - ay * bx;
  const nn = Math.sqrt(nx * nx + ny * ny + nz * nz);
  if (nn > 1e-15) {
    // p projects inside the arc when it lies on the inner side of both end meridians of the arc.
    const sa = (ay * pz - az * py) * nx + (az * px - ax * pz) * ny + (ax * py - ay * px) * nz;
    const sb = (py * bz - pz * by) * nx + (pz * bx - px * bz) * ny + (px * by - py * bx) * nz;
    if (sa >= 0 && sb >= 0) {
      const s = Math.abs(px * nx + py * ny + pz * nz) / nn;
      return Math.asin(Math.min(1, s));
    }
  }
  return Math.min(vectorAngle(px, py, pz, ax, ay, az), vectorAngle(px, py, pz, bx, by, bz));
}

// atan2(|p×q|, p·q): accurate for tiny and for near-antipodal angles alike.
function vectorAngle(px: number, py: number, pz: number, qx: number, qy: number, qz: number): number {
  const cx = py * qz - pz * qy;
  const cy = pz * qx - px * qz;
  const cz = px * qy - py * qx;
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), px * qx + py * qy + pz * qz);
}

const scratch = new Float64Array(9);

/**
 * Distance from a point to the minor great-circle arc between a and b, km: the cross-track
 * distance when the point projects inside the arc, else the distance to the nearer endpoint.
 * Longitudes may be wrapped or unwrapped (179.5 → −179.5 is a 1° segment).
 *
 * @example
 * pointToSegmentKm([0.5, 1], [0, 0], [1, 0]); // ≈ 111.2: one degree north of the equator
 */
export function pointToSegmentKm(p: LngLat, a: LngLat, b: LngLat): number {
  writeUnitVector(p[0], p[1], scratch, 0);
  writeUnitVector(a[0], a[1], scratch, 3);
  writeUnitVector(b[0], b[1], scratch, 6);
  const s = scratch;
  return EARTH_RADIUS_KM * pointToArcRad(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7], s[8]);
}

/**
 * Area enclosed by a ring, km², regardless of its winding. Uses the Chamberlain–Duquette formula
 * (as d3-geo and turf do): exact for edges along parallels and meridians, and since it only uses
 * longitude differences, longitudes may be unwrapped beyond 180. The ring may be closed or not.
 *
 * @example
 * ringAreaKm2([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]); // ≈ 12,364
 */
export function ringAreaKm2(ring: Position[]): number {
  let n = ring.length;
  if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) n--;
  if (n < 3) return 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const lower = ring[i === 0 ? n - 1 : i - 1];
    const upper = ring[i === n - 1 ? 0 : i + 1];
    total += (upper[0] - lower[0]) * Math.sin(ring[i][1] * RAD);
  }
  return Math.abs((total * RAD * EARTH_RADIUS_KM * EARTH_RADIUS_KM) / 2);
}

/**
 * Area of a polygon or multipolygon, km²: outer rings minus holes.
 *
 * @example
 * polygonAreaKm2({ type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]], [[0.5, 0.5], [1.5, 0.5], [1.5, 1.5], [0.5, 1.5], [0.5, 0.5]]] });
 * // ≈ 3 × 12,364
 */
export function polygonAreaKm2(geometry: Polygon | MultiPolygon): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let area = 0;
  for (const rings of polygons) {
    if (rings.length === 0) continue;
    area += ringAreaKm2(rings[0]);
    for (let i = 1; i < rings.length; i++) area -= ringAreaKm2(rings[i]);
  }
  return area;
}

/**
 * The point reached by travelling `distanceKm` along a great circle from `p` with initial
 * bearing `bearingDeg` (clockwise from north). The longitude continues from p's without wrapping
 * (it may leave −180…180), so that buffer rings drawn with it need no unwrapping.
 *
 * @example
 * destination([0, 0], 90, 111.19508); // ≈ [1, 0]
 */
export function destination(p: LngLat, bearingDeg: number, distanceKm: number): LngLat {
  const lat1 = p[1] * RAD;
  const theta = bearingDeg * RAD;
  const delta = distanceKm / EARTH_RADIUS_KM;
  const sinLat2 = Math.sin(lat1) * Math.cos(delta) + Math.cos(lat1) * Math.sin(delta) * Math.cos(theta);
  const lat2 = Math.asin(Math.max(-1, Math.min(1, sinLat2)));
  const dLng = Math.atan2(
    Math.sin(theta) * Math.sin(delta) * Math.cos(lat1),
    Math.cos(delta) - Math.sin(lat1) * sinLat2,
  );
  return [p[0] + dLng / RAD, lat2 / RAD];
}
