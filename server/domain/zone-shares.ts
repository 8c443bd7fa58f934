/**
 * The share of each area inside a zone, by exact overlay: the area of A ∩ Z is a line integral
 * round its boundary, and that boundary is the part of A's edges inside Z plus the part of Z's
 * edges inside A (both oriented with their inside on the left). So every edge of both is cut
 * where it crosses the other's edges, each piece is kept or not by the side its midpoint lies on,
 * and the kept pieces' terms of the Chamberlain–Duquette sum (the one polygonAreaKm2 uses) add up
 * to the intersection's area — no intersection polygon is ever built.
 */
import Flatbush from 'flatbush';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import { EARTH_RADIUS_KM } from './geodesy';
import { PolygonIndex } from './polygon-index';

const RAD = Math.PI / 180;
// −R²/2 per radian: turns Σ Δλ·(sin φ₀ + sin φ₁) over a counter-clockwise boundary into km².
const AREA_FACTOR = (-RAD * EARTH_RADIUS_KM * EARTH_RADIUS_KM) / 2;
// Slack on intersection parameters, so that a crossing at a shared vertex is never missed.
const EPS = 1e-12;
// Two edges whose directions' sine is below this are parallel (collinear when also on one line).
const PARALLEL = 1e-12;

export interface ZoneShare {
  /** Share of the area inside the zone, 0–1 (NaN for an empty geometry). */
  share: number;
  /** Geodesic area of the area, km² (as polygonAreaKm2). */
  areaKm2: number;
  /** Area of the part inside the zone, km². */
  insideKm2: number;
}

/** Edges of polygons as flat arrays, rings oriented outer counter-clockwise and holes clockwise. */
interface Edges {
  x0: Float64Array;
  y0: Float64Array;
  x1: Float64Array;
  y1: Float64Array;
  /** The geometry each edge belongs to. */
  owner: Int32Array;
  count: number;
}

/**
 * The areas' side of zoneShares, prepared once for zones of many widths: their edges (oriented),
 * their areas and a point index.
 */
export class ZoneShareAreas {
  readonly size: number;
  /** @internal */
  readonly edges: Edges;
  /** @internal */
  readonly totalKm2: Float64Array;
  /** @internal */
  readonly index: PolygonIndex;

  constructor(areas: (Polygon | MultiPolygon)[]) {
    this.size = areas.length;
    this.edges = edgesOf(areas);
    this.totalKm2 = new Float64Array(areas.length);
    const e = this.edges;
    for (let k = 0; k < e.count; k++) this.totalKm2[e.owner[k]] += term(e.x0[k], e.y0[k], e.x1[k], e.y1[k]);
    this.index = new PolygonIndex(areas);
  }
}

/**
 * Share of each geometry inside the zone (both may have longitudes unwrapped past 180°; they are
 * matched modulo 360°). Exact for the polygons as given, edges straight in longitude/latitude.
 *
 * @example
 * const zone = buildBorderlandZone(borders, 50);
 * zoneShares(countries.map((c) => c.geometry), zone)[0].share; // 0–1
 */
export function zoneShares(areas: ZoneShareAreas | (Polygon | MultiPolygon)[], zone: Polygon | MultiPolygon): ZoneShare[] {
  const prepared = areas instanceof ZoneShareAreas ? areas : new ZoneShareAreas(areas);
  const { edges: areaEdges, totalKm2, index: areaIndex, size } = prepared;
  const zoneEdges = edgesOf([zone]);
  const insideKm2 = new Float64Array(size);
  // Whether some piece of an area's edges lies outside the zone, or of the zone's edges inside the area.
  const edgeOutside = new Uint8Array(size);
  const zoneInside = new Uint8Array(size);

  const cuts = findCrossings(areaEdges, zoneEdges);
  const zoneIndex = new PolygonIndex([zone]);
  forEachPiece(areaEdges, cuts.area, (e, ax, ay, bx, by, tm) => {
    const g = areaEdges.owner[e];
    // A piece lying on a zone edge is inside when both have the inside on the same side (then
    // the zone's piece is not counted again), outside when their insides face away.
    const overlap = overlapAt(cuts.areaOverlaps, e, tm);
    const inside = overlap ? overlap.same : zoneIndex.locate((ax + bx) / 2, (ay + by) / 2) === 0;
    if (inside) insideKm2[g] += term(ax, ay, bx, by);
    else edgeOutside[g] = 1;
  });
  const stamp = new Int32Array(size).fill(-1);
  let pieceId = 0;
  forEachPiece(zoneEdges, cuts.zone, (e, ax, ay, bx, by, tm) => {
    const t = term(ax, ay, bx, by);
    const onEdgeOf = cuts.zoneOverlaps.get(e)?.filter((o) => tm >= o.t0 - EPS && tm <= o.t1 + EPS).map((o) => o.owner);
    areaIndex.forEachContaining((ax + bx) / 2, (ay + by) / 2, stamp, pieceId++, (g) => {
      // on the area's own edge: that edge's piece counts it, or not (above)
      if (onEdgeOf?.includes(g)) return;
      insideKm2[g] += t;
      zoneInside[g] = 1;
    });
  });

  return Array.from({ length: size }, (_, g): ZoneShare => {
    const areaKm2 = totalKm2[g];
    if (!(areaKm2 > 0)) return { share: NaN, areaKm2, insideKm2: 0 };
    // All of its boundary inside the zone and none of the zone's in it: wholly inside (an enclave),
    // said exactly rather than as a sum that rounds differently.
    if (!zoneInside[g] && !edgeOutside[g]) return { share: 1, areaKm2, insideKm2: areaKm2 };
    const inside = Math.min(areaKm2, Math.max(0, insideKm2[g]));
    return { share: inside / areaKm2, areaKm2, insideKm2: inside };
  });
}

