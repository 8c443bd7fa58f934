/**
 * Attribution of points to polygons (the spatial join of sites to areas), in memory: polygon parts
 * flattened into typed arrays, and a cell tree over them (polygon-index-tree.ts) whose leaves are
 * mostly covered by one polygon or empty, and otherwise hold the few edges that decide a point
 * there. The answer is that of an exact half-open crossing-number test over each part (even-odd
 * over its rings), a geometry containing the point when any of its parts does.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { dropHolesOnShell } from './polygon-index-repair';
import { CellTree, type CellTreeData, type RingSet } from './polygon-index-tree';
import { buildCellTree, type CellTreeOptions } from './polygon-index-tree-build';

export { crossesRay } from './polygon-index-tree';

/** Everything a PolygonIndex is made of, as typed arrays: post it to a worker, rebuild with `fromData`. */
export interface PolygonIndexData extends RingSet {
  tree: CellTreeData;
}

export class PolygonIndex {
  /** Number of geometries indexed. */
  readonly size: number;
  /** The flat rings and the tree, as typed arrays (see `fromData`). */
  readonly data: PolygonIndexData;
  private readonly tree: CellTree;
  private readonly minX: number;
  private readonly maxX: number;

  /**
   * Indexes the geometries (longitudes of unwrapped ones may reach past 180). Rings with fewer
   * than 3 positions are ignored; rings are closed if they are not; a hole sharing a stretch of
   * boundary with its outer ring is dropped, as ST_MakeValid fills it (polygon-index-repair.ts).
   */
  constructor(geometries: (Polygon | MultiPolygon)[], options: CellTreeOptions = {}) {
    const rings = flattenRings(geometries);
    this.data = { ...rings, tree: buildCellTree(rings, options) };
    this.size = rings.size;
    this.tree = new CellTree(this.data.tree, rings.coords, rings.size);
    this.minX = this.data.tree.x0;
    this.maxX = this.data.tree.x1;
  }

  /**
   * An index from the typed arrays of another one (`index.data`), as a worker receives them —
   * nothing is rebuilt or copied.
   *
   * @example
   * const copy = PolygonIndex.fromData(structuredClone(index.data));
   */
  static fromData(data: PolygonIndexData): PolygonIndex {
    const index: PolygonIndex = Object.create(PolygonIndex.prototype);
    Object.assign(index, {
      size: data.size,
      data,
      tree: new CellTree(data.tree, data.coords, data.size),
      minX: data.tree.x0,
      maxX: data.tree.x1,
    });
    return index;
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
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) return -1;
    let best = this.size;
    for (let x = lng - 360 * Math.ceil((lng - this.maxX) / 360); x >= this.minX; x -= 360) {
      best = this.tree.lowest(x, lat, best);
    }
    return best === this.size ? -1 : best;
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

  /**
   * Calls `hit(g)` for every geometry containing the point, each once, in no particular order
   * (`stamp` is scratch space of `size` entries, filled with −1 once by the caller, and `id` a
   * number unique to this point, so that no set is allocated per point).
   */
  forEachContaining(lng: number, lat: number, stamp: Int32Array, id: number, hit: (g: number) => void): void {
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) return;
    for (let x = lng - 360 * Math.ceil((lng - this.maxX) / 360); x >= this.minX; x -= 360) {
      this.tree.forEachContaining(x, lat, stamp, id, hit);
    }
  }
}

/** Parts of the geometries as flat typed arrays, each ring closed. */
function flattenRings(geometries: (Polygon | MultiPolygon)[]): RingSet {
  const parts: { geometry: number; rings: Position[][] }[] = [];
  geometries.forEach((g, geometry) => {
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    for (const rings of polygons) {
      const usable = rings.filter((r) => r.length >= 3);
      if (usable.length > 0) parts.push({ geometry, rings: dropHolesOnShell(usable) });
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
  const coords = new Float64Array(vertexCount * 2);
  const ringStart = new Uint32Array(ringCount + 1);
  const partRingStart = new Uint32Array(parts.length + 1);
  const partGeometry = new Int32Array(parts.length);
  let r = 0;
  let v = 0;
  parts.forEach((part, p) => {
    partGeometry[p] = part.geometry;
    partRingStart[p] = r;
    for (const ring of part.rings) {
      ringStart[r++] = v;
      const n = ring.length + (isClosed(ring) ? 0 : 1);
      for (let i = 0; i < n; i++) {
        const [x, y] = ring[i % ring.length];
        coords[2 * v] = x;
        coords[2 * v + 1] = y;
        v++;
      }
    }
  });
  ringStart[r] = v;
  partRingStart[parts.length] = r;
  return { coords, ringStart, partRingStart, partGeometry, size: geometries.length };
}

function isClosed(ring: Position[]): boolean {
  const a = ring[0];
  const b = ring[ring.length - 1];
  return a[0] === b[0] && a[1] === b[1];
}
