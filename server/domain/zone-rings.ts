/**
 * Rings from the segments of zone-contour.ts: each segment ends on the cell edge where the next one
 * starts, so following edge ids closes every ring. Rings come out counter-clockwise round the zone
 * and clockwise round its holes (the zone is on each segment's left); each hole goes to the
 * smallest outer ring that contains it. Longitudes are made continuous along each ring, so a zone
 * across ±180° is one polygon reaching past 180, as the countries do.
 */
import type { MultiPolygon, Position } from 'geojson';
import type { ZoneTrace } from './zone-contour';

interface Ring {
  coords: Position[];
  /** Twice the signed planar area, positive when counter-clockwise. */
  twiceArea: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Links the segments of one or more traces (of disjoint tiles of one lattice) into a MultiPolygon.
 *
 * @example
 * const tracer = new ZoneTracer(index, zoneLattice(5.56), 50);
 * for (let t = 0; t < tileCount; t++) tracer.traceTile(t);
 * linkZoneRings([tracer.trace]); // { type: 'MultiPolygon', coordinates: [...] }
 */
export function linkZoneRings(traces: ZoneTrace[]): MultiPolygon {
  // Every crossing point and segment in flat arrays; maps from edge id to the point on it and to
  // the segment that starts there (the same edge may come from two traces: its point is the same).
  let points = 0;
  let segments = 0;
  for (const trace of traces) {
    points += trace.edge.length;
    segments += trace.from.length;
  }
  const lng = new Float64Array(points);
  const lat = new Float64Array(points);
  const pointOf = new Map<number, number>();
  const segTo = new Float64Array(segments);
  const segVia = new Int32Array(segments);
  const segViaCount = new Int32Array(segments);
  const segTrace = new Int32Array(segments);
  const startingAt = new Map<number, number>();
  let p = 0;
  let k = 0;
  traces.forEach((trace, t) => {
    for (let i = 0; i < trace.edge.length; i++, p++) {
      lng[p] = trace.lng[i];
      lat[p] = trace.lat[i];
      pointOf.set(trace.edge[i], p);
    }
    for (let i = 0; i < trace.from.length; i++, k++) {
      if (startingAt.has(trace.from[i])) throw new Error(`Two zone segments start on edge ${trace.from[i]}: tiles traced twice?`);
      startingAt.set(trace.from[i], k);
      segTo[k] = trace.to[i];
      segVia[k] = trace.viaStart[i];
      segViaCount[k] = trace.viaCount[i];
      segTrace[k] = t;
    }
  });

  const rings: Ring[] = [];
  const done = new Uint8Array(segments);
  let linked = 0;
  for (const [startEdge, first] of startingAt) {
    if (done[first]) continue;
    const coords: Position[] = [];
    let prevX = NaN;
    const push = (x: number, y: number) => {
      // Continuous longitudes: no step of more than 180° between neighbours.
      const ux = prevX === prevX ? x + 360 * Math.round((prevX - x) / 360) : x;
      coords.push([ux, y]);
      prevX = ux;
    };
    for (let edge = startEdge, seg = first; ; ) {
      done[seg] = 1;
      linked++;
      const at = pointOf.get(edge);
      if (at === undefined) throw new Error(`Zone segment ends on edge ${edge}, which has no crossing point.`);
      push(lng[at], lat[at]);
      if (segVia[seg] >= 0) {
        const via = traces[segTrace[seg]].via;
        for (let v = segVia[seg], end = v + 2 * segViaCount[seg]; v < end; v += 2) push(via[v], via[v + 1]);
      }
      const to = segTo[seg];
      if (to === startEdge) {
        // Back at the first crossing; round a pole it lies 360° on, and the ring's last stretch
        // runs to it before the cap is closed along the pole (not from the last crossing).
        const first = pointOf.get(startEdge)!;
        const ux = lng[first] + 360 * Math.round((prevX - lng[first]) / 360);
        if (ux !== coords[0][0]) push(lng[first], lat[first]);
        break;
      }
      const nextSeg = startingAt.get(to);
      if (nextSeg === undefined) throw new Error(`The zone's edge stops at edge ${to}: no segment starts there.`);
      if (done[nextSeg]) throw new Error(`The zone's edge runs into itself at edge ${to}.`);
      edge = to;
      seg = nextSeg;
    }
    if (coords.length >= 3) rings.push(closeRing(coords));
  }
  if (linked !== segments) throw new Error(`Linked ${linked} zone segments of ${segments}.`);
  return { type: 'MultiPolygon', coordinates: assignHoles(rings) };
}

// Closes the ring; a ring that winds once round the globe (the edge of a zone around a pole) is
// closed along that pole, which makes it the planar ring of the polar cap it bounds.
function closeRing(coords: Position[]): Ring {
  const first = coords[0];
  const last = coords[coords.length - 1];
  const winding = Math.round((last[0] - first[0]) / 360);
  if (winding !== 0) {
    // The zone is on the left: walking east it lies north, so it holds the north pole.
    const pole = winding > 0 ? 90 : -90;
    coords.push([last[0], pole], [first[0], pole]);
  }
  coords.push([first[0], first[1]]);
  let twiceArea = 0;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i + 1 < coords.length; i++) {
    const [x0, y0] = coords[i];
    const [x1, y1] = coords[i + 1];
    twiceArea += x0 * y1 - x1 * y0;
    if (x0 < minX) minX = x0;
    if (x0 > maxX) maxX = x0;
    if (y0 < minY) minY = y0;
    if (y0 > maxY) maxY = y0;
  }
  return { coords, twiceArea, minX, minY, maxX, maxY };
}

// Polygons: every counter-clockwise ring with the clockwise rings it is the smallest container of,
// shifted so that the outer ring starts west of 180°.
function assignHoles(rings: Ring[]): Position[][][] {
  const outers = rings.filter((r) => r.twiceArea > 0).sort((a, b) => a.twiceArea - b.twiceArea);
  const holesOf = outers.map((): Ring[] => []);
  for (const hole of rings) {
    if (hole.twiceArea > 0) continue;
    const [x, y] = hole.coords[0];
    let found = false;
    // Smallest first: the first container is the hole's own outer ring.
    for (let o = 0; o < outers.length && !found; o++) {
      const outer = outers[o];
      if (y < outer.minY || y > outer.maxY) continue;
      for (const shift of [0, -360, 360]) {
        if (x + shift < outer.minX || x + shift > outer.maxX || !containsPoint(outer.coords, x + shift, y)) continue;
        holesOf[o].push(shift === 0 ? hole : shifted(hole, shift));
        found = true;
        break;
      }
    }
    if (!found) throw new Error(`A hole of the zone at [${x}, ${y}] lies in no outer ring.`);
  }
  return outers.map((outer, o) => {
    const shift = -360 * Math.floor((outer.minX + 180) / 360);
    return [outer, ...holesOf[o]].map((ring) => (shift === 0 ? ring.coords : shifted(ring, shift).coords));
  });
}

function shifted(ring: Ring, dx: number): Ring {
  return { ...ring, coords: ring.coords.map(([x, y]) => [x + dx, y]), minX: ring.minX + dx, maxX: ring.maxX + dx };
}

// Crossing-number test against a closed ring.
function containsPoint(ring: Position[], x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length - 1; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
