/**
 * What fills a risk model's leaves for a viewer: each leaf's `indicator` (a name or an id) is
 * resolved against the observations the viewer may see on one boundary set — indicators of
 * imported datasets (access.ts's visibleDatasets) and the factors of the viewer's own organisation
 * (derived data keeps its owner), the latter through the factors store so that counts reach a
 * viewer without clearance protected, never raw. A leaf nothing fills is left out of the model
 * (and listed); a leaf filled in some areas only counts as missing in the others.
 */
import { visibleDatasets, stricter, type Viewer } from './access';
import type { Db } from './db';
import type { FactorsStore } from './factors-store';
import { isLeaf, type ModelChild, type ModelNode, type RiskModel } from '../domain/risk/model-file';
import { observationYear, type Observation } from '../domain/risk/scoring-plan';
import type { Sensitivity } from '../domain/types';
import { COVERAGE_INDICATOR } from './interventions-store';

/** What filled one leaf. */
export interface LeafSource {
  leafId: string;
  /** The name or id the leaf asked for. */
  indicator: string;
  kind: 'indicator' | 'factor';
  indicatorId: string;
  indicatorName: string;
  unit: string;
  datasetId: string;
  datasetName: string;
  /** The dataset's version: when it was imported (factors: computed). */
  importedAt: string;
  sensitivity: Sensitivity;
  /** Areas with a value. */
  areas: number;
  /** Areas whose value is withheld or under the small-count threshold for this viewer. */
  protectedAreas: number;
}

export interface RiskInputs {
  boundarySet: { id: string; name: string; level: number; version: string };
  areas: { code: string; name: string; region: string | null }[];
  /** The model as it will be scored: leaf indicators as picked, leaves nothing fills left out; null when none is left. */
  model: RiskModel | null;
  /** Observations by the (scored) leaf's indicator, then area code. */
  data: Record<string, Record<string, Observation>>;
  sources: LeafSource[];
  leftOut: { leafId: string; indicator: string }[];
  /** The strictest sensitivity of the data read. */
  sensitivity: Sensitivity;
  /** Set when factor counts were protected for this viewer (k of the owning organisation). */
  protected: { k: number } | null;
  /** Whether the viewer's organisation has computed factors for this boundary set. */
  factorsComputed: boolean;
  /**
   * Area code → coverage 0–1 by the interventions the viewer may see (0 where none reaches):
   * the input of the coverage gap, score × (1 − coverage). Null unless asked for (`coverage`).
   */
  coverage: Record<string, number> | null;
  /** The denominator of the small-denominator flag: what filled it and each area's value (missing: unknown). */
  denominator: { indicator: string; source: Omit<LeafSource, 'leafId' | 'indicator'> | null; values: Record<string, number> };
  /** What may fill a leaf on this boundary set for this viewer: imported indicators with their periods, then factors. */
  available: AvailableIndicator[];
}

/** An indicator the viewer may pick for a leaf on a boundary set. */
export interface AvailableIndicator {
  /** What to pass as the leaf's indicator (an imported indicator's id, a factor's name). */
  indicator: string;
  name: string;
  kind: 'indicator' | 'factor';
  unit: string;
  datasetName: string;
  /** The periods it has observations for, latest first (factors: as last computed). */
  periods: string[];
}

/** The factor each area's population is read from for the small-denominator flag, unless another is named. */
export const DEFAULT_DENOMINATOR = 'population-geonames';

export interface InputOptions {
  boundarySetId: string;
  /** Observations of this period only; by default each area's latest. Factors are as last computed. */
  period?: string;
  /** Another indicator (name or id) for some leaves, by leaf id. */
  indicators?: Readonly<Record<string, string>>;
  /** A period for some leaves, by leaf id (over `period`): that leaf reads the observations of that period only. */
  periods?: Readonly<Record<string, string>>;
  /** Read the interventions' coverage of every area (for the coverage gap). @default false */
  coverage?: boolean;
  /** The indicator (name or id) or factor holding each area's population. @default DEFAULT_DENOMINATOR */
  denominator?: string;
}

/** Each area's coverage by the interventions the viewer may see, 0 where none reaches (interventions-store's coverageLeaf). */
export type CoverageOf = (viewer: Viewer, boundarySetId: string) => Promise<Map<string, number>>;

