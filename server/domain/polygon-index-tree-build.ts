/**
 * Building the cell tree of polygon-index-tree.ts: parts are spread over the root grid, then
 * each crowded cell is cut 4 × 4 again, with every decision taken with a margin of EPS.
 */
import type { CellTreeData, RingSet } from './polygon-index-tree';

export interface CellTreeOptions {
  /**
   * A cell is cut again while its entries hold more items (edges and vertex terms) than this:
   * the most a point can cost beyond finding its leaf.
   * @default 24
   */
  maxItems?: number;
  /**
   * Levels of 4 × 4 cuts below the root grid (at most 9).
   * @default 9
   */
  levels?: number;
  /**
   * Target size of a root cell, in the units of the coordinates (degrees), rounded so that the
   * root grid is a power of two (at most 4096) on each axis.
   * @default 0.25
   */
  rootCellDegrees?: number;
}

const defaultOptions: Required<CellTreeOptions> = { maxItems: 24, levels: 9, rootCellDegrees: 0.25 };

function normalizeOptions(options: CellTreeOptions): Required<CellTreeOptions> {
  const o = { ...defaultOptions, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) };
  if (!(o.maxItems >= 0)) throw new Error(`invalid maxItems: ${o.maxItems}`);
  if (!(Number.isInteger(o.levels) && o.levels >= 0 && o.levels <= 9)) throw new Error(`invalid levels: ${o.levels} (expected an integer from 0 to 9)`);
  if (!(o.rootCellDegrees > 0)) throw new Error(`invalid rootCellDegrees: ${o.rootCellDegrees}`);
  return o;
}

/** Margin, in degrees, by which every decision of the build is safe from rounding. */
const EPS = 1e-9;

/** A part's state in one cell while the tree is built. */
interface Entry {
  geometry: number;
  parity: number;
  edges: number[];
  verts: number[];
}

/** Builds the tree over a ring set. */
export function buildCellTree(rings: RingSet, options: CellTreeOptions = {}): CellTreeData {
  return new Builder(rings, normalizeOptions(options)).build();
}

class Builder {
  private readonly coords: Float64Array;
  // Canonical end vertex of edge k: k+1, or the ring's first vertex for its closing edge.
  private readonly edgeEnd: Int32Array;
  // The output, grown as typed arrays (millions of entries: plain arrays would keep the GC busy).
  private readonly nodes = new IntList();
  private readonly coverStart = new IntList();
  private readonly covers = new IntList();
  private readonly entryStart = new IntList();
  private readonly entryGeometry = new IntList();
  private readonly entryParity = new IntList();
  private readonly itemStart = new IntList([0]);
  private readonly items = new IntList();
  private x0 = 0;
  private y0 = 0;
  private sx = 1;
  private sy = 1;
  private rootBitsX = 0;
  private rootBitsY = 0;

  constructor(
    private readonly rings: RingSet,
    private readonly options: Required<CellTreeOptions>,
  ) {
    this.coords = rings.coords;
    const vertexCount = rings.coords.length >> 1;
    this.edgeEnd = new Int32Array(vertexCount);
    const rs = rings.ringStart;
    for (let r = 0; r + 1 < rs.length; r++) {
      for (let k = rs[r]; k < rs[r + 1] - 1; k++) this.edgeEnd[k] = k + 1;
      if (rs[r + 1] - rs[r] >= 2) this.edgeEnd[rs[r + 1] - 2] = rs[r];
    }
  }

