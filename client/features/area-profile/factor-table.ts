/** One stored factor as the API returns it: `sites-count` of `transit.airport`, say. */
export interface FactorValue {
  factor: string;
  category: string | null;
  value: number;
}

/** The site factors of one taxonomy category, for one row of the profile's table. */
export interface CategoryFactors {
  category: string;
  count: number;
  /** NaN where the area has no population estimate. */
  per100k: number;
  per1000Km2: number;
  /** Distance to the nearest site of a transit category, km; undefined for other categories. */
  nearestKm: number | undefined;
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
  const single = (factor: string) => values.find((v) => v.factor === factor && v.category === null)?.value;
  const byCategory = new Map<string, CategoryFactors>();
  const row = (category: string) => {
    let r = byCategory.get(category);
    if (!r) byCategory.set(category, (r = { category, count: 0, per100k: NaN, per1000Km2: NaN, nearestKm: undefined }));
    return r;
  };
  for (const v of values) {
    if (v.category === null) continue;
    if (v.factor === 'sites-count') row(v.category).count = v.value;
    else if (v.factor === 'sites-per-100k') row(v.category).per100k = v.value;
    else if (v.factor === 'sites-per-1000km2') row(v.category).per1000Km2 = v.value;
    else if (v.factor === 'nearest-km') row(v.category).nearestKm = v.value;
  }
  return {
    areaKm2: single('area-km2') ?? NaN,
    population: single('population-geonames'),
    borderlandShare: single('borderland-share'),
    transitCatchmentShare: single('transit-catchment-share'),
    categories: [...byCategory.values()].sort((a, b) => b.count - a.count || a.category.localeCompare(b.category)),
  };
}
