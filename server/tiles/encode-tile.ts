import type { GeoJSONVTFeature, GeoJSONVTTile } from '@maplibre/geojson-vt';
import { fromGeojsonVt } from '@maplibre/vt-pbf';

/**
 * One MVT (version 2) layer named `layerName` holding `features` in tile coordinates.
 *
 * @example encodeTile('places', [{ type: 1, tags: { name: 'Paris' }, geometry: [[2048, 2048]] }])
 */
export function encodeTile(layerName: string, features: GeoJSONVTFeature[], extent = 4096): Buffer {
  // vt-pbf reads only `features` of a geojson-vt tile.
  const bytes = fromGeojsonVt({ [layerName]: { features } as GeoJSONVTTile }, { version: 2, extent });
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
