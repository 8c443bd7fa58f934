/**
 * Unwrapping of rings across ±180° so that Russia, Fiji or Chukotka draw without the stripes a
 * jump from 179.9 to −179.9 paints across the map, and so that planar point-in-polygon and
 * Chamberlain–Duquette areas stay right. Longitudes end up in [−180, 540).
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { ringAreaKm2 } from './geodesy';

// Shift a longitude by a multiple of 360 into [-180, 180).
const wrap = (lng: number) => lng - 360 * Math.floor((lng + 180) / 360);

/**
 * A copy of the ring whose consecutive longitudes never jump by more than 180° (±360 where they
 * do), starting in [−180, 180) and shifted by +360 if it would reach below −180.
 * A ring that winds once around a pole (Antarctica) cannot be made continuous; it is closed
 * along the pole instead — down the last meridian, along the pole, up the first — which is the
 * planar ring whose inside is the polar cap.
 *
 * @example
 * unwrapRing([[179, -17], [-179, -17], [-179, -16], [179, -16], [179, -17]]);
 * // [[179, -17], [181, -17], [181, -16], [179, -16], [179, -17]]
 */
export function unwrapRing(ring: Position[]): Position[] {
  if (ring.length === 0) return [];
  const out: Position[] = new Array(ring.length);
  let prev = wrap(ring[0][0]);
  let min = prev;
  out[0] = [prev, ring[0][1]];
  for (let i = 1; i < ring.length; i++) {
    let lng = ring[i][0];
    lng += 360 * Math.round((prev - lng) / 360);
    out[i] = [lng, ring[i][1]];
    if (lng < min) min = lng;
    prev = lng;
  }
  const last = out[out.length - 1];
  const winding = Math.round((last[0] - out[0][0]) / 360);
  if (winding !== 0 && ring.length > 1) {
    // Wound around a pole: the ring ends 360° from where it began. Close it along the pole on the
    // side of its mean latitude.
    const meanLat = out.reduce((sum, p) => sum + p[1], 0) / out.length;
    const pole = meanLat < 0 ? -90 : 90;
    out.push([last[0], pole], [out[0][0], pole], [out[0][0], out[0][1]]);
  }
  if (min < -180) for (const p of out) p[0] += 360;
  return out;
}

// Twice the planar (lng/lat) signed area of a ring, positive when counter-clockwise, and the
// longitude of its centroid: enough to tell which side of 180 a part lies on.
function ringShape(ring: Position[]): { twiceArea: number; centroidLng: number } {
  let twiceArea = 0;
  let sum = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const [x0, y0] = ring[i];
    const [x1, y1] = ring[(i + 1) % n];
    const cross = x0 * y1 - x1 * y0;
    twiceArea += cross;
    sum += (x0 + x1) * cross;
  }
  // A degenerate ring has no centroid: fall back to the mean of its vertices.
  const centroidLng = Math.abs(twiceArea) > 1e-12
    ? sum / (3 * twiceArea)
    : ring.reduce((s, p) => s + p[0], 0) / Math.max(1, ring.length);
  return { twiceArea, centroidLng };
}

const centroidLng = (ring: Position[]) => ringShape(ring).centroidLng;

function unwrapPolygon(rings: Position[][]): Position[][] {
  const unwrapped = rings.map(unwrapRing).filter((r) => r.length > 0);
  if (unwrapped.length === 0) return [];
  // Spherical data (d3's world-atlas) draws Antarctica as a tiny ring around the pole whose
  // "hole" is the coastline; closed along the pole, the coastline is the larger ring. So the
  // largest ring becomes the outer one — in an ordinary polygon it already is.
  const areas = unwrapped.map(ringAreaKm2);
  const outerIndex = areas.indexOf(Math.max(...areas));
  const [outer] = unwrapped.splice(outerIndex, 1);
  const centre = centroidLng(outer);
  // A hole crossing ±180 unwraps on its own; move it next to its outer ring.
  const holes = unwrapped.map((h) => shiftRing(h, 360 * Math.round((centre - centroidLng(h)) / 360)));
  // RFC 7946 winding (outer counter-clockwise, holes clockwise): MapLibre tells holes by it.
  return [wind(outer, 1), ...holes.map((h) => wind(h, -1))];
}

function wind(ring: Position[], sign: 1 | -1): Position[] {
  return ringShape(ring).twiceArea * sign < 0 ? ring.reverse() : ring;
}

function shiftRing(ring: Position[], dLng: number): Position[] {
  return dLng === 0 ? ring : ring.map((p) => [p[0] + dLng, p[1]]);
}

/**
 * A copy of the geometry with every ring unwrapped and, for a multipolygon whose largest part
 * lies east of 90°E, every part west of 90°W moved east by 360° — so Fiji spans 177…182 and
 * Russia's Chukotka islands follow its mainland instead of sitting at the other edge of the map.
 * Rings come out in RFC 7946 winding, the largest ring of each polygon first.
 *
 * @example
 * unwrapGeometry({ type: 'MultiPolygon', coordinates: [
 *   [[[178, -18], [180, -18], [180, -16], [178, -16], [178, -18]]],
 *   [[[-180, -18], [-178, -18], [-178, -16], [-180, -16], [-180, -18]]],
 * ] }); // second part becomes [[180, -18], [182, -18], …]
 */
export function unwrapGeometry<G extends Polygon | MultiPolygon>(geometry: G): G {
  if (geometry.type === 'Polygon') {
    return { ...geometry, coordinates: unwrapPolygon(geometry.coordinates) };
  }
  const parts = geometry.coordinates.map(unwrapPolygon).filter((p) => p.length > 0);
  let main = -1;
  let mainArea = -1;
  parts.forEach((rings, i) => {
    const area = ringAreaKm2(rings[0]);
    if (area > mainArea) [main, mainArea] = [i, area];
  });
  if (main >= 0 && centroidLng(parts[main][0]) > 90) {
    for (let i = 0; i < parts.length; i++) {
      if (centroidLng(parts[i][0]) < -90) parts[i] = parts[i].map((r) => shiftRing(r, 360));
    }
  }
  return { ...geometry, coordinates: parts };
}
