/**
 * Borderlands: distance from a point to the nearest land-border segment, and the share of an
 * area lying within a radius of a border (a risk factor: the seed's 2.1 names national borderland
 * zones as priority areas).
 */
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { EARTH_RADIUS_KM, polygonAreaKm2, writeUnitVector } from './geodesy';
import { PolygonIndex } from './polygon-index';
import type { BorderGeometry } from './types';

const DEG = 180 / Math.PI;
const GOLDEN = (Math.sqrt(5) - 1) / 2;
// Slack on bounding boxes against rounding in the trigonometry, degrees (≈ 0.1 mm).
const PAD_DEG = 1e-9;
// Numbers kept per segment: unit vectors a and b, the unit normal n of their great circle (0 for
// a degenerate segment), and n × a and b × n, whose dot products with a point say whether it
// projects inside the arc.
const STRIDE = 15;
const NO_SHIFT = [0, -360, 360];

// Shift a longitude by a multiple of 360 into [-180, 180).
const wrap = (lng: number) => lng - 360 * Math.floor((lng + 180) / 360);

function lineParts(line: BorderGeometry): Position[][] {
  return line.type === 'LineString' ? [line.coordinates] : line.coordinates;
}

/** What a BorderIndex is made of: post it to a worker, rebuild with `BorderIndex.fromData`. */
export interface BorderIndexData {
  segmentCount: number;
  vectors: Float64Array;
  /** The flatbush tree's buffer, or null without segments. */
  tree: ArrayBuffer | SharedArrayBuffer | null;
}

export interface BorderIndexOptions {
  /** Keep the index in SharedArrayBuffers, so that workers given `data` read the same memory. @default false */
  shared?: boolean;
}

export class BorderIndex {
  /** Number of border segments indexed. */
  readonly segmentCount: number;
  // STRIDE numbers per segment (see STRIDE).
  private readonly vectors: Float64Array;
  private readonly tree: Flatbush | null;
  private readonly p = new Float64Array(3);
  // Query state shared with the filters, so a search allocates no closure. Candidates are
  // compared by squared chord (monotonic in the angle, and cheap); the angle is taken once.
  private minChord2 = Infinity;
  private limitChord2 = 0;
  // The segments kept by `focus`, and each one's squared chord to the focus centre while gathering.
  private focusIds = new Int32Array(64);
  private focusChord2 = new Float64Array(64);
  private focusCount = 0;

  constructor(lines: BorderGeometry[], options: BorderIndexOptions = {}) {
    let count = 0;
    for (const line of lines) for (const part of lineParts(line)) count += Math.max(0, part.length - 1);
    this.segmentCount = count;
    const Buffer = options.shared ? SharedArrayBuffer : ArrayBuffer;
    this.vectors = new Float64Array(new Buffer(count * STRIDE * 8));
    this.tree = count > 0 ? new Flatbush(count, 16, Float64Array, Buffer) : null;
    let i = 0;
    for (const line of lines) {
      for (const part of lineParts(line)) {
        for (let k = 0; k + 1 < part.length; k++, i++) {
          writeUnitVector(part[k][0], part[k][1], this.vectors, STRIDE * i);
          writeUnitVector(part[k + 1][0], part[k + 1][1], this.vectors, STRIDE * i + 3);
          this.writeArcVectors(i);
          // Box in continuous longitudes: west end in [-180, 180), east end up to 180° further.
          const x0 = wrap(part[k][0]);
          const x1 = x0 + wrap(part[k + 1][0] - part[k][0]);
          const [minLat, maxLat] = this.arcLatitudeRange(i, part[k][1], part[k + 1][1]);
          this.tree!.add(Math.min(x0, x1) - PAD_DEG, minLat - PAD_DEG, Math.max(x0, x1) + PAD_DEG, maxLat + PAD_DEG);
        }
      }
    }
    this.tree?.finish();
  }

  /** The typed arrays of the index (shared memory if built with `shared`). */
  get data(): BorderIndexData {
    return { segmentCount: this.segmentCount, vectors: this.vectors, tree: this.tree?.data ?? null };
  }

  /**
   * An index over the arrays of another (`index.data`), as a worker receives them: nothing is
   * copied or rebuilt.
   *
   * @example
   * const copy = BorderIndex.fromData(index.data);
   */
  static fromData(data: BorderIndexData): BorderIndex {
    const index = new BorderIndex([]);
    Object.assign(index, { segmentCount: data.segmentCount, vectors: data.vectors, tree: data.tree ? Flatbush.from(data.tree) : null });
    return index;
  }

