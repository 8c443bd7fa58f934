/**
 * Borderland zones as polygons: every point within a radius of a land border on the sphere, the
 * union of the buffers of all border segments with its holes, as one MultiPolygon. The edge is
 * traced on a lattice where the zone's edge may pass (zone-contour.ts) and linked into rings
 * (zone-rings.ts); each vertex lies on the exact radius, so the only error is the straight chord
 * across a cell, which the cell size bounds.
 */
import type { MultiPolygon } from 'geojson';
import { BorderIndex } from './borderland';
import type { BorderGeometry } from './types';
import { ZoneTracer, zoneLattice, type DistanceIndex, type ZoneLattice } from './zone-contour';
import { linkZoneRings } from './zone-rings';


export interface BorderlandZoneOptions {
  /**
   * Side of a lattice cell, km: the finest detail of the zone's shape that is sure to be seen (a
   * hole or a gap narrower than a cell may be missed). Accuracy does not depend on it: vertices
   * are added until the edge keeps within the tolerance.
   * @default radiusKm / 9
   */
  cellKm?: number;
  /**
   * How far the edge may stray from the radius, km, checked at vertices and the midpoints of edges.
   * @default radiusKm / 400 (0.25 %)
   */
  toleranceKm?: number;
  /** An index of the same lines, when the caller holds one already. */
  index?: DistanceIndex;
}

/** The lattice buildBorderlandZone uses for a radius and options (for threads that share the work). */
export function borderlandZoneLattice(radiusKm: number, options: Pick<BorderlandZoneOptions, 'cellKm'> = {}): ZoneLattice {
  if (!(radiusKm > 0)) throw new Error(`invalid radiusKm: ${radiusKm} (expected a positive number of km)`);
  return zoneLattice(options.cellKm ?? radiusKm / 9);
}

/**
 * The borderland zone: every point within `radiusKm` (great-circle distance on the sphere of
 * EARTH_RADIUS_KM) of any segment of the lines, as a MultiPolygon — outer rings counter-clockwise,
 * holes clockwise, longitudes continuous along each polygon (a zone across ±180° reaches past
 * 180°). Lines may come wrapped or unwrapped. A zone reaching a pole is closed along it.
 *
 * @example
 * const zone = buildBorderlandZone([{ type: 'LineString', coordinates: [[0, 0], [1, 0]] }], 50);
 * polygonAreaKm2(zone); // ≈ 2 · 50 · 111.2 + π · 50² ≈ 19,000
 */
export function buildBorderlandZone(lines: BorderGeometry[], radiusKm: number, options: BorderlandZoneOptions = {}): MultiPolygon {
  const lattice = borderlandZoneLattice(radiusKm, options);
  const tracer = new ZoneTracer(options.index ?? new BorderIndex(lines), lattice, radiusKm, { toleranceKm: options.toleranceKm });
  const tiles = lattice.tileRows * lattice.tileCols;
  for (let t = 0; t < tiles; t++) tracer.traceTile(t);
  return linkZoneRings([tracer.trace]);
}
