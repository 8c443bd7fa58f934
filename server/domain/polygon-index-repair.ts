/**
 * The one repair PolygonIndex makes to its input, so that its answers equal ST_Contains on
 * ST_MakeValid of the same polygon: a hole that shares a stretch of boundary (not just a point)
 * with its polygon's outer ring is dropped. ST_MakeValid (GEOS, linework method) nodes all rings
 * together and merges coincident stretches, and such a hole then opens onto the outside and is
 * filled; the plain even-odd test would keep it. Antarctica in world-atlas is the case in real
 * data: closed along the South Pole, its 0.001°-high polar ring becomes a hole lying on the outer
 * ring's pole edge.
 *
 * Every other fault is left to the even-odd rule, which is what ST_MakeValid gives for a ring
 * crossing or touching itself, a hole crossing or lying outside its shell, a hole in a hole (see
 * test/fixtures/spatial/invalid-polygons.geojson and spatial-join.test.ts). Known differences
 * that no data set here has: where two holes overlap, ST_MakeValid removes both, even-odd keeps
 * their overlap; where two parts of a multipolygon overlap, ST_MakeValid drops the overlap,
 * PolygonIndex (union of parts) keeps it; a ring that runs twice along the same path is kept by
 * ST_MakeValid and cancelled by even-odd.
 */
import Flatbush from 'flatbush';
import type { Position } from 'geojson';

/**
 * The rings of one polygon (outer ring first) without the holes that share a stretch of
 * boundary with the outer ring. Returns `rings` itself when there is nothing to drop.
 *
 * @example
 * dropHolesOnShell([square(0, 0, 3, 3), square(0, 1, 1, 2)]); // [square(0, 0, 3, 3)]
 */
export function dropHolesOnShell(rings: Position[][]): Position[][] {
  if (rings.length < 2) return rings;
  const outer = rings[0];
  const n = outer.length - 1;
  if (n < 1) return rings;
  const index = new Flatbush(n);
  for (let i = 0; i < n; i++) {
    const [x0, y0] = outer[i];
    const [x1, y1] = outer[i + 1];
    index.add(Math.min(x0, x1), Math.min(y0, y1), Math.max(x0, x1), Math.max(y0, y1));
  }
  index.finish();
  const kept = rings.filter((hole, h) => h === 0 || !sharesStretch(hole, outer, index));
  return kept.length === rings.length ? rings : kept;
}

function sharesStretch(hole: Position[], outer: Position[], index: Flatbush): boolean {
  for (let k = 0; k + 1 < hole.length; k++) {
    const a = hole[k];
    const b = hole[k + 1];
    if (a[0] === b[0] && a[1] === b[1]) continue;
    const found = index.search(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]), (i) => overlap(a, b, outer[i], outer[i + 1]));
    if (found.length > 0) return true;
  }
  return false;
}

// Whether segments ab and cd lie on one line (as computed) and overlap over a positive length.
function overlap(a: Position, b: Position, c: Position, d: Position): boolean {
  const dx = b[0] - a[0], dy = b[1] - a[1];
  if (dx * (c[1] - a[1]) - dy * (c[0] - a[0]) !== 0) return false;
  if (dx * (d[1] - a[1]) - dy * (d[0] - a[0]) !== 0) return false;
  // Project on ab: c and d at parameters tc, td; the overlap with [0, |ab|²] must have length.
  const len = dx * dx + dy * dy;
  const tc = dx * (c[0] - a[0]) + dy * (c[1] - a[1]);
  const td = dx * (d[0] - a[0]) + dy * (d[1] - a[1]);
  return Math.min(len, Math.max(tc, td)) > Math.max(0, Math.min(tc, td));
}
