import { ImportError, capIssues, errorIssue, type ImportIssue } from '../importers/import-error';
import { toAreas, proposeAreaFields } from '../importers/to-areas';
import { featuresToSites, tableToSites, type SiteCategory } from '../importers/to-sites';
import { detectPeriodColumns, toObservations } from '../importers/to-observations';
import { joinAreas, type JoinCandidate, type JoinSuggestion } from '../importers/join-areas';
import { CATEGORIES } from '../domain/taxonomy';
import type { PublishPayload, JoinedObservation } from '../store/datasets-store';
import type { ImportRequest } from './import-request';
import type { ImportedFeature } from '../importers/read-geojson';
import { applyFilters, propertiesTable, type ParsedFile } from './parse-file';
import type { SiteStreamSummary } from './stream-sites';
import { planInterventions } from './plan-interventions';
import type { ImportedIntervention } from '../domain/interventions';

/** What an import will write (or wrote), shown before and after publishing. */
export interface ImportReport {
  fileName: string;
  format: string;
  kind: ImportRequest['kind'];
  rowsRead: number;
  toWrite: { areas: number; sites: number; observations: number; interventions?: number };
  /** Rows or features left out, by reason (each listed in issues). */
  issues: ImportIssue[];
  errorCount: number;
  join: null | {
    boundarySetId: string;
    keys: number;
    matched: { key: string; code: string; method: string }[];
    unmatched: { key: string; row: number; reason: string; suggestions: JoinSuggestion[] }[];
  };
}

export interface ImportPlan {
  payload: PublishPayload;
  report: ImportReport;
  /** A 3W sheet's interventions (kind 'interventions'): written by the interventions store, not as a dataset. */
  interventions?: ImportedIntervention[];
}

export interface PlanContext {
  /** The areas of a boundary set, for joining observations. */
  joinCandidates(boundarySetId: string): Promise<JoinCandidate[]>;
}

function need<T>(value: T | undefined | null, message: string, field: string): T {
  if (value === undefined || value === null || value === '') throw new ImportError(errorIssue('missing-column', message, { field }));
  return value;
}

/** The site category of a request: one for the whole file, or a column that holds it. */
export function siteCategory(request: ImportRequest): SiteCategory {
  if (request.categoryField) return { field: request.categoryField };
  const id = need(request.category, 'Choose a site category for the whole file, or a column that holds it', 'category');
  // the request schema admits taxonomy ids only; a caller that skipped it still gets a clear error
  if (!CATEGORIES.some((c) => c.id === id)) throw new ImportError(errorIssue('unmapped-category', `Unknown site category '${id}': expected a taxonomy id such as transit.airport`, { field: 'category' }));
  return id;
}

/**
 * Turns a parsed file and the user's choices into the rows to publish and a report. Problems with
 * the whole file throw an ImportError; rows that cannot be used are left out and listed in the
 * report (the wizard shows it before anything is written).
 */
