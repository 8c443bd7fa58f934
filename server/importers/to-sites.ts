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
  const detected = findCoordinateColumns(table);
  const latField = options.latField ?? detected?.latField;
  const lngField = options.lngField ?? detected?.lngField;
  if (!latField || !lngField) {
    return { sites: [], issues: [errorIssue('missing-column', `${table.fileName}: found no latitude/longitude columns (looked for ${latNames.join(', ')} and ${lngNames.join(', ')}); columns are ${table.columns.join(', ')}`)] };
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
  if (latCol < 0 || lngCol < 0 || (typeof options.category !== 'string' && categoryCol < 0)) return { sites: [], issues };

  const sites: SiteInput[] = [];
  table.rows.forEach((row, i) => {
    const rowNumber = table.rowNumbers[i];
    const lat = readCoordinate(row[latCol], 'latitude', 90, latField, rowNumber, table, options.locale, issues);
    const lng = readCoordinate(row[lngCol], 'longitude', 180, lngField, rowNumber, table, options.locale, issues);
    if (lat === null || lng === null) return;
    const category = categoryOf(options.category, categoryCol >= 0 ? row[categoryCol] : '', `${table.fileName} row ${rowNumber}`, { row: rowNumber }, issues);
    if (category === null) return;
    const props: SiteInput['props'] = {};
    table.columns.forEach((c, k) => {
      if (k !== latCol && k !== lngCol) props[c] = row[k];
    });
    sites.push({ category, name: nameCol >= 0 ? row[nameCol].trim() : '', lng, lat, props });
  });
  return { sites, issues: capIssues(issues) };
}

function readCoordinate(
  text: string,
  what: 'latitude' | 'longitude',
  limit: number,
  field: string,
  row: number,
  table: Table,
  locale: NumberLocale | undefined,
  issues: ImportIssue[],
): number | null {
  if (text.trim() === '') {
    issues.push(warningIssue('missing-value', `${table.fileName} row ${row}, column "${field}": no ${what}; the row is skipped`, { row, field }));
    return null;
  }
  const value = parseNumber(text, locale);
  if (Number.isNaN(value)) {
    issues.push(errorIssue('non-numeric', `${table.fileName} row ${row}, column "${field}": expected a ${what} in decimal degrees, got "${text}"`, { row, field }));
    return null;
  }
  if (Math.abs(value) > limit) {
    issues.push(errorIssue('out-of-range', `${table.fileName} row ${row}, column "${field}": expected a ${what} between -${limit} and ${limit}, got ${text.trim()}`, { row, field }));
    return null;
  }
  return value;
}

function categoryOf(
  category: SiteCategory,
  value: string,
  where: string,
  at: Pick<ImportIssue, 'row' | 'feature'>,
  issues: ImportIssue[],
): string | null {
  if (typeof category === 'string') return category;
  const key = value.trim();
  const mapped = category.map ? category.map[key] ?? category.map[key.toLowerCase()] : key || undefined;
  if (mapped) return mapped;
  if (category.fallback) return category.fallback;
  issues.push(warningIssue('unmapped-category', `${where}, field "${category.field}": the value "${key}" maps to no site category; skipped`, { ...at, field: category.field }));
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
    const props = feature.properties ?? {};
    const geometry = feature.geometry;
    let sumX = 0;
    let sumY = 0;
    let n = 0;
    forEachPosition(geometry, ([x, y]) => {
      sumX += x;
      sumY += y;
      n++;
    });
    if (!geometry || n === 0) {
      issues.push(warningIssue('empty-geometry', `${fileName}: ${featureLabel(feature, i)} has no geometry; skipped`, { feature: i }));
      return;
    }
    const fieldValue = typeof options.category === 'string' ? '' : String(props[options.category.field] ?? '');
    const category = categoryOf(options.category, fieldValue, `${fileName}: ${featureLabel(feature, i)}`, { feature: i }, issues);
    if (category === null) return;
    if (geometry.type !== 'Point') centroids++;
    const nameField = options.nameField ?? siteNameFields.find((f) => typeof props[f] === 'string');
    const out: SiteInput['props'] = {};
    for (const [k, v] of Object.entries(props)) out[k] = v === null || v === undefined ? null : typeof v === 'number' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (feature.id !== undefined) out.id = feature.id;
    sites.push({ category, name: nameField ? String(props[nameField] ?? '').trim() : '', lng: sumX / n, lat: sumY / n, props: out });
  });
  if (centroids > 0) {
    issues.push(warningIssue('wrong-geometry-type', `${fileName}: ${centroids} features are lines or polygons; each became a site at the mean of its vertices`));
  }
  return { sites, issues: capIssues(issues) };
}
