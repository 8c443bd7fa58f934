/** One stored factor as the API returns it: `sites-count` of `transit.airport`, say. */
export interface FactorValue {
  factor: string;
  category: string | null;
  /** null when the server protects it: under the small-count threshold, or withheld. */
  value: number | null;
  /** A count from 1 to below − 1, shown as `<below`. */
  below?: number;
  /** Rounded down to a multiple of this by the server's small-count rule. */
  roundedTo?: number;
  /** A distance to a restricted site, not given without clearance. */
  withheld?: boolean;
}

/** The site factors of one taxonomy category, for one row of the profile's table. */
export interface CategoryFactors {
  category: string;
  /** The count, or its rounded-down value when `roundedTo` is set; 0 when `below` is set. */
  count: number;
  /** Set when the count is from 1 to below − 1 (not shown exactly). */
  below?: number;
  /** Set when the count is rounded down to a multiple of this: it lies in count … count + roundedTo − 1. */
  roundedTo?: number;
  /** NaN where the area has no population estimate. */
  per100k: number;
  per1000Km2: number;
  /** Distance to the nearest site of a transit category, km; undefined for other categories. */
  nearestKm: number | undefined;
  /** The distance is to a restricted site and not given without clearance. */
  nearestWithheld?: boolean;
}

export interface FactorTable {
  areaKm2: number;
  population: number | undefined;
  borderlandShare: number | undefined;
  transitCatchmentShare: number | undefined;
  /** Categories with at least one site in the area first (most sites first), then by id. */
  categories: CategoryFactors[];
}

/**
 * The stored factors of an area arranged for the profile: one row per site category with its
 * count, rates and nearest distance, and the area-wide figures apart.
 *
 * @example
 * factorTable(values).categories[0]; // { category: 'transit.airport', count: 48, per100k: 0.16, … }
 */
export function factorTable(values: FactorValue[]): FactorTable {
  const single = (factor: string) => values.find((v) => v.factor === factor && v.category === null)?.value ?? undefined;
  const byCategory = new Map<string, CategoryFactors>();
  const row = (category: string) => {
    let r = byCategory.get(category);
    if (!r) byCategory.set(category, (r = { category, count: 0, per100k: NaN, per1000Km2: NaN, nearestKm: undefined }));
    return r;
  };
  for (const v of values) {
    if (v.category === null) continue;
    const r = row(v.category);
    const value = v.value ?? NaN;
    if (v.factor === 'sites-count') {
      r.count = v.value ?? 0;
      if (v.below) r.below = v.below;
      if (v.roundedTo) r.roundedTo = v.roundedTo;
    } else if (v.factor === 'sites-per-100k') r.per100k = value;
    else if (v.factor === 'sites-per-1000km2') r.per1000Km2 = value;
    else if (v.factor === 'nearest-km') {
      if (v.withheld) r.nearestWithheld = true;
      else r.nearestKm = value;
    }
  }
  return {
    areaKm2: single('area-km2') ?? NaN,
    population: single('population-geonames'),
    borderlandShare: single('borderland-share'),
    transitCatchmentShare: single('transit-catchment-share'),
    // a count under the threshold sorts above zero and below the shown counts
    categories: [...byCategory.values()].sort((a, b) => sortKey(b) - sortKey(a) || a.category.localeCompare(b.category)),
  };
}

const sortKey = (c: CategoryFactors) => (c.below ? 0.5 : c.count);