export async function planImport(parsed: ParsedFile, request: ImportRequest, context: PlanContext): Promise<ImportPlan> {
  const issues: ImportIssue[] = [...parsed.issues];
  const payload: PublishPayload = {};
  let join: ImportReport['join'] = null;
  let rowsRead = 0;
  let interventions: ImportedIntervention[] | undefined;

  if (request.kind === 'interventions') {
    const r = await planInterventions(parsed, request, context);
    issues.push(...r.issues);
    ({ join, rowsRead } = r);
    interventions = r.items;
  } else if (request.kind === 'boundaries') {
    const features = parsed.features;
    if (!features) throw new ImportError(errorIssue('wrong-geometry-type', `${parsed.fileName} is a ${parsed.format} file without polygons; boundaries need GeoJSON, TopoJSON, KML or a shapefile`));
    rowsRead = features.length;
    const proposed = proposeAreaFields(features.map((f) => f.properties ?? {}));
    if (features.length > 0 && features.every((f) => Object.keys(f.properties ?? {}).length === 0)) throw new ImportError(noAttributes(parsed));
    const codeField = need(request.codeField ?? proposed.codeField, `Choose the field that holds the area codes of ${parsed.fileName}`, 'codeField');
    const nameField = request.nameField ?? proposed.nameField ?? codeField;
    const level = request.level ?? proposed.level ?? 1;
    // polygons that validateFeatures reported as broken (a coordinate that is not a number, a ring
    // of fewer than 4 positions) are left out: written, they would have no area
    const broken = new Set<number>();
    features.forEach((f, i) => brokenPolygon(f.geometry) && broken.add(i));
    const r = toAreas(features, { codeField, nameField, parentField: request.parentField ?? proposed.parentField, level, fileName: parsed.fileName, leaveOut: broken });
    issues.push(...r.issues);
    payload.areas = { level, items: r.areas };
  } else if (request.kind === 'sites') {
    if (parsed.osm) {
      rowsRead = parsed.osm.sites.length;
      payload.sites = parsed.osm.sites;
    } else if (parsed.table) {
      const table = applyFilters(parsed.table, request.filters);
      rowsRead = table.rows.length;
      const r = tableToSites(table, { category: siteCategory(request), latField: request.latField, lngField: request.lngField, nameField: request.nameField, locale: request.locale });
      issues.push(...r.issues);
      payload.sites = r.sites;
    } else {
      rowsRead = parsed.features!.length;
      const r = featuresToSites(parsed.features!, { category: siteCategory(request), nameField: request.nameField, fileName: parsed.fileName });
      issues.push(...r.issues);
      payload.sites = r.sites;
    }
  } else {
    const table = applyFilters(propertiesTable(parsed), request.filters);
    rowsRead = table.rows.length;
    const areaField = need(request.areaField, `Choose the column of ${parsed.fileName} that names or codes the areas`, 'areaField');
    const boundarySetId = need(request.joinTo, 'Choose the boundary set to join the table to', 'joinTo');
    const layout = request.layout ?? (!request.valueField && detectPeriodColumns(table.columns).length >= 2 ? 'wide' : 'long');
    const indicator = request.indicatorField ? undefined : (request.indicator ?? request.name);
    const r =
      layout === 'wide'
        ? toObservations(table, { layout: 'wide', areaField, indicatorField: request.indicatorField, indicator, locale: request.locale })
        : toObservations(table, {
            layout: 'long', areaField, indicatorField: request.indicatorField, indicator, locale: request.locale,
            periodField: request.periodField, period: request.period ?? request.dataDate?.slice(0, 4),
            valueField: need(request.valueField, `Choose the column of ${parsed.fileName} that holds the values`, 'valueField'),
            lowerField: request.lowerField, upperField: request.upperField,
          });
    issues.push(...r.issues);

    // Join each distinct key once; the user's confirmations and fixes override the matcher.
    const firstRow = new Map<string, number>();
    for (const o of r.observations) if (!firstRow.has(o.areaKey)) firstRow.set(o.areaKey, o.row);
    const candidates = await context.joinCandidates(boundarySetId);
    if (candidates.length === 0) throw new ImportError(errorIssue('missing-value', `Boundary set '${boundarySetId}' has no areas to join to`, { field: 'joinTo' }));
    const keys = [...firstRow].filter(([key]) => !(key in request.matches)).map(([key, row]) => ({ key, row }));
    const result = joinAreas(keys, candidates, { by: request.joinOn });
    const codeOf = new Map<string, string>(result.matched.map((m) => [m.key, m.code]));
    const known = new Set(candidates.map((c) => c.code));
    const matched: { key: string; code: string; method: string }[] = [...result.matched];
    for (const [key, code] of Object.entries(request.matches)) {
      if (!firstRow.has(key)) continue;
      if (code === null) continue;
      if (!known.has(code)) throw new ImportError(errorIssue('missing-value', `The match of '${key}' names area '${code}', which is not in boundary set '${boundarySetId}'`, { field: 'matches' }));
      codeOf.set(key, code);
      matched.push({ key, code, method: 'confirmed' });
    }
    const items: JoinedObservation[] = [];
    for (const o of r.observations) {
      const code = codeOf.get(o.areaKey);
      if (code) items.push({ areaCode: code, indicator: o.indicator, period: o.period, value: o.value, lower: o.lower ?? null, upper: o.upper ?? null });
    }
    join = {
      boundarySetId,
      keys: firstRow.size,
      matched,
      unmatched: result.unmatched.map((u) => ({ key: u.key, row: u.row, reason: u.reason, suggestions: u.suggestions })),
    };
    payload.observations = { boundarySetId, unit: request.unit, direction: request.direction, items };
  }

  return {
    payload,
    ...(interventions ? { interventions } : {}),
    report: {
      fileName: parsed.fileName,
      format: parsed.format,
      kind: request.kind,
      rowsRead,
      toWrite: { areas: payload.areas?.items.length ?? 0, sites: payload.sites?.length ?? 0, observations: payload.observations?.items.length ?? 0, ...(interventions ? { interventions: interventions.length } : {}) },
      issues: capIssues(issues),
      errorCount: issues.filter((i) => i.severity === 'error').length,
      join,
    },
  };
}

