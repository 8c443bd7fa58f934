/**
 * The edge of a distance zone traced on a sparse longitude/latitude lattice: a quadtree over each
 * tile of the lattice drops the blocks that the distance at their centre decides (distance is
 * 1-Lipschitz: every point of a block lies within its centre's distance ± the block's radius), so
 * exact distances are taken only in cells the edge may cross; marching squares there gives
 * segments from cell edge to cell edge, their end points moved onto the exact radius by secant
 * steps along the cell edge, and vertices added on the radius where a segment's chord strays from
 * it. Segments keep the zone on their left and name their ends by edge id, so zone-rings.ts can
 * link them into rings. The lattice wraps round the globe in longitude.
 */
import { KM_PER_DEGREE, haversineKm } from './geodesy';

/** What the tracer asks the distance of a point to the lines of: BorderIndex answers it. */
export interface DistanceIndex {
  /** Distance to the nearest line, km, or Infinity when none lies within `maxKm`. */
  distanceKm(lng: number, lat: number, maxKm: number): number;
  /** Whether a line lies within `km` of the point. */
  isWithinKm(lng: number, lat: number, km: number): boolean;
  /**
   * Optional: narrow the lines to those that can be nearest within `reachKm` of a point, for
   * `distanceNearKm` to scan (BorderIndex does); the tracer calls it once per block it marches.
   */
  focus?(lng: number, lat: number, reachKm: number, maxKm: number): void;
  distanceNearKm?(lng: number, lat: number, maxKm: number): number;
}

export interface ZoneLattice {
  /** Rows of cells from −90° to 90° and columns from −180° round the globe. */
  rows: number;
  cols: number;
  /** Size of a cell, degrees. */
  dLat: number;
  dLng: number;
  /** Cells per side of a tile: the unit of work, and the root of one quadtree. */
  tileCells: number;
  tileRows: number;
  tileCols: number;
}

/**
 * The lattice for cells of about `cellKm` (rows that tall; columns that wide at the equator), with
 * a whole number of them round the globe, and tiles of about 4°.
 *
 * @example
 * zoneLattice(5.56); // rows 3600, cols 7200: 0.05° cells, tiles of 64 cells
 */
export function zoneLattice(cellKm: number): ZoneLattice {
  if (!(cellKm > 0)) throw new Error(`invalid cellKm: ${cellKm} (expected a positive number of km)`);
  const rows = Math.max(2, Math.round(180 / (cellKm / KM_PER_DEGREE)));
  const cols = 2 * rows;
  const dLat = 180 / rows;
  const tileCells = 2 ** Math.max(0, Math.floor(Math.log2(4 / dLat)));
  return {
    rows,
    cols,
    dLat,
    dLng: 360 / cols,
    tileCells,
    tileRows: Math.ceil(rows / tileCells),
    tileCols: Math.ceil(cols / tileCells),
  };
}

// Marching squares by corner mask (bit k: corner v_k inside): the sides a segment runs from and
// to, −1 for no segment or a saddle (5, 10); saddles as pairs of sides, by whether the centre is in.
const SEGMENT_FROM = [-1, 0, 1, 1, 2, -1, 2, 2, 3, 0, -1, 1, 3, 0, 3, -1];
const SEGMENT_TO = [-1, 3, 0, 3, 1, -1, 0, 3, 2, 2, -1, 2, 1, 1, 0, -1];
const SADDLE_5_JOINED = [0, 1, 2, 3];
const SADDLE_5_APART = [0, 3, 2, 1];
const SADDLE_10_JOINED = [1, 2, 3, 0];
const SADDLE_10_APART = [1, 0, 3, 2];

/** Segments of the zone's edge and the points where they cross cell edges. */
export interface ZoneTrace {
  /** Edge ids of each segment's start and end, the zone on its left. */
  from: number[];
  to: number[];
  /** Vertices a segment has between its ends: `viaStart[k]` indexes `via` (lng, lat pairs), −1 for none. */
  viaStart: number[];
  viaCount: number[];
  via: number[];
  /** The crossing point on each edge that a segment starts or ends on. */
  edge: number[];
  lng: number[];
  lat: number[];
  /** Distances computed, for the curious (benchmarks). */
  evaluations: number;
}

export interface ZoneTracerOptions {
  /**
   * How far from the radius a vertex may be, and a segment's midpoint before a vertex is added
   * on the radius in between (km).
   * @default radiusKm / 400 (0.25 %)
   */
  toleranceKm?: number;
  /** Most vertices halving a segment's chord, as levels of bisection. @default 3 */
  maxDepth?: number;
}

