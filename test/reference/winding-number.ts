/**
 * The point-in-polygon reference that the crossing-number code (PolygonIndex, the spatial join)
 * is tested against.
 */
import type { Position } from 'geojson';

/**
 * Winding number of a closed ring around (x, y) (Sunday's algorithm): non-zero means inside.
 * Independent of the crossing-number code it checks.
 *
 * @example
 * windingNumber([[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]], 0.5, 0.5); // 1
 */
export function windingNumber(ring: Position[], x: number, y: number): number {
  let wn = 0;
  for (let i = 0; i + 1 < ring.length; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[i + 1];
    const side = (x1 - x0) * (y - y0) - (x - x0) * (y1 - y0);
    if (y0 <= y) {
      if (y1 > y && side > 0) wn++;
    } else if (y1 <= y && side < 0) {
      wn--;
    }
  }
  return wn;
}