  /**
   * Distance from the point to the nearest border segment, km, or Infinity when none lies within
   * `maxKm` (a smaller `maxKm` makes the search cheaper).
   *
   * @example
   * const borders = new BorderIndex([{ type: 'LineString', coordinates: [[0, -1], [0, 1]] }]);
   * borders.distanceKm(0.5, 0, 100); // ≈ 55.6
   */
  distanceKm(lng: number, lat: number, maxKm = Infinity): number {
    this.minChord2 = Infinity;
    this.search(lng, lat, maxKm, false);
    if (this.minChord2 === Infinity) return Infinity;
    const km = 2 * Math.asin(Math.min(1, Math.sqrt(this.minChord2) / 2)) * EARTH_RADIUS_KM;
    return km <= maxKm ? km : Infinity;
  }

  /**
   * Prepares `distanceNearKm` for points within `reachKm` of (lng, lat): keeps the segments that
   * can be the nearest to such a point and lie within `maxKm` of it — those no farther from the
   * centre than the nearest one + 2 × reach (triangle inequality) —, usually a handful.
   *
   * @example
   * borders.focus(10, 45, 8, 60);
   * borders.distanceNearKm(10.05, 45.02, 60); // = borders.distanceKm(10.05, 45.02, 60)
   */
  focus(lng: number, lat: number, reachKm: number, maxKm: number): void {
    this.focusCount = 0;
    this.search(lng, lat, maxKm + reachKm, false, this.gather);
    if (this.focusCount === 0) return;
    let min = Infinity;
    for (let k = 0; k < this.focusCount; k++) if (this.focusChord2[k] < min) min = this.focusChord2[k];
    const keepRad = 2 * Math.asin(Math.min(1, Math.sqrt(min) / 2)) + (2 * reachKm) / EARTH_RADIUS_KM;
    const keep = keepRad >= Math.PI ? 4 : (2 * Math.sin(keepRad / 2)) ** 2 * (1 + 1e-12);
    let n = 0;
    for (let k = 0; k < this.focusCount; k++) if (this.focusChord2[k] <= keep) this.focusIds[n++] = this.focusIds[k];
    this.focusCount = n;
  }

  /**
   * `distanceKm` for a point within the reach of the last `focus` (and no larger `maxKm`), over the
   * segments it kept: the same value, found among far fewer segments.
   */
  distanceNearKm(lng: number, lat: number, maxKm = Infinity): number {
    if (this.focusCount === 0 || !Number.isFinite(lng) || !Number.isFinite(lat)) return Infinity;
    writeUnitVector(lng, lat, this.p);
    let min = Infinity;
    for (let k = 0; k < this.focusCount; k++) {
      const c2 = this.chord2(this.focusIds[k]);
      if (c2 < min) min = c2;
    }
    const km = 2 * Math.asin(Math.min(1, Math.sqrt(min) / 2)) * EARTH_RADIUS_KM;
    return km <= maxKm ? km : Infinity;
  }

  /**
   * Whether any border segment lies within `km` of the point; stops at the first one found.
   *
   * @example
   * borders.isWithinKm(0.5, 0, 60); // true
   */
  isWithinKm(lng: number, lat: number, km: number): boolean {
    if (!(km >= 0)) return false;
    return this.search(lng, lat, km, true);
  }

  private search(lng: number, lat: number, maxKm: number, stopAtFirst: boolean, filter = stopAtFirst ? this.hit : this.measure): boolean {
    const tree = this.tree;
    if (tree === null || !Number.isFinite(lng) || !Number.isFinite(lat) || !(maxKm >= 0)) return false;
    writeUnitVector(lng, lat, this.p);
    const delta = maxKm / EARTH_RADIUS_KM;
    this.limitChord2 = delta >= Math.PI ? 4 : (2 * Math.sin(delta / 2)) ** 2;
    const minY = lat - delta * DEG - PAD_DEG;
    const maxY = lat + delta * DEG + PAD_DEG;
    // A circle of angular radius δ around latitude φ spans asin(sin δ / cos φ) in longitude
    // (the exact form of maxKm / (km-per-degree · cos φ)); it takes every longitude once it reaches a pole.
    if (maxY >= 90 || minY <= -90 || delta >= Math.PI / 2) {
      return query(tree, tree.minX, minY, tree.maxX, maxY, filter, stopAtFirst);
    }
    const dLng = Math.asin(Math.sin(delta) / Math.cos((lat * Math.PI) / 180)) * DEG * (1 + 1e-9) + PAD_DEG;
    const x = wrap(lng);
    // Boxes of segments crossing ±180 reach beyond it; look at the point's copies too.
    for (const shift of NO_SHIFT) {
      const minX = x + shift - dLng;
      const maxX = x + shift + dLng;
      if (maxX < tree.minX || minX > tree.maxX) continue;
      if (query(tree, minX, minY, maxX, maxY, filter, stopAtFirst) && stopAtFirst) return true;
    }
    return false;
  }