/** An error in what was asked (an unknown boundary set or leaf id): the API answers it as such. */
export class RiskInputError extends Error {
  constructor(message: string, readonly code: 'NOT_FOUND' | 'BAD_REQUEST') {
    super(message);
  }
}

const FACTOR_ID = /^factors:[^:]+:.+?:(.+)$/;

// later period first: by year, then by the text (2024-03 after 2024)
const later = (a: string, b: string) => {
  const ya = observationYear({ value: 0, period: a });
  const yb = observationYear({ value: 0, period: b });
  return ya !== yb ? (ya || 0) > (yb || 0) : a > b;
};

export async function resolveRiskInputs({ db }: Db, factors: FactorsStore, coverageOf: CoverageOf, viewer: Viewer, model: RiskModel, options: InputOptions): Promise<RiskInputs> {
  const set = await db
    .selectFrom('boundary_sets')
    .innerJoin('datasets', 'datasets.id', 'boundary_sets.dataset_id')
    .select(['boundary_sets.id', 'boundary_sets.name', 'boundary_sets.level', 'boundary_sets.version', 'datasets.sensitivity'])
    .where('boundary_sets.id', '=', options.boundarySetId)
    .where(visibleDatasets(viewer))
    .executeTakeFirst();
  if (!set) throw new RiskInputError(`No boundary set '${options.boundarySetId}'`, 'NOT_FOUND');
  // an area's region is its parent's code (a province's country …; null in a top-level set)
  const areas = await db.selectFrom('areas').select(['code', 'name', 'parent_code as region']).where('boundary_set_id', '=', set.id).orderBy('code').execute();

  // the model with the leaves' indicators as picked
  const picks = { ...(options.indicators ?? {}) };
  const leafPeriods = { ...(options.periods ?? {}) };
  const leafIds = new Set<string>();
  const pick = (child: ModelChild): ModelChild => {
    if (!isLeaf(child)) return { ...child, children: child.children.map(pick) };
    leafIds.add(child.id);
    return picks[child.id] ? { ...child, indicator: picks[child.id] } : child;
  };
  const picked = pick(model.root) as ModelNode;
  const unknown = [...new Set([...Object.keys(picks), ...Object.keys(leafPeriods)])].filter((id) => !leafIds.has(id));
  if (unknown.length) throw new RiskInputError(`No leaf ${unknown.map((id) => `'${id}'`).join(', ')} in model '${model.name}'`, 'BAD_REQUEST');
  const wanted = new Set<string>();
  // the period each indicator is read for: a leaf's own, else the run's; one per indicator
  const periodOf = new Map<string, string | undefined>();
  const collect = (child: ModelChild): void => {
    if (!isLeaf(child)) return child.children.forEach(collect);
    wanted.add(child.indicator);
    const period = leafPeriods[child.id] ?? options.period;
    if (periodOf.has(child.indicator) && periodOf.get(child.indicator) !== period) {
      throw new RiskInputError(`Leaf '${child.id}': indicator '${child.indicator}' is read for period ${periodOf.get(child.indicator) ?? '(latest)'} by another leaf; one indicator is read for one period in a run (got ${period ?? '(latest)'})`, 'BAD_REQUEST');
    }
    periodOf.set(child.indicator, period);
  };
  collect(picked);
  const wantedByLeaves = new Set(wanted);
  const denominator = options.denominator ?? DEFAULT_DENOMINATOR;
  // a population of its own is read at its latest, whatever period the leaves are read for
  if (!wanted.has(denominator)) periodOf.set(denominator, undefined);
  wanted.add(denominator);
  let coverageRead: Promise<Map<string, number>> | undefined;
  const coverage = () => (coverageRead ??= coverageOf(viewer, set.id));
  const today = new Date().toISOString().slice(0, 10);

  // imported indicators the viewer may see on this set, by id or name; the newest dataset first
  const names = [...wanted];
  const imported = names.length === 0 ? [] : await db
    .selectFrom('observations')
    .innerJoin('indicators', 'indicators.id', 'observations.indicator_id')
    .innerJoin('datasets', 'datasets.id', 'observations.dataset_id')
    .select(['indicators.id as indicatorId', 'indicators.name as indicatorName', 'indicators.unit', 'datasets.id as datasetId', 'datasets.name as datasetName', 'datasets.imported_at as importedAt', 'datasets.sensitivity'])
    .distinct()
    .where('observations.boundary_set_id', '=', set.id)
    .where('datasets.kind', '!=', 'factors')
    .where((eb) => eb.or([eb('indicators.id', 'in', names), eb('indicators.name', 'in', names)]))
    .where(visibleDatasets(viewer))
    .orderBy('datasets.imported_at', 'desc')
    .orderBy('indicators.id')
    .execute();
  const factorValues = await factors.values(viewer, set.id);

  const data: RiskInputs['data'] = {};
  const sources: LeafSource[] = [];
  const leftOut: RiskInputs['leftOut'] = [];
  let sensitivity: Sensitivity = set.sensitivity;
  let usedProtected = false;
  const filled = new Map<string, Omit<LeafSource, 'leafId' | 'indicator'> | null>();

  async function fill(indicator: string): Promise<Omit<LeafSource, 'leafId' | 'indicator'> | null> {
    if (filled.has(indicator)) return filled.get(indicator)!;
    const period = periodOf.has(indicator) ? periodOf.get(indicator) : options.period;
    if (indicator === COVERAGE_INDICATOR && !imported.some((r) => r.indicatorId === indicator || r.indicatorName === indicator)) {
      // the interventions' coverage, computed now from what the viewer may see (0 where none reaches)
      const values: Record<string, Observation> = {};
      for (const [code, v] of await coverage()) values[code] = { value: v, period: today };
      data[indicator] = values;
      const source = { kind: 'factor' as const, indicatorId: COVERAGE_INDICATOR, indicatorName: COVERAGE_INDICATOR, unit: 'share 0–1', datasetId: COVERAGE_INDICATOR, datasetName: 'Interventions’ coverage', importedAt: new Date().toISOString(), sensitivity: 'internal' as Sensitivity, areas: Object.keys(values).length, protectedAreas: 0 };
      filled.set(indicator, source);
      return source;
    }
    const byId = imported.find((r) => r.indicatorId === indicator);
    const factorName = FACTOR_ID.exec(indicator)?.[1];
    const factorById = factorName !== undefined && factorValues && indicator.startsWith(`${factorValues.datasetId}:`) ? factorName : undefined;
    const hit = byId ?? (factorById === undefined ? imported.find((r) => r.indicatorName === indicator) : undefined);
    let source: Omit<LeafSource, 'leafId' | 'indicator'> | null = null;
    if (hit) {
      const rows = await db
        .selectFrom('observations')
        .select(['area_code', 'period', 'value'])
        .where('indicator_id', '=', hit.indicatorId)
        .where('boundary_set_id', '=', set!.id)
        .$if(period !== undefined, (q) => q.where('period', '=', period!))
        .execute();
      const values: Record<string, Observation> = {};
      for (const r of rows) {
        const before = values[r.area_code];
        if (!before || later(r.period, before.period!)) values[r.area_code] = { value: Number(r.value), period: r.period };
      }
      const count = Object.keys(values).length;
      if (count > 0) {
        data[indicator] = values;
        source = { kind: 'indicator', indicatorId: hit.indicatorId, indicatorName: hit.indicatorName, unit: hit.unit, datasetId: hit.datasetId, datasetName: hit.datasetName, importedAt: hit.importedAt, sensitivity: hit.sensitivity, areas: count, protectedAreas: 0 };
      }
    } else if (factorValues) {
      const name = factorById ?? indicator;
      const shown = factorValues.values.get(name);
      if (shown) {
        const values: Record<string, Observation> = {};
        let protectedAreas = 0;
        let unit = '';
        for (const [code, v] of shown) {
          unit = v.unit;
          // a value withheld or under the threshold is not known to this viewer: missing, not zero
          if (v.value === null) protectedAreas++;
          values[code] = { value: v.value, period: v.period };
        }
        if (protectedAreas > 0 || [...shown.values()].some((v) => v.roundedTo !== undefined)) usedProtected = true;
        data[indicator] = values;
        // counts of internal or restricted sites read as they are: what is made of them is restricted
        source = { kind: 'factor', indicatorId: `${factorValues.datasetId}:${name}`, indicatorName: name, unit, datasetId: factorValues.datasetId, datasetName: `Factors of ${set!.name}`, importedAt: factorValues.computedAt, sensitivity: factorValues.rawSensitive ? 'restricted' : 'internal', areas: shown.size - protectedAreas, protectedAreas };
      }
    }
    filled.set(indicator, source);
    return source;
  }

  // the leaves nothing fills are left out, and a node left with no children with them
  const prune = async (child: ModelChild): Promise<ModelChild | null> => {
    if (isLeaf(child)) {
      const source = await fill(child.indicator);
      if (!source) {
        leftOut.push({ leafId: child.id, indicator: child.indicator });
        return null;
      }
      sources.push({ leafId: child.id, indicator: child.indicator, ...source });
      sensitivity = stricter(sensitivity, source.sensitivity);
      return child;
    }
    const children: ModelChild[] = [];
    for (const c of child.children) {
      const kept = await prune(c);
      if (kept) children.push(kept);
    }
    return children.length ? { ...child, children } : null;
  };
  const root = (await prune(picked)) as ModelNode | null;

  // the small-denominator flag's population: read as a leaf would be, never scored
  const denominatorSource = await fill(denominator);
  const population: Record<string, number> = {};
  for (const [code, o] of Object.entries(data[denominator] ?? {})) if (o.value !== null && Number.isFinite(o.value)) population[code] = o.value;
  if (denominatorSource && !wantedByLeaves.has(denominator)) delete data[denominator];
  // the GeoNames estimate is made of the public places layer alone, not of any organisation's sites
  if (denominatorSource && !(denominatorSource.kind === 'factor' && denominator === DEFAULT_DENOMINATOR)) sensitivity = stricter(sensitivity, denominatorSource.sensitivity);

  return {
    boundarySet: { id: set.id, name: set.name, level: Number(set.level), version: set.version },
    areas,
    model: root ? { name: model.name, root } : null,
    data, sources, leftOut, sensitivity,
    protected: usedProtected && factorValues?.protected ? factorValues.protected : null,
    factorsComputed: factorValues !== undefined,
    coverage: options.coverage ? Object.fromEntries(await coverage()) : null,
    denominator: { indicator: denominator, source: denominatorSource, values: population },
    available: await availableIndicators(db, viewer, set.id, factorValues ? [...factorValues.values].map(([name, byArea]) => ({ name, unit: byArea.values().next().value?.unit ?? '' })) : []),
  };
}

