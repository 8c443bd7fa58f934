import { EARTH_RADIUS_KM } from '../../../server/domain/geodesy';

/** MapLibre's tiles are 512 px: the whole world is 512 × 2^zoom px wide. */
export const TILE_SIZE_PX = 512;

/**
 * Ground metres per CSS pixel along a parallel of a Web Mercator map, on the sphere that
 * server/domain/geodesy.ts measures with (MapLibre's own scale control uses the same radius).
 *
 * @example
 * metresPerPixel(0, 0); // ≈ 78,184 (the equator, 40,030 km, across 512 px)
 */
export function metresPerPixel(latitude: number, zoom: number, tileSize = TILE_SIZE_PX): number {
  if (!Number.isFinite(latitude) || Math.abs(latitude) > 90) throw new Error(`metresPerPixel: latitude ${latitude}; expected −90 to 90`);
  if (!Number.isFinite(zoom)) throw new Error(`metresPerPixel: zoom ${zoom}; expected a number`);
  const equatorM = 2 * Math.PI * EARTH_RADIUS_KM * 1000;
  return (equatorM * Math.cos((latitude * Math.PI) / 180)) / (tileSize * 2 ** zoom);
}

export interface ScaleBar {
  /** The distance the bar stands for, metres: 1, 2 or 5 × a power of ten. */
  metres: number;
  /** Its length on the map, CSS pixels (at most the width asked for). */
  px: number;
  /** For its label: kilometres from 1 km up, metres below. */
  value: number;
  unit: 'km' | 'm';
}

/**
 * The longest round distance (1, 2, 5 × 10ⁿ m) whose bar fits in `maxPx` pixels, as MapLibre's
 * scale control chooses it.
 *
 * @example
 * scaleBar(1000, 120); // { metres: 100000, px: 100, value: 100, unit: 'km' }
 */
export function scaleBar(metresPerPx: number, maxPx: number): ScaleBar {
  if (!(metresPerPx > 0) || !Number.isFinite(metresPerPx)) throw new Error(`scaleBar: ${metresPerPx} metres per pixel; expected a positive number`);
  if (!(maxPx >= 1)) throw new Error(`scaleBar: ${maxPx} px; expected at least 1`);
  const most = metresPerPx * maxPx;
  const power = 10 ** Math.floor(Math.log10(most));
  const step = [5, 2, 1].find((s) => s * power <= most * (1 + 1e-12))!;
  const metres = step * power;
  const px = metres / metresPerPx;
  return metres >= 1000 ? { metres, px, value: metres / 1000, unit: 'km' } : { metres, px, value: metres, unit: 'm' };
}