  private readonly measure = (i: number): boolean => {
    const c2 = this.chord2(i);
    if (c2 < this.minChord2) this.minChord2 = c2;
    return false;
  };

  private readonly hit = (i: number): boolean => this.chord2(i) <= this.limitChord2;

  private readonly gather = (i: number): boolean => {
    const c2 = this.chord2(i);
    if (c2 > this.limitChord2) return false;
    if (this.focusCount === this.focusIds.length) {
      const ids = new Int32Array(2 * this.focusCount);
      ids.set(this.focusIds);
      this.focusIds = ids;
      const chords = new Float64Array(2 * this.focusCount);
      chords.set(this.focusChord2);
      this.focusChord2 = chords;
    }
    this.focusIds[this.focusCount] = i;
    this.focusChord2[this.focusCount++] = c2;
    return false;
  };

  // Squared chord from the query point to the nearest point of segment i's arc: to the great
  // circle (from its sine, s = |p·n|: chord² = 2s² / (1 + √(1 − s²)), free of cancellation) when
  // the point projects inside the arc, else to the nearer endpoint. As geodesy's pointToArcRad.
  private chord2(i: number): number {
    const v = this.vectors;
    const o = STRIDE * i;
    const p = this.p;
    const px = p[0], py = p[1], pz = p[2];
    const nx = v[o + 6], ny = v[o + 7], nz = v[o + 8];
    if (
      (nx !== 0 || ny !== 0 || nz !== 0) &&
      px * v[o + 9] + py * v[o + 10] + pz * v[o + 11] >= 0 &&
      px * v[o + 12] + py * v[o + 13] + pz * v[o + 14] >= 0
    ) {
      const s = Math.min(1, Math.abs(px * nx + py * ny + pz * nz));
      return (2 * s * s) / (1 + Math.sqrt(1 - s * s));
    }
    const ax = px - v[o], ay = py - v[o + 1], az = pz - v[o + 2];
    const bx = px - v[o + 3], by = py - v[o + 4], bz = pz - v[o + 5];
    return Math.min(ax * ax + ay * ay + az * az, bx * bx + by * by + bz * bz);
  }

  // The unit normal n = a × b / |a × b| of segment i, n × a and b × n (zeros for a degenerate segment).
  private writeArcVectors(i: number): void {
    const v = this.vectors;
    const o = STRIDE * i;
    const [ax, ay, az, bx, by, bz] = [v[o], v[o + 1], v[o + 2], v[o + 3], v[o + 4], v[o + 5]];
    let nx = ay * bz - az * by;
    let ny = az * bx - ax * bz;
    let nz = ax * by - ay * bx;
    const nn = Math.sqrt(nx * nx + ny * ny + nz * nz);
    if (!(nn > 1e-15)) return;
    nx /= nn; ny /= nn; nz /= nn;
    v.set([nx, ny, nz, ny * az - nz * ay, nz * ax - nx * az, nx * ay - ny * ax, by * nz - bz * ny, bz * nx - bx * nz, bx * ny - by * nx], o + 6);
  }



  // Latitude range of segment i's great-circle arc: its endpoints, or the circle's northernmost
  // (southernmost) point when the arc passes it — long arcs bulge poleward beyond their ends.
  private arcLatitudeRange(i: number, latA: number, latB: number): [number, number] {
    const v = this.vectors;
    const o = STRIDE * i;
    const [ax, ay, az, bx, by, bz] = [v[o], v[o + 1], v[o + 2], v[o + 3], v[o + 4], v[o + 5]];
    let min = Math.min(latA, latB);
    let max = Math.max(latA, latB);
    const nx = ay * bz - az * by;
    const ny = az * bx - ax * bz;
    const nz = ax * by - ay * bx;
    // The circle's highest point, unnormalised: ẑ·|n|² − n_z·n.
    const hx = -nz * nx;
    const hy = -nz * ny;
    const hz = nx * nx + ny * ny;
    if (hz <= 0) return [min, max];
    const top = Math.atan2(hz, Math.hypot(hx, hy)) * DEG;
    const onArc = (sx: number, sy: number, sz: number) =>
      (ay * sz - az * sy) * nx + (az * sx - ax * sz) * ny + (ax * sy - ay * sx) * nz >= 0 &&
      (sy * bz - sz * by) * nx + (sz * bx - sx * bz) * ny + (sx * by - sy * bx) * nz >= 0;
    if (onArc(hx, hy, hz)) max = Math.max(max, top);
    if (onArc(-hx, -hy, -hz)) min = Math.min(min, -top);
    return [min, max];
  }
}

function query(
  tree: Flatbush, minX: number, minY: number, maxX: number, maxY: number,
  filter: (i: number) => boolean, stopAtFirst: boolean,
): boolean {
  if (stopAtFirst) return tree.collides(minX, minY, maxX, maxY, filter);
  tree.search(minX, minY, maxX, maxY, filter);
  return false;
}

