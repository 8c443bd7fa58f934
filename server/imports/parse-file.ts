import type { Geometry } from 'geojson';
import { detectFormat, type ImportFormat } from '../importers/detect-format';
import { readFeatures } from '../importers/read-features';
import { readCsv, readXlsx, filterTable, type Table } from '../importers/read-table';
import { readOsmPbf } from '../importers/read-osm-pbf';
import type { ImportedFeature } from '../importers/read-geojson';
import type { ImportIssue } from '../importers/import-error';
import { proposeAreaFields, type AreaFields } from '../importers/to-areas';
import { findCoordinateColumns } from '../importers/to-sites';
import { detectPeriodColumns } from '../importers/to-observations';
import { proposeThreeW, type InterventionFieldChoice } from '../importers/to-interventions';
import type { SiteInput } from '../domain/types';
import { checkRowLimit, defaultImportLimits, type ImportLimits } from './limits';

/** A file read into one of the three shapes the pipeline works on. */
export interface ParsedFile {
  fileName: string;
  format: ImportFormat;
  table?: Table;
  features?: ImportedFeature[];
  /** Points of interest of an OSM extract, already classified by the taxonomy. */
  osm?: { sites: SiteInput[]; skipped: Record<string, number> };
  issues: ImportIssue[];
}

export interface ParseOptions {
  encoding?: string;
  layer?: string;
  limits?: ImportLimits;
}

/** Detects the format and reads the file; format-level problems throw an ImportError. */
export async function parseFile(bytes: Uint8Array, fileName: string, options: ParseOptions = {}): Promise<ParsedFile> {
  const limits = options.limits ?? defaultImportLimits;
  const { format } = detectFormat(fileName, bytes, limits.zip, options.encoding);
  if (format === 'csv') {
    const table = readCsv(bytes, { fileName, encoding: options.encoding });
    checkRowLimit(table.rows.length, limits, fileName);
    return { fileName, format, table, issues: table.issues };
  }
  if (format === 'xlsx') {
    const table = await readXlsx(bytes, { fileName, sheet: options.layer, limits: limits.zip });
    checkRowLimit(table.rows.length, limits, fileName);
    return { fileName, format, table, issues: table.issues };
  }
  if (format === 'osm-pbf') {
    const osm = await readOsmPbf(bytes, { fileName });
    checkRowLimit(osm.sites.length, limits, fileName);
    return { fileName, format, osm: { sites: osm.sites, skipped: osm.skipped }, issues: osm.issues };
  }
  const { features, issues } = await readFeatures(bytes, fileName, { encoding: options.encoding, layer: options.layer, limits: limits.zip });
  checkRowLimit(features.length, limits, fileName);
  return { fileName, format, features, issues };
}

/** A table of the features' properties, so that a boundary file can also give observations. */
export function propertiesTable(parsed: ParsedFile): Table {
  if (parsed.table) return parsed.table;
  const features = parsed.features ?? [];
  const columns = [...new Set(features.flatMap((f) => Object.keys(f.properties ?? {})))];
  return {
    fileName: parsed.fileName,
    columns,
    rows: features.map((f) => columns.map((c) => (f.properties?.[c] === null || f.properties?.[c] === undefined ? '' : String(f.properties[c])))),
    rowNumbers: features.map((_, i) => i + 1),
    issues: [],
  };
}

/** Applies the user's row filters (column equals value). */
export function applyFilters(table: Table, filters: { field: string; equals: string }[]): Table {
  if (filters.length === 0) return table;
  return filterTable(table, (cell) => filters.every((f) => cell(f.field).trim() === f.equals.trim()));
}

export interface Inspection {
  fileName: string;
  format: ImportFormat;
  rowCount: number;
  columns: string[];
  hxl: string[] | null;
  /** The first rows, as text cells. */
  preview: string[][];
  geometryTypes: Record<string, number>;
  /** Up to 300 features for the wizard's small map (points of a table included). */
  sample: { type: 'FeatureCollection'; features: { type: 'Feature'; properties: Record<string, unknown>; geometry: Geometry }[] };
  proposed: {
    kind: 'boundaries' | 'sites' | 'observations' | 'interventions';
    area: AreaFields;
    /** The columns of a 3W sheet (organisation, activity code, area, status, dates…), when the table reads as one. */
    interventions: InterventionFieldChoice | null;
    coordinates: { latField: string; lngField: string } | null;
    periodColumns: string[];
  };
  issues: ImportIssue[];
}

/** What the wizard shows after a file is dropped: preview rows, a small map and proposed choices. */
export function inspectParsed(parsed: ParsedFile): Inspection {
  const table = parsed.osm ? null : propertiesTable(parsed);
  const geometryTypes: Record<string, number> = {};
  for (const f of parsed.features ?? []) {
    const t = f.geometry?.type ?? 'none';
    geometryTypes[t] = (geometryTypes[t] ?? 0) + 1;
  }
  const coordinates = parsed.table ? findCoordinateColumns(parsed.table) : null;
  const sampleFeatures: Inspection['sample']['features'] = [];
  if (parsed.features) {
    for (const f of parsed.features.slice(0, 300)) if (f.geometry) sampleFeatures.push({ type: 'Feature', properties: f.properties ?? {}, geometry: f.geometry });
  } else if (parsed.osm) {
    for (const s of parsed.osm.sites.slice(0, 300)) sampleFeatures.push({ type: 'Feature', properties: { name: s.name, category: s.category }, geometry: { type: 'Point', coordinates: [s.lng, s.lat] } });
  } else if (parsed.table && coordinates) {
    const lat = parsed.table.columns.indexOf(coordinates.latField);
    const lng = parsed.table.columns.indexOf(coordinates.lngField);
    for (const row of parsed.table.rows.slice(0, 300)) {
      const x = Number(row[lng]);
      const y = Number(row[lat]);
      if (Number.isFinite(x) && Number.isFinite(y)) sampleFeatures.push({ type: 'Feature', properties: {}, geometry: { type: 'Point', coordinates: [x, y] } });
    }
  }
  const polygons = (geometryTypes.Polygon ?? 0) + (geometryTypes.MultiPolygon ?? 0);
  // a table without coordinates whose header and first rows read as a 3W sheet holds interventions
  const threeW = parsed.table && !coordinates ? proposeThreeW(parsed.table) : null;
  const kind = parsed.osm || coordinates || (parsed.features && polygons === 0) ? 'sites' : parsed.features ? 'boundaries' : threeW ? 'interventions' : 'observations';
  const columns = parsed.osm ? ['name', 'category'] : table!.columns;
  const preview = parsed.osm ? parsed.osm.sites.slice(0, 20).map((s) => [s.name, s.category]) : table!.rows.slice(0, 20);
  return {
    fileName: parsed.fileName,
    format: parsed.format,
    rowCount: parsed.osm ? parsed.osm.sites.length : table!.rows.length,
    columns,
    hxl: parsed.table?.hxl ?? null,
    preview,
    geometryTypes,
    sample: { type: 'FeatureCollection', features: sampleFeatures },
    proposed: {
      kind,
      area: proposeAreaFields((parsed.features ?? []).map((f) => f.properties ?? {})),
      coordinates,
      interventions: threeW,
      periodColumns: detectPeriodColumns(columns).map((p) => p.column),
    },
    issues: parsed.issues,
  };
}