/** The imported indicators on a boundary set the viewer may see, with their periods, then the factors and the interventions' coverage. */
async function availableIndicators(db: Db['db'], viewer: Viewer, boundarySetId: string, factorNames: { name: string; unit: string }[]): Promise<AvailableIndicator[]> {
  const rows = await db
    .selectFrom('observations')
    .innerJoin('indicators', 'indicators.id', 'observations.indicator_id')
    .innerJoin('datasets', 'datasets.id', 'observations.dataset_id')
    .select(['indicators.id', 'indicators.name', 'indicators.unit', 'datasets.name as datasetName', 'datasets.imported_at as importedAt', 'observations.period'])
    .distinct()
    .where('observations.boundary_set_id', '=', boundarySetId)
    .where('datasets.kind', '!=', 'factors')
    .where(visibleDatasets(viewer))
    .execute();
  const byId = new Map<string, AvailableIndicator & { importedAt: string }>();
  for (const r of rows) {
    const entry = byId.get(r.id) ?? { indicator: r.id, name: r.name, kind: 'indicator' as const, unit: r.unit, datasetName: r.datasetName, periods: [], importedAt: r.importedAt };
    entry.periods.push(r.period);
    byId.set(r.id, entry);
  }
  const imported = [...byId.values()]
    .map(({ importedAt: _i, ...a }) => ({ ...a, periods: a.periods.sort((x, y) => (later(x, y) ? -1 : later(y, x) ? 1 : 0)) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.indicator < b.indicator ? -1 : 1));
  const derived = [...factorNames, { name: COVERAGE_INDICATOR, unit: 'share 0–1' }]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => ({ indicator: f.name, name: f.name, kind: 'factor' as const, unit: f.unit, datasetName: '', periods: [] }));
  return [...imported, ...derived];
}
