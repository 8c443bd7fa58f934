/**
 * The ranking of a scoring run as an XLSX workbook, with the 3W export's writer (exceljs): a
 * "Ranking" sheet (one row per area, best rank first: score, class, reliability, coverage and
 * coverage gap, population and the small-denominator flag, each leaf's contribution) and an
 * "About" sheet (the model, its weights, the data's provenance, the date). The screen's export
 * (risk.exportRanking) and `atlas score --format xlsx` both write it.
 */
import type { RiskStore } from './store/risk-store';
import { isLeaf, type ModelChild, type RiskModel } from './domain/risk/model-file';

export type ScoredRanking = Awaited<ReturnType<RiskStore['score']>>;

export const RANKING_COLUMNS = ['rank', 'code', 'name', 'score', 'class', 'reliability', 'coverage', 'coverage_gap', 'population', 'small_denominator'] as const;

/** What the About sheet says besides what the scoring run holds. */
export interface RankingAbout {
  modelId: string | null;
  modelVersion: number | null;
  /** The weights that replaced the model's, by node id (the About sheet lists every node's). */
  weights?: Readonly<Record<string, number>>;
  period?: string;
  periods?: Readonly<Record<string, string>>;
  exportedBy: string;
  exportedAt?: Date;
}

/** Every node's weight in a model (1 where none is written), by id. */
function weightsOf(model: RiskModel | null): Record<string, number> {
  const out: Record<string, number> = {};
  const visit = (n: ModelChild): void => {
    out[n.id] = n.weight ?? 1;
    if (!isLeaf(n)) n.children.forEach(visit);
  };
  if (model) visit(model.root);
  return out;
}

const round = (x: number | null, digits: number) => (x === null ? null : Number(x.toFixed(digits)));

/**
 * @example
 * const body = await rankingWorkbook(await risk.score(viewer, model, { boundarySetId, coverage: true }), { modelId, modelVersion, exportedBy: viewer.email });
 */
export async function rankingWorkbook(scored: ScoredRanking, about: RankingAbout): Promise<Buffer> {
  // loaded on first use, as read-table.ts and the 3W export load it
  const { default: Excel } = await import('exceljs');
  const wb = new Excel.Workbook();
  wb.creator = 'Risk Atlas';
  const leafIds = scored.sources.map((s) => s.leafId);
  const sheet = wb.addWorksheet('Ranking');
  sheet.addRow([...RANKING_COLUMNS, ...leafIds.map((id) => `contribution:${id}`)]);
  sheet.getRow(1).font = { bold: true };
  for (const a of scored.areas) {
    sheet.addRow([
      a.rank, a.code, a.name, round(a.score, 4), a.class, round(a.reliability, 4), round(a.coverage, 4), round(a.coverageGap, 4),
      a.population, a.smallDenominator ? 'yes' : 'no', ...leafIds.map((id) => round(a.contributions[id] ?? null, 4)),
    ]);
  }
  sheet.views = [{ state: 'frozen', ySplit: 1 }];

  const info = wb.addWorksheet('About');
  const model = scored.model;
  const rows: [string, string | number][] = [
    ['model', model?.name ?? '(no leaf filled)'],
    ['model_id', about.modelId ?? '(a model file, not stored)'],
    ['model_version', about.modelVersion ?? ''],
    ['model_file', model ? JSON.stringify(model) : ''],
    ['boundary_set', `${scored.boundarySet.name} (${scored.boundarySet.id}, version ${scored.boundarySet.version})`],
    ['period', about.period ?? 'each area’s latest'],
    ['leaf_periods', about.periods && Object.keys(about.periods).length ? JSON.stringify(about.periods) : ''],
    ['weights', JSON.stringify({ ...weightsOf(model), ...about.weights })],
    ['reference_year', scored.referenceYear],
    ['max_age_years', scored.maxAgeYears],
    ['classes', scored.classes.map((c) => `${c.label} from ${c.from ?? '−∞'}`).join('; ')],
    ['mean_score', scored.meanScore ?? ''],
    ['left_out', scored.leftOut.map((l) => `${l.leafId}=${l.indicator}`).join('; ')],
    ...scored.sources.map((s) => [`source:${s.leafId}`, `${s.indicatorName} — ${s.datasetName} (${s.datasetId}, ${s.importedAt}, ${s.sensitivity}; ${s.areas} areas)`] as [string, string]),
    ['coverage', scored.coverageRead ? 'interventions the exporting user may see: ongoing 1, planned and completed 0.5, cancelled 0; combined as 1 − Π(1 − weight × share)' : 'not read'],
    ['coverage_gap', 'score × (1 − coverage)'],
    ['denominator', scored.denominator.source ? `${scored.denominator.indicator} — ${scored.denominator.source.datasetName} (${scored.denominator.source.importedAt})` : `${scored.denominator.indicator} (not available: no area flagged)`],
    ['min_population', scored.denominator.minPopulation],
    ['sensitivity', scored.sensitivity],
    ['exported_by', about.exportedBy],
    ['exported_at', (about.exportedAt ?? new Date()).toISOString()],
  ];
  info.addRow(['key', 'value']);
  info.getRow(1).font = { bold: true };
  for (const r of rows) info.addRow(r);
  info.getColumn(1).width = 18;
  info.getColumn(2).width = 100;
  return Buffer.from(await wb.xlsx.writeBuffer());
}
