import type { GeoJSONVTFeature } from '@maplibre/geojson-vt';
import { lowerBound, mortonCode, sortOrderByKey } from './morton-code';
import { unitX, unitY } from './web-mercator';

export type PropertyValue = string | number | null;

/** A point layer as flat columns, the way the stores return it. */
export interface PointLayerData {
  kind: 'points';
  /** [lng, lat] pairs one after the other. */
  coordinates: ArrayLike<number>;
  /** Columns shown on individual points (and on an aggregate of a single point), one value per point. */
  properties: Record<string, ArrayLike<PropertyValue>>;
  /** Numeric columns of `properties` that aggregates add up (places: population). */
  sums?: string[];
}

export interface PointTileOptions {
  /** Below this zoom points are aggregated into grid cells; from it up they are sent one by one. @default 8 */
  aggregateBelowZoom?: number;
  /** log2 of the grid cells along a tile side: 6 is 64 × 64 cells of 64 units of a 4096 extent. @default 6 */
  cellBits?: number;
  /** A tile at the individual zooms with more points than this is aggregated as well (no tile over ~500 KB). @default 8000 */
  maxPointsPerTile?: number;
  /** Tile extent, as in the MVT. @default 4096 */
  extent?: number;
}

const defaultOptions: Required<PointTileOptions> = {
  aggregateBelowZoom: 8,
  cellBits: 6,
  maxPointsPerTile: 8000,
  extent: 4096,
};

/** Points are sorted by their Morton code on a grid of this zoom (2^16 cells a side, ~600 m). */
export const POINT_KEY_ZOOM = 16;

/** Cells of one zoom of the aggregation pyramid, sorted by Morton code. */
interface CellLevel {
  keys: Uint32Array;
  counts: Uint32Array;
  sumX: Float64Array;
  sumY: Float64Array;
  /** One column per `sums` entry. */
  sums: Float64Array[];
  /** Sorted position of the cell's first point (its only point when the count is 1). */
  first: Uint32Array;
}

/**
 * Tiles of a point layer: individual points from `aggregateBelowZoom` up, grid aggregates below.
 *
 * Why a grid in tile pixel space and not H3: the grid of a tile is the 2 × 2 split of its parent's,
 * so each point falls in exactly one cell of exactly one tile at every zoom (H3 cells straddle tile
 * edges and would need an owner rule, and H3 children do not tile their parent exactly); the whole
 * pyramid comes out of one linear pass over the Morton-sorted points, and a tile's cells are one
 * contiguous range found by binary search — no h3-js (and its 1 MB of compiled code) on the server.
 */
export class PointTileIndex {
  readonly options: Required<PointTileOptions>;
  readonly data: PointLayerData;
  /** Number of points indexed (points without finite coordinates are left out). */
  readonly size: number;
  private readonly keys: Uint32Array;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  /** Original index of the point at each sorted position. */
  private readonly ids: Uint32Array;
  private readonly sumNames: string[];
  private readonly sumColumns: Float64Array[];
  /** levels[z] aggregates zoom z's tiles, z < aggregateBelowZoom. */
  private readonly levels: CellLevel[] = [];