/**
 * Traces the edge of {points within radiusKm of the lines} in the given tiles of the lattice
 * (tile t is row ⌊t / tileCols⌋, column t mod tileCols). Tiles are independent: threads may trace
 * different tiles and concatenate what they find.
 */
export class ZoneTracer {
  readonly trace: ZoneTrace = { from: [], to: [], viaStart: [], viaCount: [], via: [], edge: [], lng: [], lat: [], evaluations: 0 };
  private readonly crossings = new Map<number, number>();
  // Distances at the nodes of the current tile (NaN: not computed yet).
  private readonly nodes: Float64Array;
  private readonly nodeStride: number;
  private tileRow0 = 0;
  private tileCol0 = 0;
  private readonly nodeMaxKm: number;
  private readonly toleranceKm: number;
  private readonly maxDepth: number;
  // The cell being marched, and the points of its current segment's chord being refined.
  private cellLng0 = 0;
  private cellLat0 = 0;
  private readonly via: number[] = [];
  // Whether the index narrows its lines to a block (see DistanceIndex.focus).
  private readonly focused: boolean;

  constructor(
    private readonly index: DistanceIndex,
    private readonly lattice: ZoneLattice,
    private readonly radiusKm: number,
    options: ZoneTracerOptions = {},
  ) {
    if (!(radiusKm > 0)) throw new Error(`invalid radiusKm: ${radiusKm} (expected a positive number of km)`);
    this.focused = typeof index.focus === 'function' && typeof index.distanceNearKm === 'function';
    this.toleranceKm = options.toleranceKm ?? radiusKm / 400;
    this.maxDepth = options.maxDepth ?? 3;
    if (!(this.toleranceKm > 0)) throw new Error(`invalid toleranceKm: ${options.toleranceKm} (expected a positive number of km)`);
    this.nodeStride = lattice.tileCells + 1;
    this.nodes = new Float64Array(this.nodeStride * this.nodeStride);
    // A node on a cell edge the zone's edge crosses is within one cell edge of the radius; any
    // point of that cell within a cell diagonal.
    this.nodeMaxKm = radiusKm + Math.max(lattice.dLat, lattice.dLng) * KM_PER_DEGREE * 1.5 + 1e-6;
  }

  traceTile(tile: number): void {
    const { tileCells, tileCols, rows, cols } = this.lattice;
    const row0 = Math.floor(tile / tileCols) * tileCells;
    const col0 = (tile % tileCols) * tileCells;
    this.tileRow0 = row0;
    this.tileCol0 = col0;
    this.nodes.fill(NaN);
    this.visit(row0, Math.min(rows, row0 + tileCells), col0, Math.min(cols, col0 + tileCells));
  }

