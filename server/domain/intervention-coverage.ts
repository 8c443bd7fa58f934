/**
 * Coverage of each area by the interventions that target it (issue 10), on 0–1.
 *
 * 1. Each intervention's share of an area: 1 when it targets the area itself (same boundary set,
 *    same code) or a site inside it; for a drawn zone or an area of another boundary set, the
 *    share of the area inside that geometry, by the exact geodesic overlay the borderland share
 *    uses (zone-shares.ts). An intervention's targets add up, capped at 1 (its own targets are
 *    taken not to overlap one another).
 * 2. Weighted by status (`DEFAULT_STATUS_WEIGHTS`): ongoing work covers fully, planned and
 *    completed work half, cancelled work not at all.
 * 3. Combined over interventions as 1 − Π(1 − weight·share): two half-covering interventions make
 *    0.75, never more than 1, and one more intervention never lowers an area's coverage.
 *
 * An area no intervention targets has coverage 0 — a measured absence, not a missing value.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { InterventionStatus } from './interventions';
import { ZoneShareAreas, zoneShares } from './zone-shares';

/** @default ongoing 1, planned 0.5, completed 0.5, cancelled 0 */
export const DEFAULT_STATUS_WEIGHTS: Readonly<Record<InterventionStatus, number>> = {
  // under way now: the area is covered
  ongoing: 1,
  // not started: counts for half, so that a plan shows but does not close a gap by itself
  planned: 0.5,
  // finished: its effect is taken to last, partly
  completed: 0.5,
  cancelled: 0,
};

/** A target as the coverage sees it: the areas' own code, a geometry, or a point (a site). */
export type CoverageTarget =
  | { kind: 'code'; code: string }
  | { kind: 'geometry'; geometry: Polygon | MultiPolygon }
  | { kind: 'point'; lng: number; lat: number };

export interface CoverageIntervention {
  id: string;
  status: InterventionStatus;
  targets: CoverageTarget[];
}

export interface AreaCoverage {
  code: string;
  /** 0–1. */
  coverage: number;
  /** The interventions that reach the area: their share of it (0–1) and status weight. */
  interventions: { id: string; share: number; weight: number }[];
}

export interface CoverageOptions {
  /** Status → weight, 0–1. @default DEFAULT_STATUS_WEIGHTS */
  statusWeights?: Partial<Record<InterventionStatus, number>>;
}

// The overlay cuts edges where they cross, and cannot tell which side a boundary shared by the
// target and an area lies on (an area of another boundary set often has the same edge lines):
// the target is moved by a hundred-millionth of a degree (about 1 mm), so no edge is shared, and
// shares within SNAP of 0 or 1 are taken as 0 or 1. The error that leaves is below 1e-7.
const NUDGE_LNG = 1e-8;
const NUDGE_LAT = 0.618e-8;
const SNAP = 1e-7;

function nudged(geometry: Polygon | MultiPolygon): Polygon | MultiPolygon {
  const move = (rings: Position[][]) => rings.map((ring) => ring.map((p) => [p[0] + NUDGE_LNG, p[1] + NUDGE_LAT]));
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: move(geometry.coordinates) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(move) };
}

/** Share (0–1) of each area inside a target geometry. */
export function targetShares(areas: CoverageAreas, geometry: Polygon | MultiPolygon): Float64Array {
  const shares = zoneShares(areas.prepared, nudged(geometry));
  const out = new Float64Array(shares.length);
  shares.forEach((s, i) => {
    const v = Number.isFinite(s.share) ? s.share : 0;
    out[i] = v < SNAP ? 0 : v > 1 - SNAP ? 1 : v;
  });
  return out;
}

/** Areas prepared once (edges, areas, point index) for many coverage computations. */
export interface CoverageAreas {
  codes: string[];
  prepared: ZoneShareAreas;
}

/** Prepares the areas of one boundary set for `computeCoverage`. */
export function prepareCoverageAreas(areas: { code: string; geometry: Polygon | MultiPolygon }[]): CoverageAreas {
  return { codes: areas.map((a) => a.code), prepared: new ZoneShareAreas(areas.map((a) => a.geometry)) };
}

/**
 * Coverage of every area (in the order of `areas`) by the interventions.
 *
 * @example
 * const areas = prepareCoverageAreas([{ code: 'A', geometry: square }]);
 * computeCoverage(areas, [{ id: 'x', status: 'ongoing', targets: [{ kind: 'code', code: 'A' }] }])[0].coverage; // 1
 */
export function computeCoverage(areas: CoverageAreas, interventions: CoverageIntervention[], options: CoverageOptions = {}): AreaCoverage[] {
  const weights = { ...DEFAULT_STATUS_WEIGHTS, ...options.statusWeights };
  const n = areas.codes.length;
  const indexOf = new Map(areas.codes.map((c, i) => [c, i]));
  const uncovered = new Float64Array(n).fill(1);
  const reached: AreaCoverage['interventions'][] = Array.from({ length: n }, () => []);

  for (const iv of interventions) {
    const weight = weights[iv.status] ?? 0;
    const share = new Float64Array(n);
    for (const t of iv.targets) {
      if (t.kind === 'code') {
        const i = indexOf.get(t.code);
        if (i !== undefined) share[i] = 1;
      } else if (t.kind === 'point') {
        const i = areas.prepared.index.locate(t.lng, t.lat);
        if (i >= 0) share[i] = 1;
      } else {
        const shares = targetShares(areas, t.geometry);
        for (let i = 0; i < n; i++) if (shares[i] > 0) share[i] = Math.min(1, share[i] + shares[i]);
      }
    }
    for (let i = 0; i < n; i++) {
      if (!(share[i] > 0)) continue;
      reached[i].push({ id: iv.id, share: share[i], weight });
      uncovered[i] *= 1 - Math.max(0, Math.min(1, weight * share[i]));
    }
  }
  return areas.codes.map((code, i) => ({ code, coverage: 1 - uncovered[i], interventions: reached[i] }));
}
