import type { SiteInput } from '../domain/types';
import { capIssues, errorIssue, warningIssue, type ImportIssue } from './import-error';
import { forEachPosition } from './map-positions';
import type { ImportedFeature } from './read-geojson';
import { findColumn, parseNumber, type NumberLocale, type Table } from './read-table';
import { featureLabel } from './validate-geometry';

/**
 * A site's category: one taxonomy id for every row, or one read from a field and optionally
 * translated through `map` (source value → category id); `fallback` catches the rest.
 */
export type SiteCategory = string | { field: string; map?: Record<string, string>; fallback?: string };

export interface TableToSitesOptions {
  category: SiteCategory;
  /** @default detected (latitude, lat, y, #geo+lat …) */
  latField?: string;
  /** @default detected (longitude, lon, lng, long, x, #geo+lon …) */
  lngField?: string;
  /** @default detected (name, name_en, title, #loc+name …); '' when there is none */
  nameField?: string;
  /** @default 'en' */
  locale?: NumberLocale;
}

const latNames = ['latitude', 'lat', 'y', 'lat_dd', 'latitude_dd', 'decimallatitude', '#geo+lat'];
const lngNames = ['longitude', 'lon', 'lng', 'long', 'x', 'lon_dd', 'longitude_dd', 'decimallongitude', '#geo+lon'];
const siteNameFields = ['name', 'name_en', 'title', 'site', 'site_name', 'nameascii', '#loc+name', '#name'];

/** The latitude and longitude columns of a table, by header name or HXL tag; null when either is missing. */
export function findCoordinateColumns(table: Pick<Table, 'columns' | 'hxl'>): { latField: string; lngField: string } | null {
  const pick = (names: string[]) => {
    for (const n of names) {
      const c = findColumn(table, n);
      if (c >= 0) return table.columns[c];
    }
    return null;
  };
  const latField = pick(latNames);
  const lngField = pick(lngNames);
  return latField && lngField ? { latField, lngField } : null;
}

/**
 * Turns table rows with latitude/longitude columns into sites. A row whose coordinates are empty,
 * not numbers or out of range is left out and reported with its row and column.
 *
 * @example
 * tableToSites(readCsv(bytes), { category: 'heritage-site' })
 */
export function tableToSites(table: Table, options: TableToSitesOptions): { sites: SiteInput[]; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const toSite = tableSiteReader(table, options, issues);
  if (!toSite) return { sites: [], issues };
  const sites: SiteInput[] = [];
  table.rows.forEach((row, i) => {
    const site = toSite(row, table.rowNumbers[i], issues);
    if (site) sites.push(site);
  });
  return { sites, issues: capIssues(issues) };
}

/**
 * tableToSites one row at a time, for tables read as a stream: resolves the columns once and
 * returns a function from a row (and its row number) to a site, or null when the row is left out
 * (the reason pushed to `issues`). Returns null, with the reason in `issues`, when the columns
 * are missing.
 */
export function tableSiteReader(
  table: Pick<Table, 'fileName' | 'columns' | 'hxl'>,
  options: TableToSitesOptions,
  issues: ImportIssue[],
): ((row: string[], rowNumber: number, issues: ImportIssue[]) => SiteInput | null) | null {
  const detected = findCoordinateColumns(table);
  const latField = options.latField ?? detected?.latField;
  const lngField = options.lngField ?? detected?.lngField;
  if (!latField || !lngField) {
    issues.push(errorIssue('missing-column', `${table.fileName}: found no latitude/longitude columns (looked for ${latNames.join(', ')} and ${lngNames.join(', ')}); columns are ${table.columns.join(', ')}`));
    return null;
  }
  const col = (field: string) => {
    const c = findColumn(table, field);
    if (c < 0) issues.push(errorIssue('missing-column', `${table.fileName} has no column "${field}"; columns are ${table.columns.join(', ')}`, { field }));
    return c;
  };
  const latCol = col(latField);
  const lngCol = col(lngField);
  const nameField = options.nameField ?? siteNameFields.map((n) => findColumn(table, n)).filter((c) => c >= 0).map((c) => table.columns[c])[0];
  const nameCol = nameField ? col(nameField) : -1;
  const categoryCol = typeof options.category === 'string' ? -1 : col(options.category.field);
  if (latCol < 0 || lngCol < 0 || (typeof options.category !== 'string' && categoryCol < 0)) return null;
  // every column but the coordinates goes into props
  const propColumns = table.columns.map((c, k) => [c, k] as const).filter(([, k]) => k !== latCol && k !== lngCol);
  const fileName = table.fileName;

  return (row, rowNumber, issues) => {
    const lat = readCoordinate(row[latCol], 'latitude', 90, latField, rowNumber, fileName, options.locale, issues);
    const lng = readCoordinate(row[lngCol], 'longitude', 180, lngField, rowNumber, fileName, options.locale, issues);
    if (lat === null || lng === null) return null;
    const category = categoryOf(options.category, categoryCol >= 0 ? row[categoryCol] : '', `${fileName} row ${rowNumber}`, { row: rowNumber }, issues);
    if (category === null) return null;
    const props: SiteInput['props'] = {};
    for (const [c, k] of propColumns) props[c] = row[k];
    return { category, name: nameCol >= 0 ? row[nameCol].trim() : '', lng, lat, props };
  };
}