function brokenPolygon(geometry: ImportedFeature['geometry']): boolean {
  if (!geometry || (geometry.type !== 'Polygon' && geometry.type !== 'MultiPolygon')) return false;
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.some((rings) => rings.some((ring) => ring.length < 4 || ring.some((p) => !Array.isArray(p) || !Number.isFinite(p[0]) || !Number.isFinite(p[1]))));
}

// A shapefile without its .dbf (or GeoJSON without properties) has no field to take codes from.
function noAttributes(parsed: ParsedFile): ImportIssue {
  const why = parsed.format === 'shapefile-zip'
    ? `its features have no attributes, so none has an area code; a shapefile keeps them in its .dbf file, and ${parsed.fileName} holds none. Add the .dbf beside the .shp in the archive and import it again.`
    : 'its features have no properties, so none has an area code';
  return errorIssue('missing-column', `${parsed.fileName}: ${why}`);
}

const FEATURE_FORMATS = new Set(['geojson', 'ndgeojson', 'topojson', 'kml', 'shapefile-zip']);

/**
 * Why a plan must not start, or null when it may: an error about the whole file (not a row it
 * leaves out, such as coordinates outside longitude/latitude or a missing column), or nothing to
 * write — an empty file, or one whose every row was left out. A dataset with nothing in it is not
 * published.
 *
 * @example
 * const refusal = refusalOf(plan.report);
 * if (refusal) throw new ImportError(refusal);
 */
export function refusalOf(report: ImportReport, request: Pick<ImportRequest, 'filters'> = { filters: [] }): ImportIssue | null {
  const file = report.fileName;
  // "x.geojson: feature 3 …" reads as "feature 3 …" inside a sentence that names the file
  const reason = (i: ImportIssue) => (i.message.startsWith(`${file}: `) ? i.message.slice(file.length + 2) : i.message);
  const errors = report.issues.filter((i) => i.severity === 'error' && i.code !== 'more-issues');
  const fileErrors = errors.filter((i) => i.code === 'projected-crs' || (i.row === undefined && i.feature === undefined));
  if (fileErrors.length > 0) {
    const more = fileErrors.length > 1 ? ` (and ${fileErrors.length - 1} more errors in the report)` : '';
    return errorIssue('plan-has-errors', `${file}: the import cannot start while its plan has errors: ${reason(fileErrors[0])}${more}`);
  }
  const w = report.toWrite;
  if (w.areas + w.sites + w.observations + (w.interventions ?? 0) > 0) return null;
  const unit = report.kind !== 'observations' && FEATURE_FORMATS.has(report.format) ? 'feature' : 'row';
  let why: string;
  if (report.rowsRead === 0) {
    why = request.filters.length
      ? `no row matches the filters (${request.filters.map((f) => `${f.field} = ${f.equals}`).join(', ')})`
      : `the file holds no ${unit}s`;
  } else if (report.join && report.join.matched.length === 0 && report.join.keys > 0) {
    const sample = report.join.unmatched.slice(0, 3).map((u) => `'${u.key}'`).join(', ');
    why = `none of its ${report.join.keys} area keys (${sample}${report.join.keys > 3 ? ', …' : ''}) matched an area of boundary set '${report.join.boundarySetId}'`;
  } else {
    const first = errors[0] ?? report.issues.find((i) => i.row !== undefined || i.feature !== undefined);
    const n = report.rowsRead;
    why = n === 1 ? `its 1 ${unit} was left out` : `its ${n.toLocaleString('en')} ${unit}s were left out`;
    if (first) why += n === 1 ? ` (${reason(first)})` : ` (the first: ${reason(first)})`;
  }
  return errorIssue('nothing-to-import', `${file}: nothing to import: ${why}`);
}

/** The report of sites read as a stream (stream-sites.ts), in the shape planImport gives. */
export function streamedSitesReport(fileName: string, format: string, summary: SiteStreamSummary): ImportReport {
  return {
    fileName,
    format,
    kind: 'sites',
    rowsRead: summary.rowsRead,
    toWrite: { areas: 0, sites: summary.sites, observations: 0 },
    issues: summary.issues,
    errorCount: summary.errorCount,
    join: null,
  };
}