  // Cells [r0, r1) × [c0, c1): dropped when the distance at the centre decides them all, else
  // split in four; blocks of at most 2 × 2 cells are marched, every distance in them taken among
  // the few lines that can be nearest there (the index's focus).
  private visit(r0: number, r1: number, c0: number, c1: number): void {
    const { dLat, dLng } = this.lattice;
    const lat0 = -90 + r0 * dLat;
    const lat1 = -90 + r1 * dLat;
    const lng0 = -180 + c0 * dLng;
    const lng1 = -180 + c1 * dLng;
    const centre: [number, number] = [(lng0 + lng1) / 2, (lat0 + lat1) / 2];
    // Farthest point of the block from its centre: a corner, for blocks this small (the two
    // corners of a row are equally far).
    const reachKm = Math.max(haversineKm(centre, [lng0, lat0]), haversineKm(centre, [lng0, lat1])) * (1 + 1e-9) + 1e-6;
    if ((r1 - r0) * (c1 - c0) <= 4) {
      if (this.focused) this.index.focus!(centre[0], centre[1], reachKm, this.nodeMaxKm);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) this.march(r, c);
      return;
    }
    // Wholly outside (no line within radius + reach), or wholly inside (one within radius − reach):
    // searches that stop at the first line found.
    this.trace.evaluations++;
    if (!this.index.isWithinKm(centre[0], centre[1], this.radiusKm + reachKm)) return;
    if (reachKm < this.radiusKm) {
      this.trace.evaluations++;
      if (this.index.isWithinKm(centre[0], centre[1], this.radiusKm - reachKm - 1e-6)) return;
    }
    const rm = r1 - r0 > 1 ? (r0 + r1) >> 1 : r1;
    const cm = c1 - c0 > 1 ? (c0 + c1) >> 1 : c1;
    this.visit(r0, rm, c0, cm);
    if (cm < c1) this.visit(r0, rm, cm, c1);
    if (rm < r1) {
      this.visit(rm, r1, c0, cm);
      if (cm < c1) this.visit(rm, r1, cm, c1);
    }
  }

  // The distance at a point of the block being marched (exact: its nearest line is among those
  // focused on), Infinity beyond nodeMaxKm.
  private near(lng: number, lat: number): number {
    return this.focused ? this.index.distanceNearKm!(lng, lat, this.nodeMaxKm) : this.index.distanceKm(lng, lat, this.nodeMaxKm);
  }

  private node(r: number, c: number): number {
    const k = (r - this.tileRow0) * this.nodeStride + (c - this.tileCol0);
    let d = this.nodes[k];
    if (d !== d) {
      const { dLat, dLng, cols } = this.lattice;
      this.trace.evaluations++;
      // Longitude from the column modulo the globe, so both tiles beside ±180 see the same node.
      d = this.near(-180 + (c % cols) * dLng, -90 + r * dLat);
      this.nodes[k] = d;
    }
    return d;
  }

  // Marching squares in cell (r, c). Corners counter-clockwise from the south-west: v0 (r, c),
  // v1 (r, c+1), v2 (r+1, c+1), v3 (r+1, c); sides e0 = v0v1, e1 = v1v2, e2 = v3v2 (top), e3 = v0v3.
  private march(r: number, c: number): void {
    const R = this.radiusKm;
    const d0 = this.node(r, c);
    const d1 = this.node(r, c + 1);
    const d2 = this.node(r + 1, c + 1);
    const d3 = this.node(r + 1, c);
    const i0 = d0 <= R, i1 = d1 <= R, i2 = d2 <= R, i3 = d3 <= R;
    const mask = (i0 ? 1 : 0) | (i1 ? 2 : 0) | (i2 ? 4 : 0) | (i3 ? 8 : 0);
    if (mask === 0 || mask === 15) return;
    const { dLat, dLng } = this.lattice;
    this.cellLng0 = -180 + c * dLng;
    this.cellLat0 = -90 + r * dLat;
    // Going round the cell counter-clockwise, a segment runs from a side that leaves the zone to
    // the next side that enters it (the zone stays on its left).
    const from = SEGMENT_FROM[mask];
    if (from >= 0) {
      this.refinedSegment(this.side(r, c, from, d0, d1, d2, d3), this.side(r, c, SEGMENT_TO[mask], d0, d1, d2, d3));
      return;
    }
    // Saddles: the distance at the centre says whether the two inside corners connect. Their
    // segments stay straight: with two in a cell, a vertex added to one could cross the other.
    this.trace.evaluations++;
    const centreInside = this.near(-180 + (c + 0.5) * dLng, -90 + (r + 0.5) * dLat) <= R;
    const pairs = mask === 5 ? (centreInside ? SADDLE_5_JOINED : SADDLE_5_APART) : centreInside ? SADDLE_10_JOINED : SADDLE_10_APART;
    for (let k = 0; k < 4; k += 2) {
      this.segment(this.side(r, c, pairs[k], d0, d1, d2, d3), this.side(r, c, pairs[k + 1], d0, d1, d2, d3));
    }
  }

  // The crossing point on side k of cell (r, c): e0 = v0v1, e1 = v1v2, e2 = v3v2 (top), e3 = v0v3.
  private side(r: number, c: number, k: number, d0: number, d1: number, d2: number, d3: number): number {
    if (k === 0) return this.crossing(r, c, true, d0, d1);
    if (k === 1) return this.crossing(r, c + 1, false, d1, d2);
    if (k === 2) return this.crossing(r + 1, c, true, d3, d2);
    return this.crossing(r, c, false, d0, d3);
  }

  // Segments from crossing point to crossing point (indices into the trace's points).
  private segment(from: number, to: number): void {
    const t = this.trace;
    t.from.push(t.edge[from]);
    t.to.push(t.edge[to]);
    t.viaStart.push(-1);
    t.viaCount.push(0);
  }

  // A segment alone in its cell, with vertices added on the radius wherever its chord strays
  // from it by more than the tolerance (the sharp inner corner where the offsets of two segments
  // of a line meet, or an arc round a line's end). They stay inside the cell, so no ring can cross another.
  private refinedSegment(from: number, to: number): void {
    const t = this.trace;
    const ax = this.inCell(t.lng[from]);
    const bx = this.inCell(t.lng[to]);
    this.via.length = 0;
    this.refineChord(ax, t.lat[from], bx, t.lat[to], 0);
    t.from.push(t.edge[from]);
    t.to.push(t.edge[to]);
    t.viaStart.push(this.via.length > 0 ? t.via.length : -1);
    t.viaCount.push(this.via.length >> 1);
    for (const v of this.via) t.via.push(v);
  }

  // The longitude shifted by a multiple of 360 into the current cell's frame.
  private inCell(lng: number): number {
    return lng + 360 * Math.round((this.cellLng0 + this.lattice.dLng / 2 - lng) / 360);
  }

  // Bisects the chord a–b: when its midpoint is off the radius by more than the tolerance, finds
  // the radius along the chord's normal (secant steps from the midpoint), keeps that point if it
  // lies in the cell, and goes on with both halves.
  private refineChord(ax: number, ay: number, bx: number, by: number, depth: number): void {
    if (depth >= this.maxDepth) return;
    const R = this.radiusKm;
    const mx = (ax + bx) / 2;
    const my = (ay + by) / 2;
    this.trace.evaluations++;
    const f0 = this.near(mx, my) - R;
    if (!(Math.abs(f0) > this.toleranceKm)) return;
    // The chord's left normal (towards the zone), in degrees per km.
    const kx = Math.cos((my * Math.PI) / 180) * KM_PER_DEGREE;
    const ex = (bx - ax) * kx;
    const ey = (by - ay) * KM_PER_DEGREE;
    const len = Math.hypot(ex, ey);
    if (!(len > 0)) return;
    const nx = -ey / len / kx;
    const ny = ex / len / KM_PER_DEGREE;
    // Outside (f > 0): step towards the zone by f km; inside: away from it.
    let s0 = 0, g0 = f0;
    let s1 = f0, g1 = this.distanceAlong(mx, my, nx, ny, s1);
    for (let step = 0; step < 4 && Math.abs(g1) > this.toleranceKm / 4 && g1 !== g0; step++) {
      const s2 = s1 - (g1 * (s1 - s0)) / (g1 - g0);
      s0 = s1; g0 = g1;
      s1 = s2; g1 = this.distanceAlong(mx, my, nx, ny, s1);
    }
    if (!(Math.abs(g1) <= this.toleranceKm)) return;
    const px = mx + s1 * nx;
    const py = my + s1 * ny;
    const { dLat, dLng } = this.lattice;
    if (px <= this.cellLng0 || px >= this.cellLng0 + dLng || py <= this.cellLat0 || py >= this.cellLat0 + dLat) return;
    this.refineChord(ax, ay, px, py, depth + 1);
    this.via.push(px, py);
    this.refineChord(px, py, bx, by, depth + 1);
  }

  private distanceAlong(x: number, y: number, nx: number, ny: number, s: number): number {
    this.trace.evaluations++;
    return this.near(x + s * nx, y + s * ny) - this.radiusKm;
  }

  // The point on the edge from node (r, c) east (or north) to the next node where the distance is
  // the radius: linear interpolation, then regula falsi steps (Illinois) on the exact distance
  // until within a tenth of the tolerance. Computed once per edge and tracer; returns its index.
  private crossing(r: number, c: number, east: boolean, dA: number, dB: number): number {
    const { dLat, dLng, cols } = this.lattice;
    const col = c % cols;
    const id = 2 * (r * cols + col) + (east ? 0 : 1);
    const known = this.crossings.get(id);
    if (known !== undefined) return known;
    const R = this.radiusKm;
    const lng0 = -180 + col * dLng;
    const lat0 = -90 + r * dLat;
    const stepLng = east ? dLng : 0;
    const stepLat = east ? 0 : dLat;
    // Bracket [a, b] in edge units, f = distance − radius of opposite signs at its ends.
    let a = 0, fa = dA - R;
    let b = 1, fb = dB - R;
    let t = fa / (fa - fb);
    let side = 0;
    for (let step = 0; step < 12; step++) {
      this.trace.evaluations++;
      const ft = this.near(lng0 + t * stepLng, lat0 + t * stepLat) - R;
      if (!(Math.abs(ft) > this.toleranceKm / 10)) break;
      // Illinois: halve the value kept at an end that stays twice, so the bracket keeps shrinking.
      if (ft < 0 === fa < 0) {
        a = t; fa = ft;
        if (side === -1) fb /= 2;
        side = -1;
      } else {
        b = t; fb = ft;
        if (side === 1) fa /= 2;
        side = 1;
      }
      t = a + ((b - a) * fa) / (fa - fb);
    }
    // Never on a node: two sides' points would coincide and rings would touch.
    t = Math.min(1 - 1e-9, Math.max(1e-9, t));
    const k = this.trace.edge.length;
    this.crossings.set(id, k);
    this.trace.edge.push(id);
    this.trace.lng.push(lng0 + t * stepLng);
    this.trace.lat.push(lat0 + t * stepLat);
    return k;
  }
}
