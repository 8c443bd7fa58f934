import type { FactorScope } from './area-factors';

/** What a set of stored factors was computed from: a version for every input. */
export interface FactorVersions {
  format: 2;
  settings: { borderKm: number; catchmentKm: number };
  /** The boundary set's dataset and when it was imported. */
  areas: string;
  /** The places layer (population estimates). */
  places: string;
  /** The land-border layer. */
  borders: string;
  /** Each visible sites layer: its version and the categories it holds. */
  sites: Record<string, { version: string; categories: string[] }>;
}

export type FactorPlan =
  | { mode: 'unchanged' }
  | { mode: 'full'; reason: string }
  | { mode: 'incremental'; scope: FactorScope; reasons: string[] };

/**
 * What has to be recomputed to bring stored factors up to date. The areas and the places (the
 * population every rate divides by) change everything; a sites layer added, changed, hidden or
 * removed changes only its categories' counts, rates and distances — and the transit catchment
 * when one of them is a transit category; the borders and the two widths each change one share.
 *
 * @example
 * planFactorRecompute(stored, current); // { mode: 'incremental', scope: { categories: ['transit.harbour'], borderland: false, catchment: true }, … }
 */
export function planFactorRecompute(stored: unknown, current: FactorVersions): FactorPlan {
  if (!isFactorVersions(stored)) return { mode: 'full', reason: 'no factors computed yet' };
  if (stored.areas !== current.areas) return { mode: 'full', reason: 'the boundary set changed' };
  if (stored.places !== current.places) return { mode: 'full', reason: 'the places layer changed' };

  const reasons: string[] = [];
  const categories = new Set<string>();
  const ids = new Set([...Object.keys(stored.sites), ...Object.keys(current.sites)]);
  for (const id of [...ids].sort()) {
    const before = stored.sites[id];
    const after = current.sites[id];
    if (before && after && before.version === after.version) continue;
    reasons.push(!before ? `sites layer '${id}' added` : !after ? `sites layer '${id}' removed or hidden` : `sites layer '${id}' changed`);
    for (const c of before?.categories ?? []) categories.add(c);
    for (const c of after?.categories ?? []) categories.add(c);
  }
  const borderland = stored.borders !== current.borders || stored.settings.borderKm !== current.settings.borderKm;
  if (stored.borders !== current.borders) reasons.push('the borders changed');
  if (stored.settings.borderKm !== current.settings.borderKm) reasons.push(`borderland width ${stored.settings.borderKm} → ${current.settings.borderKm} km`);
  const catchmentKmChanged = stored.settings.catchmentKm !== current.settings.catchmentKm;
  if (catchmentKmChanged) reasons.push(`catchment ${stored.settings.catchmentKm} → ${current.settings.catchmentKm} km`);
  const catchment = catchmentKmChanged || [...categories].some((c) => c.startsWith('transit.'));

  if (categories.size === 0 && !borderland && !catchment) return { mode: 'unchanged' };
  return { mode: 'incremental', scope: { categories: [...categories].sort(), borderland, catchment }, reasons };
}

/** The factor names a scope covers: what an incremental recompute replaces. */
export function factorNamesInScope(scope: FactorScope): string[] {
  const names = scope.categories.flatMap((c) => [`sites-count:${c}`, `sites-per-100k:${c}`, `sites-per-1000km2:${c}`, `nearest-km:${c}`]);
  if (scope.borderland) names.push('borderland-share');
  if (scope.catchment) names.push('transit-catchment-share');
  return names;
}

function isFactorVersions(v: unknown): v is FactorVersions {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Partial<FactorVersions>;
  return o.format === 2 && typeof o.areas === 'string' && typeof o.places === 'string' && typeof o.borders === 'string'
    && typeof o.sites === 'object' && o.sites !== null && typeof o.settings?.borderKm === 'number' && typeof o.settings?.catchmentKm === 'number';
}