/** What the share needs of an index: borders (BorderIndex) or sites (PointIndex, for catchments). */
export interface ProximityIndex {
  isWithinKm(lng: number, lat: number, km: number): boolean;
}

export interface BorderlandShareOptions {
  /** Samples to place in the bounding boxes of the geometry's parts. @default 20000 */
  targetSamples?: number;
  /** Fewer samples than this inside the geometry (a thin or tiny area) and the grid is refined. @default 200 */
  minSamples?: number;
}

const defaultOptions: Required<BorderlandShareOptions> = {
  targetSamples: 20000,
  minSamples: 200,
};

export interface BorderlandShare {
  /** Share of the area within the radius of a border, 0–1 (NaN only for an empty geometry). */
  share: number;
  /** Samples that fell inside the geometry (vertices of its outer rings if none did). */
  samples: number;
  /** Geodesic area of the whole geometry, km²; share × areaKm2 is the borderland's area. */
  areaKm2: number;
}

/**
 * Share of an area within `radiusKm` of a border, estimated on an equal-area grid: rows `d`
 * degrees apart, samples `d / cos(lat)` degrees apart along each row (rows staggered), each sample tested exactly
 * against the polygon and the borders. The grid is anchored to the globe, not to the polygon, so
 * parts of a multipolygon never count a sample twice. Pass unwrapped geometries (see antimeridian.ts).
 *
 * @example
 * const square: Polygon = { type: 'Polygon', coordinates: [[[0, -1], [2, -1], [2, 1], [0, 1], [0, -1]]] };
 * const borders = new BorderIndex([{ type: 'LineString', coordinates: [[0, -1], [0, 1]] }]);
 * computeBorderlandShare(square, borders, 55.6).share; // ≈ 0.25
 */
export function computeBorderlandShare(
  geometry: Polygon | MultiPolygon,
  borderIndex: ProximityIndex,
  radiusKm: number,
  options: BorderlandShareOptions = {},
): BorderlandShare {
  const { targetSamples, minSamples } = { ...defaultOptions, ...options };
  const parts = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates).filter(
    (rings) => rings.length > 0 && rings[0].length >= 3,
  );
  const areaKm2 = polygonAreaKm2(geometry);
  if (parts.length === 0) return { share: NaN, samples: 0, areaKm2 };

  // One index entry per part: a sample belongs to the part whose grid produced it.
  const partIndex = new PolygonIndex(parts.map((coordinates): Polygon => ({ type: 'Polygon', coordinates })));
  const boxes = parts.map((rings) => bbox(rings[0]));
  // Area of the boxes in "equatorial square degrees", so that d² is the area of one grid cell.
  const boxArea = boxes.reduce((sum, [x0, y0, x1, y1]) => sum + (x1 - x0) * (Math.sin(y1 / DEG) - Math.sin(y0 / DEG)) * DEG, 0);
  let d = Math.sqrt(boxArea / Math.max(1, targetSamples));

  // Halve the spacing (up to 3 times) while a thin or tiny area catches too few samples.
  for (let attempt = 0; ; attempt++) {
    let inside = 0;
    let near = 0;
    boxes.forEach(([minX, minY, maxX, maxY], part) => {
      for (let row = Math.ceil(minY / d - 0.5); (row + 0.5) * d <= maxY; row++) {
        const lat = (row + 0.5) * d;
        const dx = Math.min(360, d / Math.max(1e-6, Math.cos(lat / DEG)));
        // Stagger rows by multiples of the golden ratio: a plain lattice aliases with straight
        // features (a diagonal strip can miss every sample or catch a whole row of them).
        const shift = row * GOLDEN - Math.floor(row * GOLDEN);
        for (let col = Math.ceil(minX / dx - shift); (col + shift) * dx <= maxX; col++) {
          const lng = (col + shift) * dx;
          if (partIndex.locate(lng, lat) !== part) continue;
          inside++;
          if (borderIndex.isWithinKm(lng, lat, radiusKm)) near++;
        }
      }
    });
    if (inside >= minSamples || attempt === 3 || !(d > 0)) {
      if (inside > 0) return { share: near / inside, samples: inside, areaKm2 };
      break;
    }
    d /= 2;
  }
  // No sample landed inside (a sliver): judge by the outer rings' vertices.
  let vertices = 0;
  let near = 0;
  for (const rings of parts) {
    for (const [lng, lat] of rings[0]) {
      vertices++;
      if (borderIndex.isWithinKm(lng, lat, radiusKm)) near++;
    }
  }
  return { share: near / vertices, samples: vertices, areaKm2 };
}

function bbox(ring: Position[]): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}