  constructor(data: PointLayerData, options: PointTileOptions = {}) {
    this.options = { ...defaultOptions, ...options };
    const { aggregateBelowZoom, cellBits } = this.options;
    if (aggregateBelowZoom - 1 + cellBits > POINT_KEY_ZOOM) {
      throw new Error(`aggregateBelowZoom − 1 + cellBits must be at most ${POINT_KEY_ZOOM}, got ${aggregateBelowZoom - 1 + cellBits}`);
    }
    this.data = data;
    this.sumNames = data.sums ?? [];
    for (const name of this.sumNames) {
      if (!data.properties[name]) throw new Error(`sums names '${name}', which is not one of the properties (${Object.keys(data.properties).join(', ')})`);
    }

    // Project once to the unit square and key by Morton code (points with no position are dropped).
    const total = data.coordinates.length >> 1;
    const px = new Float64Array(total);
    const py = new Float64Array(total);
    const rawKeys = new Uint32Array(total);
    const kept = new Uint32Array(total);
    const side = 2 ** POINT_KEY_ZOOM;
    let n = 0;
    for (let i = 0; i < total; i++) {
      const lng = data.coordinates[2 * i];
      const lat = data.coordinates[2 * i + 1];
      if (!Number.isFinite(lng) || !Number.isFinite(lat)) continue;
      px[n] = unitX(lng);
      py[n] = unitY(lat);
      rawKeys[n] = mortonCode(Math.floor(px[n] * side), Math.floor(py[n] * side));
      kept[n++] = i;
    }
    this.size = n;
    const order = sortOrderByKey(rawKeys.subarray(0, n));
    this.keys = new Uint32Array(n);
    this.xs = new Float64Array(n);
    this.ys = new Float64Array(n);
    this.ids = new Uint32Array(n);
    this.sumColumns = this.sumNames.map(() => new Float64Array(n));
    const sumSources = this.sumNames.map((name) => data.properties[name]);
    for (let j = 0; j < n; j++) {
      const i = order[j];
      this.keys[j] = rawKeys[i];
      this.xs[j] = px[i];
      this.ys[j] = py[i];
      this.ids[j] = kept[i];
      for (let s = 0; s < sumSources.length; s++) {
        const v = Number(sumSources[s][kept[i]]);
        this.sumColumns[s][j] = Number.isFinite(v) ? v : 0;
      }
    }
    this.buildPyramid();
  }

  // The finest level from the points in one pass, then each coarser one by merging 2 × 2 cells.
  private buildPyramid(): void {
    const { aggregateBelowZoom, cellBits } = this.options;
    const finest = aggregateBelowZoom - 1;
    const points: CellLevel = { keys: this.keys, counts: new Uint32Array(0), sumX: this.xs, sumY: this.ys, sums: this.sumColumns, first: new Uint32Array(0) };
    let level = groupCells(points, 2 * (POINT_KEY_ZOOM - (finest + cellBits)), true);
    this.levels[finest] = level;
    for (let z = finest - 1; z >= 0; z--) this.levels[z] = level = groupCells(level, 2, false);
  }

  /** Sorted positions [start, end) of the points in tile z/x/y (z ≤ POINT_KEY_ZOOM). */
  pointRange(z: number, x: number, y: number): [number, number] {
    if (z > POINT_KEY_ZOOM) throw new Error(`zoom ${z} is above the point index's zoom ${POINT_KEY_ZOOM}`);
    const span = 4 ** (POINT_KEY_ZOOM - z);
    const lo = mortonCode(x, y) * span;
    const start = lowerBound(this.keys, lo);
    return [start, lowerBound(this.keys, lo + span, start)];
  }

  /**
   * The features of tile z/x/y in tile coordinates, ready for vt-pbf: aggregates carrying `count`
   * and the sums below `aggregateBelowZoom` (or when `aggregate` is set, or the tile holds more
   * than `maxPointsPerTile` points), otherwise one feature per point with its properties and its
   * index as id. Each point belongs to exactly one tile: no buffer, so nothing is counted twice.
   */
  getTile(z: number, x: number, y: number, opts: { aggregate?: boolean } = {}): { features: GeoJSONVTFeature[]; aggregated: boolean } {
    const { aggregateBelowZoom, cellBits } = this.options;
    if (z < aggregateBelowZoom) {
      const level = this.levels[z];
      const cells = 1 << (2 * cellBits);
      const lo = mortonCode(x, y) * cells;
      const start = lowerBound(level.keys, lo);
      const end = lowerBound(level.keys, lo + cells, start);
      const features: GeoJSONVTFeature[] = [];
      for (let c = start; c < end; c++) {
        features.push(this.aggregateFeature(z, x, y, level.counts[c], level.sumX[c], level.sumY[c], level.sums, c, level.first[c]));
      }
      return { features, aggregated: true };
    }
    const [start, end] = this.pointRange(z, x, y);
    if (opts.aggregate || end - start > this.options.maxPointsPerTile) return { features: this.aggregateRange(z, x, y, start, end), aggregated: true };
    const features: GeoJSONVTFeature[] = [];
    for (let j = start; j < end; j++) {
      const id = this.ids[j];
      features.push({ type: 1, id, tags: this.propertiesOf(id), geometry: [this.toTile(z, x, y, this.xs[j], this.ys[j])] });
    }
    return { features, aggregated: false };
  }