  build(): CellTreeData {
    const { coords, rings, options } = this;
    const size = rings.size;
    // Leaves 0 … size−1 are "covered by geometry g alone", leaf `size` is empty: most leaves are one of these.
    for (let g = 0; g <= size; g++) {
      this.coverStart.push(this.covers.length);
      if (g < size) this.covers.push(g);
      this.entryStart.push(0);
    }
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < coords.length; i += 2) {
      const x = coords[i], y = coords[i + 1];
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    if (!(maxX >= minX)) [minX, minY, maxX, maxY] = [0, 0, 1, 1];
    const pad = 1e-6 * Math.max(1, maxX - minX, maxY - minY);
    minX -= pad; minY -= pad; maxX += pad; maxY += pad;
    const bits = (extent: number) => Math.max(0, Math.min(12, Math.round(Math.log2(extent / options.rootCellDegrees))));
    this.rootBitsX = bits(maxX - minX);
    this.rootBitsY = bits(maxY - minY);
    // A small input gets a small root grid: about as many root cells as edges, at most.
    const edgeCount = (coords.length >> 1) - (rings.ringStart.length - 1);
    while (this.rootBitsX + this.rootBitsY > 4 && 2 ** (this.rootBitsX + this.rootBitsY) > edgeCount) {
      if (this.rootBitsX >= this.rootBitsY) this.rootBitsX--;
      else this.rootBitsY--;
    }
    this.x0 = minX;
    this.y0 = minY;
    this.sx = 2 ** (this.rootBitsX + 2 * options.levels) / (maxX - minX);
    this.sy = 2 ** (this.rootBitsY + 2 * options.levels) / (maxY - minY);

    const nx = 1 << this.rootBitsX, ny = 1 << this.rootBitsY;
    const rootEntries: (Entry[] | undefined)[] = new Array(nx * ny);
    const rootCovered: (number[] | undefined)[] = new Array(nx * ny);
    for (let i = 0; i < nx * ny; i++) this.nodes.push(~size);
    const unit = 2 * options.levels;
    const cellW = 2 ** unit / this.sx, cellH = 2 ** unit / this.sy;
    const rs = rings.ringStart, prs = rings.partRingStart;
    let cells: (Entry | undefined)[] = [];
    let cover = new Uint8Array(0);
    for (let p = 0; p + 1 < prs.length; p++) {
      const edges: number[] = [];
      let pMinX = Infinity, pMinY = Infinity, pMaxX = -Infinity, pMaxY = -Infinity;
      for (let r = prs[p]; r < prs[p + 1]; r++) {
        for (let k = rs[r]; k < rs[r + 1] - 1; k++) {
          const x = coords[2 * k], y = coords[2 * k + 1];
          if (x < pMinX) pMinX = x;
          if (x > pMaxX) pMaxX = x;
          if (y < pMinY) pMinY = y;
          if (y > pMaxY) pMaxY = y;
          // A horizontal edge never spans a y (both endpoints are above it or neither is).
          if (y !== coords[2 * k + 3]) edges.push(k);
        }
      }
      if (edges.length === 0) continue;
      // At the root a part is whole rings with parity 0, so cells outside its bounding box stay outside.
      const cA = clamp(Math.floor((pMinX - EPS - minX) / cellW), 0, nx - 1);
      const cB = clamp(Math.floor((pMaxX + EPS - minX) / cellW), 0, nx - 1);
      const rA = clamp(Math.floor((pMinY - EPS - minY) / cellH), 0, ny - 1);
      const rB = clamp(Math.floor((pMaxY + EPS - minY) / cellH), 0, ny - 1);
      const entry: Entry = { geometry: rings.partGeometry[p], parity: 0, edges, verts: [] };
      const cols = cB - cA + 1;
      if (cells.length < cols * (rB - rA + 1)) {
        cells = new Array(cols * (rB - rA + 1));
        cover = new Uint8Array(cells.length);
      }
      this.refine(entry, minX, minY, cellW, cellH, cA, cB, rA, rB, cells, cover);
      for (let r = rA; r <= rB; r++) {
        for (let c = cA; c <= cB; c++) {
          const i = (r - rA) * cols + (c - cA);
          const child = cells[i];
          if (child) {
            (rootEntries[r * nx + c] ??= []).push(child);
          } else if (cover[i]) {
            const list = (rootCovered[r * nx + c] ??= []);
            if (list[list.length - 1] !== entry.geometry) list.push(entry.geometry);
          }
        }
      }
    }
    for (let r = 0; r < ny; r++) {
      for (let c = 0; c < nx; c++) {
        const entries = rootEntries[r * nx + c] ?? [];
        const covered = rootCovered[r * nx + c] ?? [];
        if (entries.length === 0 && covered.length === 0) continue;
        rootEntries[r * nx + c] = undefined;
        this.buildNode(r * nx + c, entries, covered, minX + c * cellW, minY + r * cellH, cellW, cellH, options.levels);
      }
    }
    return {
      x0: this.x0,
      y0: this.y0,
      x1: maxX,
      y1: maxY,
      sx: this.sx,
      sy: this.sy,
      rootBitsX: this.rootBitsX,
      rootBitsY: this.rootBitsY,
      levels: options.levels,
      nodes: this.nodes.toArray(),
      coverStart: new Uint32Array(this.coverStart.push(this.covers.length).toArray().buffer),
      covers: this.covers.toArray(),
      entryStart: new Uint32Array(this.entryStart.push(this.entryGeometry.length).toArray().buffer),
      entryGeometry: this.entryGeometry.toArray(),
      entryParity: Uint8Array.from(this.entryParity.toArray()),
      itemStart: new Uint32Array(this.itemStart.toArray().buffer),
      items: this.items.toArray(),
    };
  }

