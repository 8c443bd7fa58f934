/**
 * What the interventions layer draws: each intervention's targets as GeoJSON features — the
 * areas it targets (their boundaries), its drawn zones (polygons; circles as geodesic polygons)
 * and the sites it targets when their position may be shown — each carrying the intervention's
 * id, title, strategy and status.
 */
import circle from '@turf/circle';
import type { Feature, FeatureCollection, Geometry, MultiPolygon, Polygon } from 'geojson';
import type { StrategyCode } from '../../../server/domain/action-areas';
import type { InterventionStatus } from '../../../server/domain/interventions';

export interface InterventionFeatureProperties {
  id: string;
  title: string;
  strategy: StrategyCode;
  actionArea: string;
  status: InterventionStatus;
  /** The kind of target the feature draws. */
  kind: 'area' | 'site' | 'polygon' | 'circle';
}
export type InterventionFeature = Feature<Geometry, InterventionFeatureProperties>;

/** A target as `interventions.list` or `get` return it (polygons carry their geometry only from `get`). */
export type TargetLike =
  | { kind: 'area'; boundarySetId: string; code: string }
  | { kind: 'site'; lng?: number; lat?: number }
  | { kind: 'polygon'; geometry?: Polygon | MultiPolygon }
  | { kind: 'circle'; center: [number, number]; radiusM: number };

export interface InterventionLike {
  id: string;
  title: string;
  strategy: StrategyCode;
  actionArea: string;
  status: InterventionStatus;
  targets: readonly TargetLike[];
}

export interface FeatureSources {
  /** The boundary of an area of a boundary set; undefined when not loaded (it is left out). */
  areaGeometry: (boundarySetId: string, code: string) => Polygon | MultiPolygon | undefined;
  /** Polygon targets' geometry by intervention id (from `interventions.get`), when `list` left them out. */
  polygons?: ReadonlyMap<string, readonly (Polygon | MultiPolygon)[]>;
}

/**
 * One feature per drawable target, in the order of the interventions.
 *
 * @example
 * buildInterventionFeatures([{ id: 'a', title: 'T', strategy: '2', actionArea: '2.1', status: 'planned', targets: [{ kind: 'circle', center: [85, 27], radiusM: 1000 }] }], { areaGeometry: () => undefined }).features.length; // 1
 */
export function buildInterventionFeatures(items: readonly InterventionLike[], sources: FeatureSources): FeatureCollection<Geometry, InterventionFeatureProperties> {
  const features: InterventionFeature[] = [];
  for (const item of items) {
    const props = (kind: InterventionFeatureProperties['kind']): InterventionFeatureProperties => ({
      id: item.id, title: item.title, strategy: item.strategy, actionArea: item.actionArea, status: item.status, kind,
    });
    const fetched = sources.polygons?.get(item.id) ?? [];
    let polygonIndex = 0;
    for (const t of item.targets) {
      let geometry: Geometry | undefined;
      if (t.kind === 'area') geometry = sources.areaGeometry(t.boundarySetId, t.code);
      else if (t.kind === 'site') geometry = t.lng !== undefined && t.lat !== undefined ? { type: 'Point', coordinates: [t.lng, t.lat] } : undefined;
      else if (t.kind === 'polygon') geometry = t.geometry ?? fetched[polygonIndex++];
      else geometry = circle(t.center, t.radiusM / 1000, { steps: 64, units: 'kilometers' }).geometry;
      if (geometry) features.push({ type: 'Feature', geometry, properties: props(t.kind) });
    }
  }
  return { type: 'FeatureCollection', features };
}

/** Whether an intervention has polygon targets whose geometry `list` left out. */
export function needsGeometry(item: InterventionLike): boolean {
  return item.targets.some((t) => t.kind === 'polygon' && !t.geometry);
}
