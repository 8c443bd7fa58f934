/**
 * Attribution of points to polygons (the spatial join of sites to areas), in memory: a flatbush
 * index over the bounding boxes of polygon parts, then an exact crossing-number test. Parts with
 * many edges get a slab index (edges bucketed into horizontal bands) so a test scans one band.
 */
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';

// Parts with fewer edges are scanned whole: the band lookup would cost more than it saves.
const SLAB_MIN_EDGES = 32;
// Aim for about this many edges per band.
const EDGES_PER_BAND = 4;
const MAX_BANDS = 1 << 16;

/**
 * Whether the edge from vertex k to k+1 of `c` (x,y interleaved) crosses the ray going east from
 * (x, y). Half-open: an edge counts when exactly one endpoint lies above y, and when x lies
 * strictly west of the crossing. The endpoints are put in a fixed order (lower first) so that a
 * shared edge gives bit-identical results in both polygons — a point on the edge between two
 * areas of a partition lands in exactly one of them.
 */
function crossesRay(c: Float64Array, k: number, x: number, y: number): boolean {
  const i = 2 * k;
  let x0 = c[i], y0 = c[i + 1], x1 = c[i + 2], y1 = c[i + 3];
  if (y0 > y === y1 > y) return false;
  if (y0 > y1) {
    const tx = x0; x0 = x1; x1 = tx;
    const ty = y0; y0 = y1; y1 = ty;
  }
  return x < x0 + ((y - y0) * (x1 - x0)) / (y1 - y0);
}

export class PolygonIndex {
  /** Number of geometries indexed. */
  readonly size: number;
  // All ring vertices, x,y interleaved, each ring closed (first vertex repeated last).
  private readonly coords: Float64Array;
  // Vertex offsets: ring r holds vertices ringStart[r] … ringStart[r+1]-1.
  private readonly ringStart: Uint32Array;
  // Rings of part p: partRingStart[p] … partRingStart[p+1]-1.
  private readonly partRingStart: Uint32Array;
  private readonly partGeometry: Int32Array;
  // Slab of part p (index into the slab arrays) or -1 when the part is scanned whole.
  private readonly partSlab: Int32Array;
  private readonly slabMinY: Float64Array;
  private readonly slabInvHeight: Float64Array;
  private readonly slabBands: Uint32Array;
  // Band b of slab s lists edges bandEdges[bandStart[slabFirstBand[s]+b]] … up to the next band.
  private readonly slabFirstBand: Uint32Array;
  private readonly bandStart: Uint32Array;
  private readonly bandEdges: Uint32Array;
  private readonly tree: Flatbush | null;
  private readonly minX: number;
  private readonly maxX: number;
  // Query state shared with `visit`, so a search allocates no closure.
  private qx = 0;
  private qy = 0;
  private best = -1;

  constructor(geometries: (Polygon | MultiPolygon)[]) {
    this.size = geometries.length;
    const parts: { geometry: number; rings: Position[][] }[] = [];
    geometries.forEach((g, geometry) => {
      const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
      for (const rings of polygons) {
        const usable = rings.filter((r) => r.length >= 3);
        if (usable.length > 0) parts.push({ geometry, rings: usable });
      }
    });

    // Pass 1: count rings and vertices (closing each ring) so everything lands in flat arrays.
    let ringCount = 0;
    let vertexCount = 0;
    for (const part of parts) {
      for (const ring of part.rings) {
        ringCount++;
        vertexCount += ring.length + (isClosed(ring) ? 0 : 1);
      }
    }
    this.coords = new Float64Array(vertexCount * 2);
    this.ringStart = new Uint32Array(ringCount + 1);
    this.partRingStart = new Uint32Array(parts.length + 1);
    this.partGeometry = new Int32Array(parts.length);
    this.partSlab = new Int32Array(parts.length).fill(-1);
    const bboxes = new Float64Array(parts.length * 4);

    let r = 0;
    let v = 0;
    const slabParts: number[] = [];
    parts.forEach((part, p) => {
      this.partGeometry[p] = part.geometry;
      this.partRingStart[p] = r;
      let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (const ring of part.rings) {
        this.ringStart[r++] = v;
        const n = ring.length + (isClosed(ring) ? 0 : 1);
        for (let i = 0; i < n; i++) {
          const [x, y] = ring[i % ring.length];
          this.coords[2 * v] = x;
          this.coords[2 * v + 1] = y;
          v++;
          if (x < minX) minX = x;
          if (x > maxX) maxX = x;
          if (y < minY) minY = y;
          if (y > maxY) maxY = y;
        }
      }
      bboxes.set([minX, minY, maxX, maxY], 4 * p);
      // A closed ring of n vertices has n − 1 edges.
      const edges = v - this.ringStart[this.partRingStart[p]] - part.rings.length;
      if (edges >= SLAB_MIN_EDGES && maxY > minY) slabParts.push(p);
    });
    this.ringStart[r] = v;
    this.partRingStart[parts.length] = r;

    // Slabs: pass 1 counts the entries of each band, pass 2 fills them.
    const s = slabParts.length;
    this.slabMinY = new Float64Array(s);
    this.slabInvHeight = new Float64Array(s);
    this.slabBands = new Uint32Array(s);
    this.slabFirstBand = new Uint32Array(s + 1);
    slabParts.forEach((p, i) => {
      this.partSlab[p] = i;
      const edges = this.edgeCount(p);
      const bands = Math.min(MAX_BANDS, Math.ceil(edges / EDGES_PER_BAND));
      this.slabMinY[i] = bboxes[4 * p + 1];
      this.slabInvHeight[i] = bands / (bboxes[4 * p + 3] - bboxes[4 * p + 1]);
      this.slabBands[i] = bands;
      this.slabFirstBand[i + 1] = this.slabFirstBand[i] + bands;
    });
    const counts = new Uint32Array(this.slabFirstBand[s] + 1);
    this.forEachSlabEntry((band) => counts[band + 1]++);
    for (let i = 1; i < counts.length; i++) counts[i] += counts[i - 1];
    this.bandStart = counts;
    this.bandEdges = new Uint32Array(counts[counts.length - 1]);
    const fill = counts.slice(0, -1);
    this.forEachSlabEntry((band, edge) => (this.bandEdges[fill[band]++] = edge));

    this.minX = Infinity;
    this.maxX = -Infinity;
    if (parts.length === 0) {
      this.tree = null;
    } else {
      this.tree = new Flatbush(parts.length);
      for (let p = 0; p < parts.length; p++) {
        this.tree.add(bboxes[4 * p], bboxes[4 * p + 1], bboxes[4 * p + 2], bboxes[4 * p + 3]);
      }
      this.tree.finish();
      this.minX = this.tree.minX;
      this.maxX = this.tree.maxX;
    }
  }