function readCoordinate(
  text: string,
  what: 'latitude' | 'longitude',
  limit: number,
  field: string,
  row: number,
  fileName: string,
  locale: NumberLocale | undefined,
  issues: ImportIssue[],
): number | null {
  if (text.trim() === '') {
    issues.push(warningIssue('missing-value', `${fileName} row ${row}, column "${field}": no ${what}; the row is skipped`, { row, field }));
    return null;
  }
  const value = parseNumber(text, locale);
  if (Number.isNaN(value)) {
    issues.push(errorIssue('non-numeric', `${fileName} row ${row}, column "${field}": expected a ${what} in decimal degrees, got "${text}"`, { row, field }));
    return null;
  }
  if (Math.abs(value) > limit) {
    issues.push(errorIssue('out-of-range', `${fileName} row ${row}, column "${field}": expected a ${what} between -${limit} and ${limit}, got ${text.trim()}`, { row, field }));
    return null;
  }
  return value;
}

function categoryOf(
  category: SiteCategory,
  value: string,
  where: string | (() => string),
  at: Pick<ImportIssue, 'row' | 'feature'>,
  issues: ImportIssue[],
): string | null {
  if (typeof category === 'string') return category;
  const key = value.trim();
  const mapped = category.map ? category.map[key] ?? category.map[key.toLowerCase()] : key || undefined;
  if (mapped) return mapped;
  if (category.fallback) return category.fallback;
  issues.push(warningIssue('unmapped-category', `${typeof where === 'string' ? where : where()}, field "${category.field}": the value "${key}" maps to no site category; skipped`, { ...at, field: category.field }));
  return null;
}

export interface FeaturesToSitesOptions {
  category: SiteCategory;
  /** @default detected (name, name_en, title …) */
  nameField?: string;
  /** @default 'the file' */
  fileName?: string;
}

/**
 * Turns point features into sites. Lines and polygons become a site at the mean of their
 * vertices (reported once as a warning); features without geometry are reported and skipped.
 */
export function featuresToSites(features: ImportedFeature[], options: FeaturesToSitesOptions): { sites: SiteInput[]; issues: ImportIssue[] } {
  const fileName = options.fileName ?? 'the file';
  const issues: ImportIssue[] = [];
  const sites: SiteInput[] = [];
  let centroids = 0;
  features.forEach((feature, i) => {
    const site = featureToSite(feature, { feature: i }, options, issues);
    if (!site) return;
    if (feature.geometry!.type !== 'Point') centroids++;
    sites.push(site);
  });
  if (centroids > 0) issues.push(centroidIssue(fileName, centroids));
  return { sites, issues: capIssues(issues) };
}

/**
 * featuresToSites for one feature: its site, or null when it is left out (the reason pushed to
 * `issues`). `at.feature` is its 0-based index; `at.row`, when given, is the line of the file it
 * came from and is named in messages.
 */
export function featureToSite(feature: ImportedFeature, at: { feature: number; row?: number }, options: FeaturesToSitesOptions, issues: ImportIssue[]): SiteInput | null {
  const props = feature.properties ?? {};
  const geometry = feature.geometry;
  let lng: number;
  let lat: number;
  if (geometry?.type === 'Point' && geometry.coordinates.length >= 2) {
    // most sites are points: no visit per position
    [lng, lat] = geometry.coordinates;
  } else {
    const mean = meanPosition(geometry);
    if (!mean) {
      issues.push(warningIssue('empty-geometry', `${featureWhere(feature, at, options)} has no geometry; skipped`, at));
      return null;
    }
    [lng, lat] = mean;
  }
  // a position of one number, or of text, averages to NaN: never a site at no place
  if (!Number.isFinite(lng) || !Number.isFinite(lat)) {
    issues.push(errorIssue('non-numeric', `${featureWhere(feature, at, options)} has a coordinate that is not a pair of numbers; skipped`, at));
    return null;
  }
  const category =
    typeof options.category === 'string'
      ? options.category
      : categoryOf(options.category, String(props[options.category.field] ?? ''), () => featureWhere(feature, at, options), at, issues);
  if (category === null) return null;
  const nameField = options.nameField ?? firstStringField(props);
  const out: SiteInput['props'] = {};
  for (const k in props) {
    const v = props[k];
    out[k] = v === null || v === undefined ? null : typeof v === 'number' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
  if (feature.id !== undefined) out.id = feature.id;
  return { category, name: nameField ? String(props[nameField] ?? '').trim() : '', lng, lat, props: out };
}

function firstStringField(props: Record<string, unknown>): string | undefined {
  for (const f of siteNameFields) if (typeof props[f] === 'string') return f;
  return undefined;
}

// "pois.geojson line 12: feature 11 ("Hotel de Paris")", for messages
function featureWhere(feature: ImportedFeature, at: { feature: number; row?: number }, options: FeaturesToSitesOptions): string {
  return `${options.fileName ?? 'the file'}${at.row !== undefined ? ` line ${at.row}` : ''}: ${featureLabel(feature, at.feature)}`;
}

// the mean of a geometry's positions, or null when it has none
function meanPosition(geometry: ImportedFeature['geometry']): [number, number] | null {
  let sumX = 0;
  let sumY = 0;
  let n = 0;
  forEachPosition(geometry, ([x, y]) => {
    sumX += x;
    sumY += y;
    n++;
  });
  return geometry && n > 0 ? [sumX / n, sumY / n] : null;
}

/** The one warning for lines and polygons that became sites at the mean of their vertices. */
export function centroidIssue(fileName: string, count: number): ImportIssue {
  return warningIssue('wrong-geometry-type', `${fileName}: ${count} features are lines or polygons; each became a site at the mean of its vertices`);
}
