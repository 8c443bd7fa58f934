/** Highest zoom any tile URL may name (geojson-vt's limit too). */
export const MAX_TILE_ZOOM = 24;

export interface TileCoords {
  z: number;
  x: number;
  y: number;
}

/** A tile URL that names no tile: the message says what was expected and what came. */
export class TileRequestError extends Error {}

function integer(text: string, name: string, max: number, context = ''): number {
  if (!/^\d{1,9}$/.test(text) || Number(text) > max) {
    throw new TileRequestError(`invalid ${name}: expected an integer from 0 to ${max}${context}, got '${text}'`);
  }
  return Number(text);
}

/**
 * Reads z/x/y from the text of a tile URL: integers with 0 ≤ z ≤ maxZoom and 0 ≤ x, y < 2^z.
 *
 * @example parseTileCoords('3', '4', '2') // { z: 3, x: 4, y: 2 }
 */
export function parseTileCoords(z: string, x: string, y: string, maxZoom = MAX_TILE_ZOOM): TileCoords {
  const zoom = integer(z, 'zoom', maxZoom);
  const last = 2 ** zoom - 1;
  return { z: zoom, x: integer(x, 'x', last, ` at zoom ${zoom}`), y: integer(y, 'y', last, ` at zoom ${zoom}`) };
}