  /**
   * Index of the geometry containing the point, or −1. Where geometries overlap, the lowest index
   * wins. Longitudes of unwrapped geometries may exceed 180: the point is also tried at lng ± 360.
   *
   * @example
   * const index = new PolygonIndex([{ type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]] }]);
   * index.locate(0.5, 0.5); // 0
   */
  locate(lng: number, lat: number): number {
    if (this.tree === null || !Number.isFinite(lng) || !Number.isFinite(lat)) return -1;
    this.best = this.size;
    this.qy = lat;
    for (let x = lng - 360 * Math.ceil((lng - this.maxX) / 360); x >= this.minX; x -= 360) {
      this.qx = x;
      this.tree.search(x, lat, x, lat, this.visit);
    }
    return this.best === this.size ? -1 : this.best;
  }

  /**
   * `locate` for many points at once: `coords` holds lng,lat pairs; returns one index (or −1) per pair.
   *
   * @example
   * index.locateAll(new Float64Array([0.5, 0.5, 2, 2])); // Int32Array [0, -1]
   */
  locateAll(coords: Float64Array): Int32Array {
    const out = new Int32Array(coords.length >> 1);
    for (let i = 0; i < out.length; i++) out[i] = this.locate(coords[2 * i], coords[2 * i + 1]);
    return out;
  }

  // Flatbush filter: test the part exactly, keep the lowest geometry index; never collect results.
  private readonly visit = (part: number): boolean => {
    const g = this.partGeometry[part];
    if (g < this.best && this.containsInPart(part, this.qx, this.qy)) this.best = g;
    return false;
  };

  private containsInPart(part: number, x: number, y: number): boolean {
    const c = this.coords;
    let inside = false;
    const slab = this.partSlab[part];
    if (slab >= 0) {
      const band = this.slabFirstBand[slab] + this.bandOf(slab, y);
      for (let e = this.bandStart[band], end = this.bandStart[band + 1]; e < end; e++) {
        if (crossesRay(c, this.bandEdges[e], x, y)) inside = !inside;
      }
      return inside;
    }
    for (let r = this.partRingStart[part], rEnd = this.partRingStart[part + 1]; r < rEnd; r++) {
      for (let k = this.ringStart[r], kEnd = this.ringStart[r + 1] - 1; k < kEnd; k++) {
        if (crossesRay(c, k, x, y)) inside = !inside;
      }
    }
    return inside;
  }

  // One formula for edges and queries: it is monotone in y, so an edge spanning y is in y's band.
  private bandOf(slab: number, y: number): number {
    const b = Math.floor((y - this.slabMinY[slab]) * this.slabInvHeight[slab]);
    return b < 0 ? 0 : b >= this.slabBands[slab] ? this.slabBands[slab] - 1 : b;
  }

  private edgeCount(part: number): number {
    const first = this.partRingStart[part];
    const last = this.partRingStart[part + 1];
    return this.ringStart[last] - this.ringStart[first] - (last - first);
  }

  // Calls fn(global band, edge) for every band each non-horizontal edge of a slabbed part spans.
  private forEachSlabEntry(fn: (band: number, edge: number) => void): void {
    const c = this.coords;
    for (let p = 0; p < this.partSlab.length; p++) {
      const slab = this.partSlab[p];
      if (slab < 0) continue;
      const first = this.slabFirstBand[slab];
      for (let r = this.partRingStart[p], rEnd = this.partRingStart[p + 1]; r < rEnd; r++) {
        for (let k = this.ringStart[r], kEnd = this.ringStart[r + 1] - 1; k < kEnd; k++) {
          const y0 = c[2 * k + 1];
          const y1 = c[2 * k + 3];
          if (y0 === y1) continue;
          const b1 = this.bandOf(slab, Math.max(y0, y1));
          for (let b = this.bandOf(slab, Math.min(y0, y1)); b <= b1; b++) fn(first + b, k);
        }
      }
    }
  }
}

function isClosed(ring: Position[]): boolean {
  const a = ring[0];
  const b = ring[ring.length - 1];
  return a[0] === b[0] && a[1] === b[1];
}
