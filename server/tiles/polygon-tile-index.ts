import { GeoJSONVT, type GeoJSONVTFeature } from '@maplibre/geojson-vt';
import type { FeatureCollection } from 'geojson';

/** A layer of areas (or lines) as GeoJSON; longitudes may run past ±180° (unwrapped), geojson-vt wraps them. */
export interface PolygonLayerData {
  kind: 'polygons';
  geojson: FeatureCollection;
}

export interface PolygonTileOptions {
  /** Highest zoom with tiles of its own; clients overzoom past it. @default 14 */
  maxZoom?: number;
  /** Douglas–Peucker tolerance in tile units at every zoom below maxZoom (low zooms are simplified most). @default 3 */
  tolerance?: number;
  /** Tiles cut up front when the index is built (the rest are cut on first request). @default 5 */
  indexMaxZoom?: number;
  /** Tile units of geometry kept beyond each edge, so outlines join without seams. @default 64 */
  buffer?: number;
  /** @default 4096 */
  extent?: number;
}

const defaultOptions: Required<PolygonTileOptions> = {
  maxZoom: 14,
  tolerance: 3,
  indexMaxZoom: 5,
  buffer: 64,
  extent: 4096,
};

/**
 * Tiles of a polygon layer cut by geojson-vt, which clips, simplifies per zoom and wraps across the
 * antimeridian. It keeps every tile it has cut (at most about one copy of the layer per zoom level).
 */
export class PolygonTileIndex {
  readonly options: Required<PolygonTileOptions>;
  readonly size: number;
  private readonly index: GeoJSONVT;

  constructor(data: PolygonLayerData, options: PolygonTileOptions = {}) {
    this.options = { ...defaultOptions, ...options };
    this.size = data.geojson.features.length;
    const { maxZoom, tolerance, indexMaxZoom, buffer, extent } = this.options;
    this.index = new GeoJSONVT(data.geojson, { maxZoom, tolerance, indexMaxZoom, buffer, extent });
  }

  /** The features of tile z/x/y in tile coordinates, ready for vt-pbf (none above maxZoom). */
  getTile(z: number, x: number, y: number): GeoJSONVTFeature[] {
    return this.index.getTile(z, x, y)?.features ?? [];
  }
}
