/**
 * The brute-force reference that BorderIndex is tested against.
 */
import { pointToSegmentKm } from '../../server/domain/geodesy';
import type { BorderGeometry } from '../../server/domain/types';

/**
 * Distance from the point to the nearest segment of the lines, km, by scanning every segment.
 * Infinity when there are no segments.
 *
 * @example
 * bruteForceBorderDistanceKm([{ type: 'LineString', coordinates: [[0, -1], [0, 1]] }], 0.5, 0); // ≈ 55.6
 */
export function bruteForceBorderDistanceKm(lines: BorderGeometry[], lng: number, lat: number): number {
  let min = Infinity;
  for (const line of lines) {
    for (const part of line.type === 'LineString' ? [line.coordinates] : line.coordinates) {
      for (let k = 0; k + 1 < part.length; k++) {
        const d = pointToSegmentKm([lng, lat], [part[k][0], part[k][1]], [part[k + 1][0], part[k + 1][1]]);
        if (d < min) min = d;
      }
    }
  }
  return min;
}
