/**
 * The cell tree behind PolygonIndex: the plane is cut into a grid of root cells, and a cell that
 * polygon edges cross often is cut again 4 × 4, as ST_Subdivide cuts a big polygon into pieces.
 * A leaf knows which polygons cover it whole (answered with no edge test) and, for each polygon
 * part whose boundary passes near it, the few items that decide a point's parity there.
 *
 * The parity is exactly that of the half-open crossing-number test over the whole part (a ray
 * going east from the point): in a cell, an edge lying wholly west of it never crosses the ray
 * and one wholly east of it crosses it iff it spans the point's y. The latter reduces to its
 * endpoints — an edge from a to b spans y iff (a.y > y) ≠ (b.y > y) — so east edges become
 * "vertex terms" (a.y > y), which cancel in pairs along a chain and are constant for vertices
 * above or below the cell. What is left per cell is a constant parity, the edges that pass within
 * `EPS` of the cell, and a few vertex terms at the ends of chains. Everything is decided with a
 * margin of EPS (far above rounding error), so the result is bit-for-bit the whole-part test.
 */

export type { CellTreeOptions } from './polygon-index-tree-build';

/** Flat rings: what the tree is built over (see PolygonIndex). */
export interface RingSet {
  /** All ring vertices, x,y interleaved, each ring closed (first vertex repeated last). */
  coords: Float64Array;
  /** Ring r holds vertices ringStart[r] … ringStart[r+1]−1. */
  ringStart: Uint32Array;
  /** Rings of part p: partRingStart[p] … partRingStart[p+1]−1. */
  partRingStart: Uint32Array;
  /** Geometry of each part, ascending. */
  partGeometry: Int32Array;
  /** Number of geometries. */
  size: number;
}

/** Typed arrays only, so a tree can be posted to a worker or put in shared memory. */
export interface CellTreeData {
  /** Root frame: a point's fixed-point cell coordinate is floor((x − x0) · sx). */
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  sx: number;
  sy: number;
  rootBitsX: number;
  rootBitsY: number;
  /** Levels below the root grid; each takes 2 bits per axis. */
  levels: number;
  /** Root cells first (row-major), then blocks of 16 children: ≥ 0 → first child, < 0 → ~leaf. */
  nodes: Int32Array;
  /** Leaf l: covers coverStart[l] … coverStart[l+1]−1 (geometries ascending). */
  coverStart: Uint32Array;
  covers: Int32Array;
  /** Leaf l: entries entryStart[l] … entryStart[l+1]−1 (geometries ascending). */
  entryStart: Uint32Array;
  entryGeometry: Int32Array;
  entryParity: Uint8Array;
  /** Entry e: items itemStart[e] … itemStart[e+1]−1; item ≥ 0 is edge k (vertex k → k+1), < 0 is the vertex term ~item. */
  itemStart: Uint32Array;
  items: Int32Array;
}

/**
 * Whether the edge from vertex k to k+1 crosses the ray going east from (x, y), half-open: an
 * edge counts when exactly one endpoint lies above y and x lies strictly west of the crossing.
 * The endpoints are put in a fixed order (lower first) so that a shared edge gives bit-identical
 * results in both polygons — a point on the edge between two areas lands in exactly one.
 */
export function crossesRay(c: Float64Array, k: number, x: number, y: number): boolean {
  const i = 2 * k;
  let x0 = c[i], y0 = c[i + 1], x1 = c[i + 2], y1 = c[i + 3];
  if (y0 > y === y1 > y) return false;
  if (y0 > y1) {
    const tx = x0; x0 = x1; x1 = tx;
    const ty = y0; y0 = y1; y1 = ty;
  }
  return x < x0 + ((y - y0) * (x1 - x0)) / (y1 - y0);
}

/** Queries over a built tree: the lowest geometry containing a point, or every one. */
export class CellTree {
  private readonly coords: Float64Array;
  private readonly t: CellTreeData;
  private readonly size: number;
  // Bits below the root grid, and the last fixed-point coordinate on each axis.
  private readonly shift: number;
  private readonly qxMax: number;
  private readonly qyMax: number;

  constructor(data: CellTreeData, coords: Float64Array, size: number) {
    this.t = data;
    this.coords = coords;
    this.size = size;
    this.shift = 2 * data.levels;
    this.qxMax = 2 ** (data.rootBitsX + this.shift) - 1;
    this.qyMax = 2 ** (data.rootBitsY + this.shift) - 1;
  }

  /** The leaf holding (x, y), or −1 outside the tree's frame. */
  leafOf(x: number, y: number): number {
    const t = this.t;
    if (!(x >= t.x0 && x <= t.x1 && y >= t.y0 && y <= t.y1)) return -1;
    let qx = Math.floor((x - t.x0) * t.sx);
    let qy = Math.floor((y - t.y0) * t.sy);
    if (qx > this.qxMax) qx = this.qxMax;
    if (qy > this.qyMax) qy = this.qyMax;
    let s = this.shift;
    const nodes = t.nodes;
    let v = nodes[((qy >>> s) << t.rootBitsX) | (qx >>> s)];
    while (v >= 0) {
      s -= 2;
      v = nodes[v + ((((qy >>> s) & 3) << 2) | ((qx >>> s) & 3))];
    }
    return ~v;
  }

  /** The lowest geometry below `best` containing (x, y), or `best`. */
  lowest(x: number, y: number, best: number): number {
    const leaf = this.leafOf(x, y);
    if (leaf < 0 || leaf === this.size) return best;
    const t = this.t;
    if (leaf < this.size) return leaf < best ? leaf : best;
    const cs = t.coverStart[leaf];
    if (cs < t.coverStart[leaf + 1] && t.covers[cs] < best) best = t.covers[cs];
    for (let e = t.entryStart[leaf], end = t.entryStart[leaf + 1]; e < end; e++) {
      const g = t.entryGeometry[e];
      if (g >= best) break;
      if (this.entryContains(e, x, y)) return g;
    }
    return best;
  }

  /**
   * Calls hit(g) for each geometry containing (x, y) whose stamp is not `id` yet, and stamps it:
   * a geometry is reported once however many of its parts contain the point.
   */
  forEachContaining(x: number, y: number, stamp: Int32Array, id: number, hit: (g: number) => void): void {
    const leaf = this.leafOf(x, y);
    if (leaf < 0 || leaf === this.size) return;
    if (leaf < this.size) {
      if (stamp[leaf] !== id) {
        stamp[leaf] = id;
        hit(leaf);
      }
      return;
    }
    const t = this.t;
    for (let i = t.coverStart[leaf], end = t.coverStart[leaf + 1]; i < end; i++) {
      const g = t.covers[i];
      if (stamp[g] !== id) {
        stamp[g] = id;
        hit(g);
      }
    }
    for (let e = t.entryStart[leaf], end = t.entryStart[leaf + 1]; e < end; e++) {
      const g = t.entryGeometry[e];
      if (stamp[g] !== id && this.entryContains(e, x, y)) {
        stamp[g] = id;
        hit(g);
      }
    }
  }

  private entryContains(e: number, x: number, y: number): boolean {
    const t = this.t;
    const c = this.coords;
    let inside = t.entryParity[e] === 1;
    for (let i = t.itemStart[e], end = t.itemStart[e + 1]; i < end; i++) {
      const k = t.items[i];
      if (k < 0) {
        if (c[2 * ~k + 1] > y) inside = !inside;
      } else if (crossesRay(c, k, x, y)) {
        inside = !inside;
      }
    }
    return inside;
  }
}