  /**
   * Fills node `slot` for a cell with these entries (in geometry order) and the geometries that
   * cover it whole (ascending): a leaf, or 16 children cut again.
   */
  private buildNode(slot: number, entries: Entry[], covered: number[], x0: number, y0: number, w: number, h: number, levelsLeft: number): void {
    // A geometry that covers the cell needs no entry.
    if (covered.length > 0) entries = entries.filter((e) => !covered.includes(e.geometry));
    let items = 0;
    for (const e of entries) items += e.edges.length + e.verts.length;
    if (items <= this.options.maxItems || levelsLeft === 0) {
      this.nodes.set(slot, ~this.leaf(entries, covered));
      return;
    }
    const first = this.nodes.length;
    this.nodes.set(slot, first);
    for (let i = 0; i < 16; i++) this.nodes.push(0);
    const childEntries: Entry[][] = [];
    // Copied on write: most children are covered by what covers their parent.
    const childCovered: number[][] = [];
    for (let i = 0; i < 16; i++) {
      childEntries.push([]);
      childCovered.push(covered);
    }
    const { cells16: cells, cover16: cover } = this;
    const cw = w / 4, ch = h / 4;
    for (const e of entries) {
      this.refine(e, x0, y0, cw, ch, 0, 3, 0, 3, cells, cover);
      for (let i = 0; i < 16; i++) {
        const child = cells[i];
        if (child) {
          childEntries[i].push(child);
        } else if (cover[i] && !childCovered[i].includes(e.geometry)) {
          if (childCovered[i] === covered) childCovered[i] = covered.slice();
          childCovered[i].push(e.geometry);
        }
      }
    }
    cells.fill(undefined);
    for (let i = 0; i < 16; i++) {
      const c = i & 3, r = i >> 2;
      const list = childCovered[i];
      if (list !== covered) list.sort((a, b) => a - b);
      this.buildNode(first + i, childEntries[i], list, x0 + c * cw, y0 + r * ch, cw, ch, levelsLeft - 1);
    }
  }

  private leaf(entries: Entry[], covered: number[]): number {
    const size = this.rings.size;
    if (entries.length === 0) {
      if (covered.length === 0) return size;
      if (covered.length === 1) return covered[0];
    }
    const id = this.coverStart.length;
    this.coverStart.push(this.covers.length);
    this.entryStart.push(this.entryGeometry.length);
    for (const g of covered) this.covers.push(g);
    for (const e of entries) {
      this.entryGeometry.push(e.geometry);
      this.entryParity.push(e.parity);
      for (const k of e.edges) this.items.push(k);
      for (const v of e.verts) this.items.push(~v);
      this.itemStart.push(this.items.length);
    }
    return id;
  }

