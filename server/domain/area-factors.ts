import type { MultiPolygon, Polygon } from 'geojson';
import { computeBorderlandShare, type BorderIndex } from './borderland';
import { KM_PER_DEGREE, pointToSegmentKm, polygonAreaKm2 } from './geodesy';
import { PointIndex } from './point-index';
import { PolygonIndex } from './polygon-index';
import { BORDER_KM, CATCHMENT_KM } from './zone-widths';

export interface FactorArea {
  code: string;
  /** Unwrapped across ±180° (see antimeridian.ts). */
  geometry: Polygon | MultiPolygon;
  /** People living in the area, when known; rates per 100,000 are NaN without it. */
  population: number | null;
}

export interface FactorSite {
  category: string;
  lng: number;
  lat: number;
}

export interface AreaFactorOptions {
  /** Width of the borderland zone either side of a land border, km. @default BORDER_KM (50) */
  borderKm?: number;
  /** Radius of the catchment around transit sites, km. @default CATCHMENT_KM (10) */
  catchmentKm?: number;
  /** How far to look for the nearest transit site. @default 1000 */
  maxSearchKm?: number;
  /** Grid samples per area for the shares. @default 4000 */
  targetSamples?: number;
}

const defaultOptions: Required<AreaFactorOptions> = { borderKm: BORDER_KM, catchmentKm: CATCHMENT_KM, maxSearchKm: 1000, targetSamples: 4000 };

/**
 * Distance from a polygon (outside it) to the nearest point: the nearest point to any vertex gives
 * an upper bound U; every point within U of the outline lies in the outline's box widened by U,
 * and those candidates are measured exactly against every edge.
 */
function distanceToNearestKm(geometry: Polygon | MultiPolygon, points: PointIndex, maxKm: number): number {
  const parts = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let bound = Infinity;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of parts) {
    for (const [lng, lat] of rings[0]) {
      bound = Math.min(bound, points.nearestKm(lng > 180 ? lng - 360 : lng, lat, Math.min(bound, maxKm)));
      x0 = Math.min(x0, lng); y0 = Math.min(y0, lat); x1 = Math.max(x1, lng); y1 = Math.max(y1, lat);
    }
  }
  if (!Number.isFinite(bound)) return Infinity;
  const dLat = bound / KM_PER_DEGREE;
  const dLng = Math.min(180, dLat / Math.max(1e-6, Math.cos((Math.min(89.9, Math.max(Math.abs(y0), Math.abs(y1)) + dLat) * Math.PI) / 180)));
  let best = bound;
  for (const shift of [0, 360]) {
    for (const i of points.searchBox(x0 - dLng - shift, y0 - dLat, x1 + dLng - shift, y1 + dLat)) {
      const [px, py] = points.point(i);
      for (const rings of parts) {
        const ring = rings[0];
        for (let k = 0; k + 1 < ring.length; k++) {
          const d = pointToSegmentKm([px + shift, py], ring[k] as [number, number], ring[k + 1] as [number, number]);
          if (d < best) best = d;
        }
      }
    }
  }
  return best;
}

export interface AreaFactors {
  code: string;
  areaKm2: number;
  population: number | null;
  /** Sites per category inside the area (the categories in scope). */
  counts: Record<string, number>;
  per100k: Record<string, number>;
  per1000Km2: Record<string, number>;
  /** Share of the area within borderKm of a land border, 0–1; undefined when out of scope. */
  borderlandShare?: number;
  /** Distance from the area to the nearest site of each transit category in scope, km (0 when one is inside). */
  nearestTransitKm: Record<string, number>;
  /** Share of the area within catchmentKm of any transit site, 0–1; undefined when out of scope. */
  transitCatchmentShare?: number;
}

/**
 * Which factors to compute: a recompute after one layer changed needs only the factors of that
 * layer's categories (and the transit catchment when one of them is a transit category).
 */
export interface FactorScope {
  /** Categories whose counts, rates and nearest distances to compute. */
  categories: string[];
  borderland: boolean;
  catchment: boolean;
}

const isTransit = (category: string) => category.startsWith('transit.');

function xyOf(sites: FactorSite[]): Float64Array {
  const xy = new Float64Array(sites.length * 2);
  sites.forEach((s, i) => {
    xy[2 * i] = s.lng;
    xy[2 * i + 1] = s.lat;
  });
  return xy;
}

const pointIndexOf = (sites: FactorSite[]) => new PointIndex(xyOf(sites));

/**
 * The factors prioritisation needs, for every area of a boundary set: sites per category (count,
 * per 100,000 people, per 1,000 km²), the borderland share, the distance to the nearest site of
 * each transit category and the share within a catchment of transit sites. Counts are exact
 * (point-in-polygon); shares are estimated on an equal-area grid; the distance from an area to a
 * site outside it is the exact great-circle distance to the area's nearest edge.
 *
 * Without a scope every factor is computed for every category present in `sites`. With one, only
 * the factors it names: sites of other categories are used only for the transit catchment.
 * `index` lets a caller reuse the areas' PolygonIndex.
 *
 * @example
 * computeAreaFactors(areas, sites, new BorderIndex(borderLines), { borderKm: 50 })[0].counts['transit.airport']
 */
export function computeAreaFactors(
  areas: FactorArea[],
  sites: FactorSite[],
  borders: BorderIndex,
  options: AreaFactorOptions = {},
  scope?: FactorScope,
  index: PolygonIndex = new PolygonIndex(areas.map((a) => a.geometry)),
): AreaFactors[] {
  const o = { ...defaultOptions, ...options };
  const categories = [...new Set(scope ? scope.categories : sites.map((s) => s.category))].sort();
  const wanted = new Set(categories);
  const counted = sites.filter((s) => wanted.has(s.category));
  const hits = index.locateAll(xyOf(counted));
  const counts = areas.map(() => Object.fromEntries(categories.map((c) => [c, 0])) as Record<string, number>);
  hits.forEach((h, i) => {
    if (h >= 0) counts[h][counted[i].category]++;
  });

  const transit = categories.filter(isTransit);
  const byCategory = new Map(transit.map((c) => [c, pointIndexOf(counted.filter((s) => s.category === c))]));
  const withBorderland = scope?.borderland ?? true;
  const withCatchment = scope?.catchment ?? true;
  const allTransit = withCatchment ? pointIndexOf(sites.filter((s) => isTransit(s.category))) : null;
  const samples = { targetSamples: o.targetSamples };

  return areas.map((area, a) => {
    const areaKm2 = polygonAreaKm2(area.geometry);
    const per100k: Record<string, number> = {};
    const per1000Km2: Record<string, number> = {};
    for (const c of categories) {
      per100k[c] = area.population && area.population > 0 ? (counts[a][c] / area.population) * 1e5 : NaN;
      per1000Km2[c] = areaKm2 > 0 ? (counts[a][c] / areaKm2) * 1000 : NaN;
    }
    const nearestTransitKm: Record<string, number> = {};
    for (const c of transit) {
      nearestTransitKm[c] = counts[a][c] > 0 ? 0 : distanceToNearestKm(area.geometry, byCategory.get(c)!, o.maxSearchKm);
    }
    return {
      code: area.code,
      areaKm2,
      population: area.population,
      counts: counts[a],
      per100k,
      per1000Km2,
      borderlandShare: withBorderland ? computeBorderlandShare(area.geometry, borders, o.borderKm, samples).share : undefined,
      nearestTransitKm,
      transitCatchmentShare: allTransit === null ? undefined : allTransit.size ? computeBorderlandShare(area.geometry, allTransit, o.catchmentKm, samples).share : 0,
    };
  });
}