// The edge's term of the area sum, km²: positive on average along a counter-clockwise boundary.
function term(x0: number, y0: number, x1: number, y1: number): number {
  return (x1 - x0) * (Math.sin(y0 * RAD) + Math.sin(y1 * RAD)) * AREA_FACTOR;
}

function edgesOf(geometries: (Polygon | MultiPolygon)[]): Edges {
  let count = 0;
  for (const g of geometries) for (const rings of polygonsOf(g)) for (const ring of rings) count += ring.length;
  const edges: Edges = {
    x0: new Float64Array(count), y0: new Float64Array(count), x1: new Float64Array(count), y1: new Float64Array(count),
    owner: new Int32Array(count), count: 0,
  };
  geometries.forEach((g, owner) => {
    for (const rings of polygonsOf(g)) {
      rings.forEach((ring, r) => {
        let n = ring.length;
        if (n > 1 && ring[0][0] === ring[n - 1][0] && ring[0][1] === ring[n - 1][1]) n--;
        if (n < 3) return;
        // Outer rings counter-clockwise, holes clockwise: the inside always on the left.
        const reverse = signedArea(ring, n) > 0 === (r > 0);
        for (let i = 0; i < n; i++) {
          const a = ring[reverse ? (n - i) % n : i];
          const b = ring[reverse ? n - 1 - i : (i + 1) % n];
          const k = edges.count++;
          edges.x0[k] = a[0]; edges.y0[k] = a[1]; edges.x1[k] = b[0]; edges.y1[k] = b[1];
          edges.owner[k] = owner;
        }
      });
    }
  });
  return edges;
}

function polygonsOf(g: Polygon | MultiPolygon): Position[][][] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

// Twice the planar signed area of the first n positions of a ring (counter-clockwise positive).
function signedArea(ring: Position[], n: number): number {
  let sum = 0;
  for (let i = 0, j = n - 1; i < n; j = i++) sum += ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
  return sum;
}

/** Where edges cross: for each side, pairs (edge, parameter along it), flat. */
interface Crossings {
  area: number[];
  zone: number[];
  /** By area edge: the stretches [t0, t1] lying on a zone edge, and whether both run the same way. */
  areaOverlaps: Map<number, { t0: number; t1: number; same: boolean }[]>;
  /** By zone edge: the stretches lying on an edge of area `owner`. */
  zoneOverlaps: Map<number, { t0: number; t1: number; owner: number }[]>;
}

function overlapAt(overlaps: Crossings['areaOverlaps'], e: number, t: number) {
  const list = overlaps.get(e);
  return list?.find((o) => t >= o.t0 - EPS && t <= o.t1 + EPS);
}