  // Scratch for refine: per row, (vertex, L) pairs — the vertex term (v.y > y) applies to the
  // first L columns of the row; and a parity added to every cell of a row.
  private toggles: number[][] = [];
  // Scratch for buildNode: refine's output for the 16 children, read before any recursion.
  private readonly cells16: (Entry | undefined)[] = new Array(16).fill(undefined);
  private readonly cover16 = new Uint8Array(16);
  // Scratch for applyToggles.
  private order = new Int32Array(64);
  private rowParity = new Uint8Array(0);
  private colParity = new Uint8Array(0);

  /**
   * Splits one entry over the cells [cA, cB] × [rA, rB] of a grid with origin (gx0, gy0) and
   * cells of w × h. Cell i = (r − rA) · cols + (c − cA) gets in `cells[i]` the entry's state
   * there if it still has items, else undefined, and `cover[i]` = 1 if then its parity is odd (the
   * part covers the cell whole).
   */
  private refine(
    entry: Entry,
    gx0: number, gy0: number, w: number, h: number,
    cA: number, cB: number, rA: number, rB: number,
    cells: (Entry | undefined)[], cover: Uint8Array,
  ): void {
    const coords = this.coords;
    const cols = cB - cA + 1, rows = rB - rA + 1;
    cells.fill(undefined, 0, cols * rows);
    while (this.toggles.length < rows) this.toggles.push([]);
    for (let r = 0; r < rows; r++) this.toggles[r].length = 0;
    if (this.rowParity.length < rows) this.rowParity = new Uint8Array(2 * rows);
    if (this.colParity.length < cols + 1) this.colParity = new Uint8Array(2 * cols + 2);
    const rowParity = this.rowParity;
    rowParity.fill(0, 0, rows);

    for (const k of entry.edges) {
      const i = 2 * k, j = 2 * this.edgeEnd[k];
      let ax = coords[i], ay = coords[i + 1], bx = coords[j], by = coords[j + 1];
      if (ay > by) {
        const tx = ax; ax = bx; bx = tx;
        const ty = ay; ay = by; by = ty;
      }
      const r0 = Math.max(rA, Math.floor((ay - EPS - gy0) / h));
      const r1 = Math.min(rB, Math.floor((by + EPS - gy0) / h));
      for (let r = r0; r <= r1; r++) {
        const yLo = gy0 + r * h - EPS, yHi = gy0 + (r + 1) * h + EPS;
        if (by < yLo || ay > yHi) continue;
        // The x-range of the edge between yLo and yHi.
        let xa = ax, xb = bx;
        if (ay < yLo) xa = ax + ((yLo - ay) * (bx - ax)) / (by - ay);
        if (by > yHi) xb = ax + ((yHi - ay) * (bx - ax)) / (by - ay);
        const xMin = xa < xb ? xa : xb, xMax = xa < xb ? xb : xa;
        const c0 = Math.floor((xMin - EPS - gx0) / w);
        const c1 = Math.floor((xMax + EPS - gx0) / w);
        for (let c = Math.max(c0, cA), cEnd = Math.min(c1, cB); c <= cEnd; c++) {
          const ci = (r - rA) * cols + (c - cA);
          (cells[ci] ??= { geometry: entry.geometry, parity: 0, edges: [], verts: [] }).edges.push(k);
        }
        // Columns west of c0 see the edge wholly east: it crosses their ray iff it spans y.
        const L = clamp(c0 - cA, 0, cols);
        if (L > 0) this.toggles[r - rA].push(k, L, this.edgeEnd[k], L);
      }
    }
    for (const v of entry.verts) {
      const vy = coords[2 * v + 1];
      for (let r = rA; r <= rB; r++) {
        const yLo = gy0 + r * h - EPS, yHi = gy0 + (r + 1) * h + EPS;
        if (vy > yHi) rowParity[r - rA] ^= 1;
        else if (vy >= yLo) this.toggles[r - rA].push(v, cols);
      }
    }

    const colParity = this.colParity;
    for (let r = rA; r <= rB; r++) {
      colParity.fill(0, 0, cols + 1);
      const t = this.toggles[r - rA];
      if (t.length > 0) this.applyToggles(t, entry.geometry, r, gy0, h, (r - rA) * cols, colParity, cells);
      // colParity marks the ends of toggled intervals: a running xor gives each column's parity.
      let running = entry.parity ^ rowParity[r - rA];
      for (let c = 0; c < cols; c++) {
        running ^= colParity[c];
        const ci = (r - rA) * cols + c;
        const e = cells[ci];
        cover[ci] = 0;
        if (e) e.parity = running;
        else cover[ci] = running;
      }
    }
  }

