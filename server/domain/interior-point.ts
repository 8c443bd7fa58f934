import type { MultiPolygon, Polygon, Position } from 'geojson';

/**
 * A point inside a polygon (not its centroid, which a crescent or a ring-shaped area does not
 * contain): on the horizontal line through the middle of the largest part's outer ring, the
 * middle of the widest stretch of that line inside the part (its holes left out), as JTS's
 * InteriorPointArea does. Used to tell which areas of one boundary set lie inside an area of
 * another when their codes do not link. Undefined for a geometry without a ring of 3 positions.
 *
 * @example
 * interiorPoint({ type: 'Polygon', coordinates: [[[0, 0], [4, 0], [4, 2], [0, 2], [0, 0]]] }); // [2, 1]
 */
export function interiorPoint(geometry: Polygon | MultiPolygon): [number, number] | undefined {
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  // the part whose outer ring spans the largest box: the mainland, not an island
  let best: Position[][] | undefined;
  let bestSpan = -1;
  for (const part of parts) {
    const outer = part[0];
    if (!outer || outer.length < 3) continue;
    const [minX, minY, maxX, maxY] = boxOf(outer);
    const span = (maxX - minX) * (maxY - minY);
    if (span > bestSpan) [best, bestSpan] = [part, span];
  }
  if (!best) return undefined;
  const [minX, minY, maxX, maxY] = boxOf(best[0]);
  // the middle latitude, nudged off any vertex so that no crossing is counted twice
  let y = (minY + maxY) / 2;
  const vertexYs = new Set(best.flatMap((ring) => ring.map((p) => p[1])));
  for (let i = 1; vertexYs.has(y) && i < 64; i++) y = (minY + maxY) / 2 + ((maxY - minY) * i) / 1024;
  const xs: number[] = [];
  for (const ring of best) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [x1, y1] = ring[j];
      const [x2, y2] = ring[i];
      if ((y1 > y) !== (y2 > y)) xs.push(x1 + ((y - y1) * (x2 - x1)) / (y2 - y1));
    }
  }
  xs.sort((a, b) => a - b);
  let widest = -1;
  let point: [number, number] | undefined;
  // crossings pair up: inside between the 1st and 2nd, the 3rd and 4th …
  for (let i = 0; i + 1 < xs.length; i += 2) {
    const width = xs[i + 1] - xs[i];
    if (width > widest) [widest, point] = [width, [(xs[i] + xs[i + 1]) / 2, y]];
  }
  return point ?? [(minX + maxX) / 2, y];
}

function boxOf(ring: Position[]): [number, number, number, number] {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const [x, y] of ring) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}