// Every crossing of an area edge with a zone edge, the area edge tried at ±360° too.
function findCrossings(areaEdges: Edges, zoneEdges: Edges): Crossings {
  const out: Crossings = { area: [], zone: [], areaOverlaps: new Map(), zoneOverlaps: new Map() };
  if (zoneEdges.count === 0 || areaEdges.count === 0) return out;
  const tree = new Flatbush(zoneEdges.count);
  for (let k = 0; k < zoneEdges.count; k++) {
    const { x0, y0, x1, y1 } = zoneEdges;
    tree.add(Math.min(x0[k], x1[k]), Math.min(y0[k], y1[k]), Math.max(x0[k], x1[k]), Math.max(y0[k], y1[k]));
  }
  tree.finish();
  const { x0, y0, x1, y1 } = areaEdges;
  const z = zoneEdges;
  for (let e = 0; e < areaEdges.count; e++) {
    const minY = Math.min(y0[e], y1[e]);
    const maxY = Math.max(y0[e], y1[e]);
    for (let shift = -720; shift <= 720; shift += 360) {
      const ax = x0[e] + shift;
      const bx = x1[e] + shift;
      const minX = Math.min(ax, bx);
      const maxX = Math.max(ax, bx);
      if (maxX < tree.minX || minX > tree.maxX) continue;
      for (const k of tree.search(minX, minY, maxX, maxY)) {
        // a + t(b − a) = c + s(d − c)
        const rx = bx - ax, ry = y1[e] - y0[e];
        const sx = z.x1[k] - z.x0[k], sy = z.y1[k] - z.y0[k];
        const denom = rx * sy - ry * sx;
        const qx = z.x0[k] - ax, qy = z.y0[k] - y0[e];
        const rr = rx * rx + ry * ry, ss = sx * sx + sy * sy;
        if (Math.abs(denom) <= PARALLEL * Math.sqrt(rr * ss)) {
          // parallel: on one line, the stretch they share cuts both at its ends
          if (rr === 0 || ss === 0 || Math.abs(qx * ry - qy * rx) > PARALLEL * Math.sqrt(rr * (qx * qx + qy * qy))) continue;
          const tc = (qx * rx + qy * ry) / rr;
          const td = ((z.x1[k] - ax) * rx + (z.y1[k] - y0[e]) * ry) / rr;
          const t0 = Math.max(0, Math.min(tc, td));
          const t1 = Math.min(1, Math.max(tc, td));
          if (t1 - t0 <= EPS) continue;
          const sOf = (t: number) => (tc === td ? 0 : (t - tc) / (td - tc));
          const same = rx * sx + ry * sy > 0;
          out.area.push(e, t0, e, t1);
          out.zone.push(k, sOf(t0), k, sOf(t1));
          let a = out.areaOverlaps.get(e);
          if (!a) out.areaOverlaps.set(e, (a = []));
          a.push({ t0, t1, same });
          let zo = out.zoneOverlaps.get(k);
          if (!zo) out.zoneOverlaps.set(k, (zo = []));
          zo.push({ t0: Math.min(sOf(t0), sOf(t1)), t1: Math.max(sOf(t0), sOf(t1)), owner: areaEdges.owner[e] });
          continue;
        }
        const t = (qx * sy - qy * sx) / denom;
        const s = (qx * ry - qy * rx) / denom;
        if (t < -EPS || t > 1 + EPS || s < -EPS || s > 1 + EPS) continue;
        out.area.push(e, t);
        out.zone.push(k, s);
      }
    }
  }
  return out;
}

// Calls back with every piece of every edge, edges cut at their crossings.
function forEachPiece(
  edges: Edges,
  cuts: number[],
  piece: (edge: number, ax: number, ay: number, bx: number, by: number, tMid: number) => void,
): void {
  // Cuts grouped by edge, in order along it.
  const order = Array.from({ length: cuts.length / 2 }, (_, i) => i).sort(
    (i, j) => cuts[2 * i] - cuts[2 * j] || cuts[2 * i + 1] - cuts[2 * j + 1],
  );
  let c = 0;
  for (let e = 0; e < edges.count; e++) {
    const { x0, y0, x1, y1 } = edges;
    let t0 = 0;
    while (c < order.length && cuts[2 * order[c]] === e) {
      const t = Math.min(1, Math.max(0, cuts[2 * order[c] + 1]));
      c++;
      if (t <= t0) continue;
      piece(e, x0[e] + t0 * (x1[e] - x0[e]), y0[e] + t0 * (y1[e] - y0[e]), x0[e] + t * (x1[e] - x0[e]), y0[e] + t * (y1[e] - y0[e]), (t0 + t) / 2);
      t0 = t;
    }
    if (t0 < 1) piece(e, x0[e] + t0 * (x1[e] - x0[e]), y0[e] + t0 * (y1[e] - y0[e]), x1[e], y1[e], (t0 + 1) / 2);
  }
}