  // Groups the (vertex, L) pairs of a row by the vertex's y (the term (v.y > y) depends on nothing
  // else): the term applies to the columns an odd number of its prefixes reach. Terms constant
  // over the row go into colParity, the others into the cells.
  private applyToggles(t: number[], geometry: number, r: number, gy0: number, h: number, rowBase: number, colParity: Uint8Array, cells: (Entry | undefined)[]): void {
    const coords = this.coords;
    const n = t.length >> 1;
    if (this.order.length < n) this.order = new Int32Array(2 * n);
    const order = this.order;
    for (let i = 0; i < n; i++) order[i] = i;
    // By the vertex's y, then by prefix length.
    const before = (a: number, b: number) => {
      const d = coords[2 * t[2 * a] + 1] - coords[2 * t[2 * b] + 1];
      return d !== 0 ? d < 0 : t[2 * a + 1] < t[2 * b + 1];
    };
    if (n <= 24) {
      for (let i = 1; i < n; i++) {
        const v = order[i];
        let j = i - 1;
        while (j >= 0 && before(v, order[j])) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = v;
      }
    } else {
      order.subarray(0, n).sort((a, b) => coords[2 * t[2 * a] + 1] - coords[2 * t[2 * b] + 1] || t[2 * a + 1] - t[2 * b + 1]);
    }
    const yLo = gy0 + r * h - EPS, yHi = gy0 + (r + 1) * h + EPS;
    for (let s = 0; s < n;) {
      const v = t[2 * order[s]];
      const vy = coords[2 * v + 1];
      let e = s;
      while (e < n && coords[2 * t[2 * order[e]] + 1] === vy) e++;
      if (vy >= yLo) {
        // Prefix lengths ascend from s to e−1; between consecutive lengths, the number of
        // prefixes reaching a column is constant: walk from the longest down.
        let count = 0;
        for (let q = e - 1; q >= s; q--) {
          const hi = t[2 * order[q] + 1];
          const lo = q > s ? t[2 * order[q - 1] + 1] : 0;
          count++;
          if (count & 1 && lo < hi) {
            if (vy > yHi) {
              colParity[lo] ^= 1;
              colParity[hi] ^= 1;
            } else {
              for (let c = lo; c < hi; c++) (cells[rowBase + c] ??= { geometry, parity: 0, edges: [], verts: [] }).verts.push(v);
            }
          }
        }
      }
      s = e;
    }
  }
}

/** A growable Int32Array. */
class IntList {
  private a: Int32Array;
  length = 0;

  constructor(initial: number[] = []) {
    this.a = new Int32Array(Math.max(1024, initial.length));
    for (const v of initial) this.push(v);
  }

  push(v: number): this {
    if (this.length === this.a.length) {
      const grown = new Int32Array(2 * this.a.length);
      grown.set(this.a);
      this.a = grown;
    }
    this.a[this.length++] = v;
    return this;
  }

  set(i: number, v: number): void {
    this.a[i] = v;
  }

  toArray(): Int32Array {
    return this.a.slice(0, this.length);
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