  // Aggregates the points [start, end) of one tile on its grid, for tiles too dense to send whole.
  private aggregateRange(z: number, x: number, y: number, start: number, end: number): GeoJSONVTFeature[] {
    const { cellBits } = this.options;
    const side = 1 << cellBits;
    const scale = 2 ** z * side;
    const counts = new Uint32Array(side * side);
    const sumX = new Float64Array(side * side);
    const sumY = new Float64Array(side * side);
    const sums = this.sumColumns.map(() => new Float64Array(side * side));
    const first = new Uint32Array(side * side);
    for (let j = start; j < end; j++) {
      const cx = Math.min(side - 1, Math.floor(this.xs[j] * scale - x * side));
      const cy = Math.min(side - 1, Math.floor(this.ys[j] * scale - y * side));
      const c = cy * side + cx;
      if (counts[c]++ === 0) first[c] = j;
      sumX[c] += this.xs[j];
      sumY[c] += this.ys[j];
      for (let s = 0; s < sums.length; s++) sums[s][c] += this.sumColumns[s][j];
    }
    const features: GeoJSONVTFeature[] = [];
    for (let c = 0; c < counts.length; c++) {
      if (counts[c]) features.push(this.aggregateFeature(z, x, y, counts[c], sumX[c], sumY[c], sums, c, first[c]));
    }
    return features;
  }

  // An aggregate sits at the mean position of its points, floored so that it stays inside its
  // cell (and tile): floor(position / cell size) is the cell.
  private aggregateFeature(z: number, x: number, y: number, count: number, sx: number, sy: number, sums: Float64Array[], cell: number, first: number): GeoJSONVTFeature {
    const tags: Record<string, PropertyValue> = count === 1 ? this.propertiesOf(this.ids[first]) : {};
    tags.count = count;
    for (let s = 0; s < sums.length; s++) tags[this.sumNames[s]] = sums[s][cell];
    const inside = (v: number) => Math.min(this.options.extent - 1, Math.max(0, Math.floor(v)));
    return { type: 1, tags, geometry: [this.toTile(z, x, y, sx / count, sy / count, inside)] };
  }

  private propertiesOf(id: number): Record<string, PropertyValue> {
    const tags: Record<string, PropertyValue> = {};
    for (const name in this.data.properties) {
      const v = this.data.properties[name][id];
      if (v !== null && v !== undefined && v !== '') tags[name] = v;
    }
    return tags;
  }

  private toTile(z: number, x: number, y: number, ux: number, uy: number, round = Math.round): [number, number] {
    const n = 2 ** z;
    const { extent } = this.options;
    return [round((ux * n - x) * extent), round((uy * n - y) * extent)];
  }
}

/**
 * Merges runs of equal `keys >>> shift` (the input is sorted by key) into cells. With `fromPoints`
 * the input is the points themselves: each counts 1 and is its own first point.
 */
function groupCells(input: CellLevel, shift: number, fromPoints: boolean): CellLevel {
  const length = input.keys.length;
  // Count the cells first, so each column is allocated once at its size (big short-lived
  // buffers make V8 run full collections over the layer's property columns).
  let m = 0;
  for (let i = 0, last = -1; i < length; i++) {
    const k = input.keys[i] >>> shift;
    if (k !== last) (m++, (last = k));
  }
  const keys = new Uint32Array(m);
  const counts = new Uint32Array(m);
  const sumX = new Float64Array(m);
  const sumY = new Float64Array(m);
  const sums = input.sums.map(() => new Float64Array(m));
  const first = new Uint32Array(m);
  let c = -1;
  for (let i = 0; i < length; i++) {
    const k = input.keys[i] >>> shift;
    if (c < 0 || keys[c] !== k) {
      keys[++c] = k;
      first[c] = fromPoints ? i : input.first[i];
    }
    counts[c] += fromPoints ? 1 : input.counts[i];
    sumX[c] += input.sumX[i];
    sumY[c] += input.sumY[i];
    for (let s = 0; s < sums.length; s++) sums[s][c] += input.sums[s][i];
  }
  return { keys, counts, sumX, sumY, sums, first };
}
