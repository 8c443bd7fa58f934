import { ImportError, errorIssue, type ImportIssue } from '../importers/import-error';
import { joinAreas } from '../importers/join-areas';
import { defaultInterventionTitle, parseSheetDate, toInterventionRows } from '../importers/to-interventions';
import type { ImportedIntervention } from '../domain/interventions';
import type { ImportRequest } from './import-request';
import type { ImportReport, PlanContext } from './plan-import';
import { applyFilters, propertiesTable, type ParsedFile } from './parse-file';

/**
 * The interventions of a 3W sheet, joined to a boundary set by the area column (codes, then
 * names, with the same matcher and report as observations; the user's confirmed matches win).
 * One intervention per row, owned by the importer's organisation; the sheet's organisation is
 * its partner. The people reached so far become a reach measurement, dated the sheet's date
 * (dataDate) when given, else the row's end when it has passed, else the day of the import.
 */
export async function planInterventions(parsed: ParsedFile, request: ImportRequest, context: PlanContext, today = new Date().toISOString().slice(0, 10)): Promise<{ items: ImportedIntervention[]; issues: ImportIssue[]; join: NonNullable<ImportReport['join']>; rowsRead: number }> {
  const table = applyFilters(propertiesTable(parsed), request.filters);
  const boundarySetId = request.joinTo;
  if (!boundarySetId) throw new ImportError(errorIssue('missing-value', 'Choose the boundary set to join the 3W sheet’s areas to', { field: 'joinTo' }));
  const r = toInterventionRows(table, {
    orgField: request.orgField, activityField: request.activityField, areaField: request.areaField, statusField: request.statusField,
    startField: request.startField, endField: request.endField, titleField: request.titleField,
    budgetField: request.budgetField, currencyField: request.currencyField, reachField: request.reachField, reachedField: request.reachedField,
  }, { locale: request.locale });
  const reported = request.dataDate ? parseSheetDate(request.dataDate, true) : null;
  const missingColumn = r.issues.find((i) => i.code === 'missing-column');
  if (missingColumn) throw new ImportError(missingColumn);

  const firstRow = new Map<string, number>();
  for (const row of r.rows) if (!firstRow.has(row.areaKey)) firstRow.set(row.areaKey, row.row);
  const candidates = await context.joinCandidates(boundarySetId);
  if (candidates.length === 0) throw new ImportError(errorIssue('missing-value', `Boundary set '${boundarySetId}' has no areas to join to`, { field: 'joinTo' }));
  const keys = [...firstRow].filter(([key]) => !(key in request.matches)).map(([key, row]) => ({ key, row }));
  const result = joinAreas(keys, candidates, { by: request.joinOn });
  const codeOf = new Map<string, string>(result.matched.map((m) => [m.key, m.code]));
  const known = new Map(candidates.map((c) => [c.code, c.name]));
  const matched: { key: string; code: string; method: string }[] = [...result.matched];
  for (const [key, code] of Object.entries(request.matches)) {
    if (!firstRow.has(key) || code === null) continue;
    if (!known.has(code)) throw new ImportError(errorIssue('missing-value', `The match of '${key}' names area '${code}', which is not in boundary set '${boundarySetId}'`, { field: 'matches' }));
    codeOf.set(key, code);
    matched.push({ key, code, method: 'confirmed' });
  }
  const items: ImportedIntervention[] = [];
  for (const row of r.rows) {
    const code = codeOf.get(row.areaKey);
    if (!code) continue;
    items.push({
      title: row.title ?? defaultInterventionTitle(row.actionArea, known.get(code) ?? code),
      actionArea: row.actionArea, audiences: [], targets: [{ kind: 'area', boundarySetId, code }], partner: row.partner, status: row.status,
      startDate: row.startDate, endDate: row.endDate, budget: row.budget, currency: row.currency, reachTarget: row.reachTarget,
      notes: `Imported from ${parsed.fileName}, row ${row.row}`, sensitivity: request.sensitivity,
      reached: row.reached === null ? null : { recordedOn: reported ?? (row.endDate && row.endDate <= today ? row.endDate : today), reach: row.reached, note: `${parsed.fileName}, row ${row.row}` },
    });
  }
  return {
    items,
    issues: r.issues,
    rowsRead: table.rows.length,
    join: { boundarySetId, keys: firstRow.size, matched, unmatched: result.unmatched.map((u) => ({ key: u.key, row: u.row, reason: u.reason, suggestions: u.suggestions })) },
  };
}
