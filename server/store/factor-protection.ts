import type { Kysely } from 'kysely';
import type { Database } from './schema';
import { hasClearance, suppressionKOf, type Guarded, type Viewer } from './access';
import { protectCount } from '../domain/disclosure';
import type { FactorVersions } from '../domain/factor-plan';

/** A factor as a viewer gets it: protected values carry how (disclosure.ts). */
export interface ShownFactorValue {
  factor: string;
  category: string | null;
  unit: string;
  /** null when withheld or under the small-count threshold. */
  value: number | null;
  /** Shown as `<below`: a count from 1 to below − 1. */
  below?: number;
  /** Rounded down to a multiple of this (the count; a rate or density from the rounded count). */
  roundedTo?: number;
  /** A distance to a restricted site, not given to viewers without clearance. */
  withheld?: boolean;
}

/**
 * How a viewer gets the values of a stored factors dataset, whichever door they come through
 * (factors.get and factors.map, datasets.features, the CSV export): cleared viewers as stored;
 * others with counts drawn from internal or restricted sites protected — under the owning
 * organisation's k as `<k`, others rounded down to a multiple of k, rates and densities from the
 * rounded count, and no distance to a restricted site. `shown` takes the area's raw values by
 * indicator name (the count a rate comes from).
 */
export async function factorProtection(db: Kysely<Database>, viewer: Viewer, meta: Guarded, versions: Partial<FactorVersions>) {
  const cleared = hasClearance(viewer, meta);
  const all = await sensitiveCategories(db, Object.keys(versions.sites ?? {}));
  const anySensitive = all.internal.size + all.restricted.size > 0;
  const sensitive = cleared ? { internal: new Set<string>(), restricted: new Set<string>() } : all;
  const k = cleared || !anySensitive ? 0 : await suppressionKOf(db, meta.org_id);
  const shown = (name: string, unit: string, value: number, raw: ReadonlyMap<string, number>): ShownFactorValue => {
    const [factor, category = null] = name.split(/:(.*)/s, 2);
    const isSensitive = category !== null && (sensitive.internal.has(category) || sensitive.restricted.has(category));
    if (!isSensitive) return { factor, category, unit, value };
    if (factor === 'nearest-km' && sensitive.restricted.has(category!)) return { factor, category, unit, value: null, withheld: true };
    const count = raw.get(`sites-count:${category}`) ?? 0;
    const protectedCount = protectCount(count, k);
    if (factor === 'nearest-km') return { factor, category, unit, value };
    if (protectedCount.value === null) return { factor, category, unit, value: null, below: protectedCount.below };
    if (factor === 'sites-count') return { factor, category, unit, value: protectedCount.value, roundedTo: protectedCount.roundedTo };
    // a rate or density from the rounded count: the exact one would give the count back
    return { factor, category, unit, value: count === 0 ? value : (value * protectedCount.value) / count, roundedTo: protectedCount.roundedTo };
  };
  // rawSensitive: a cleared viewer gets counts drawn from internal or restricted sites as they are
  return { cleared, k, shown, rawSensitive: cleared && anySensitive };
}

/** The categories with internal or restricted sites among these datasets (their counts are protected). */
async function sensitiveCategories(db: Kysely<Database>, datasetIds: string[]) {
  const internal = new Set<string>();
  const restricted = new Set<string>();
  if (!datasetIds.length) return { internal, restricted };
  const rows = await db
    .selectFrom('sites')
    .innerJoin('datasets', 'datasets.id', 'sites.dataset_id')
    .select(['sites.category', 'sites.sensitivity as site', 'datasets.sensitivity as dataset'])
    .distinct()
    .where('sites.dataset_id', 'in', datasetIds)
    .where((eb) => eb.or([eb('sites.sensitivity', '!=', 'public'), eb('datasets.sensitivity', '!=', 'public')]))
    .execute();
  for (const r of rows) (r.site === 'restricted' || r.dataset === 'restricted' ? restricted : internal).add(r.category);
  return { internal, restricted };
}
