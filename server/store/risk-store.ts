/**
 * Risk models per organisation, scoring and saved scoring runs. Every read takes the viewer:
 * models of the viewer's organisation that its rule lets them see (access.ts), and the built-in
 * "Demand for SEC" for everyone. Scores are computed by the domain engine over the observations
 * the viewer may see (risk-inputs.ts); a saved run keeps the model as scored and the version of
 * every dataset it read, so that a ranking can be reproduced and compared later.
 */
import crypto from 'node:crypto';
import { canSee, stricter, type Viewer } from './access';
import type { Db } from './db';
import type { FactorsStore } from './factors-store';
import { resolveRiskInputs, RiskInputError, type CoverageOf, type InputOptions, type RiskInputs } from './risk-inputs';
import { INFORM_2025_CLASSES, type RiskClass } from '../domain/risk/classify-score';
import { computeCompositeScore } from '../domain/risk/composite-score';
import { DEFAULT_MIN_POPULATION } from '../domain/risk/coverage-gap';
import { DEMAND_FOR_SEC, DEMAND_FOR_SEC_ID, DEMAND_FOR_SEC_REASONS } from '../domain/risk/demand-for-sec';
import { parseModel, type RiskModel } from '../domain/risk/model-file';
import { rankUncertainty, type UncertaintyOptions } from '../domain/risk/rank-uncertainty';
import type { Sensitivity } from '../domain/types';

export interface ModelSummary {
  id: string;
  orgId: string;
  name: string;
  description: string | null;
  sensitivity: Sensitivity;
  version: number;
  builtIn: boolean;
  updatedBy: string;
  updatedAt: string;
}

export interface StoredModel extends ModelSummary {
  definition: RiskModel;
  /** Why each node is there, by node id (the built-in model's). */
  reasons: Readonly<Record<string, string>> | null;
}

/** A save made from an older version than the stored one; `conflict` is the stored model. */
export class ModelConflict extends Error {
  constructor(readonly conflict: StoredModel) {
    super(`Model '${conflict.name}' was changed by ${conflict.updatedBy} at ${conflict.updatedAt} (version ${conflict.version}); reload it and apply your change again.`);
  }
}

/** A change the store refuses: a built-in model, or another organisation's. */
export class ModelRefused extends Error {}

export interface ScoreOptions extends InputOptions {
  /** Weights replacing the model's, by node id. */
  weights?: Readonly<Record<string, number>>;
  /** @default the current year */
  referenceYear?: number;
  /** Observations older than this (years before referenceYear) count as out of date. @default 10 */
  maxAgeYears?: number;
  classes?: readonly RiskClass[];
  /** An area of fewer people than this (by the denominator) is flagged. @default DEFAULT_MIN_POPULATION */
  minPopulation?: number;
}

export interface ScoredArea {
  code: string;
  name: string;
  /** 0–10; null when no input of the area is known (never 0). */
  score: number | null;
  class: string | null;
  rank: number | null;
  /** Share of the scored leaves present and up to date, 0–1 (1: every input known and recent). */
  reliability: number;
  missingLeaves: number;
  staleLeaves: number;
  /** Each leaf's part of score − meanScore, by leaf id; null where the leaf is missing in this area. */
  contributions: Record<string, number | null>;
  nodeScores: Record<string, number | null>;
  /** 0–1 by the interventions the viewer may see; null unless asked for (`coverage`). */
  coverage: number | null;
  /** score × (1 − coverage); null without a score or unless coverage was asked for. */
  coverageGap: number | null;
  /** The denominator's value (population); null when unknown. */
  population: number | null;
  /** The population is known and under `minPopulation`: its per-population rates are unstable. */
  smallDenominator: boolean;
}

const BUILT_IN_TIME = '2025-01-01T00:00:00.000Z';
const builtIn: StoredModel = {
  id: DEMAND_FOR_SEC_ID, orgId: 'default', name: DEMAND_FOR_SEC.name, sensitivity: 'public', version: 1, builtIn: true,
  description: 'Built in: INFORM’s shape filled with the factors Risk Atlas derives and the indicators organisations import (Strategy 2.1’s priority geographies).',
  updatedBy: 'Risk Atlas', updatedAt: BUILT_IN_TIME, definition: DEMAND_FOR_SEC, reasons: DEMAND_FOR_SEC_REASONS,
};

const finite = (x: number) => (Number.isFinite(x) ? x : null);

/** The weights of the nodes still in the model: those of nodes left out have nothing to weigh. */
function keptWeights(model: RiskModel, weights: Readonly<Record<string, number>> = {}): Record<string, number> {
  const kept = new Set<string>();
  const visit = (c: RiskModel['root'] | RiskModel['root']['children'][number]) => {
    kept.add(c.id);
    if ('children' in c) c.children.forEach(visit);
  };
  visit(model.root);
  return Object.fromEntries(Object.entries(weights).filter(([id]) => kept.has(id)));
}

export function createRiskStore(handle: Db, { factors, coverageOf }: { factors: FactorsStore; coverageOf: CoverageOf }) {
  const { db } = handle;
  const columns = ['id', 'org_id', 'name', 'description', 'sensitivity', 'definition', 'version', 'updated_by', 'updated_at'] as const;
  type Row = { id: string; org_id: string; name: string; description: string | null; sensitivity: Sensitivity; definition: string; version: number; updated_by: string; updated_at: string };
  const toModel = (r: Row): StoredModel => ({
    id: r.id, orgId: r.org_id, name: r.name, description: r.description, sensitivity: r.sensitivity, version: Number(r.version), builtIn: false,
    updatedBy: r.updated_by, updatedAt: r.updated_at, definition: JSON.parse(r.definition) as RiskModel, reasons: null,
  });
  const summary = ({ definition: _d, reasons: _r, ...rest }: StoredModel): ModelSummary => rest;

  async function get(viewer: Viewer, id: string): Promise<StoredModel | undefined> {
    if (id === DEMAND_FOR_SEC_ID) return builtIn;
    const row = await db.selectFrom('risk_models').select(columns).where('id', '=', id).where('org_id', '=', viewer.orgId).executeTakeFirst();
    return row && canSee(viewer, row) ? toModel(row as Row) : undefined;
  }

  const store = {
    /** The built-in model, then the organisation's the viewer may see, by name. */
    async list(viewer: Viewer): Promise<ModelSummary[]> {
      const rows = await db.selectFrom('risk_models').select(columns).where('org_id', '=', viewer.orgId).orderBy('name').orderBy('id').execute();
      return [summary(builtIn), ...rows.filter((r) => canSee(viewer, r)).map((r) => summary(toModel(r as Row)))];
    },

    get,

    /**
     * Creates a model (no id) or replaces one of the viewer's organisation; `version` must be the
     * stored one, else {@link ModelConflict} with the stored model; undefined when there is no such
     * model the viewer may see. The definition is validated (parseModel throws ModelFileError with
     * every problem's path).
     */
    async save(viewer: Viewer, input: { id?: string; version?: number; definition: unknown; description?: string | null; sensitivity?: Sensitivity }): Promise<StoredModel | undefined> {
      const definition = parseModel(input.definition);
      const now = new Date().toISOString();
      if (!input.id) {
        const id = `model-${crypto.randomBytes(6).toString('hex')}`;
        await db.insertInto('risk_models').values({
          id, org_id: viewer.orgId, name: definition.name, description: input.description ?? null, sensitivity: input.sensitivity ?? 'internal',
          definition: JSON.stringify(definition), version: 1, created_by: viewer.email, created_at: now, updated_by: viewer.email, updated_at: now,
        }).execute();
        return (await get(viewer, id))!;
      }
      if (input.id === DEMAND_FOR_SEC_ID) throw new ModelRefused(`Model '${DEMAND_FOR_SEC.name}' is built in: save a copy (without an id) to change it.`);
      const current = await get(viewer, input.id);
      if (!current) return undefined;
      if (input.version === undefined) throw new ModelRefused(`Saving model '${current.name}' needs the version it was loaded at (${current.version}).`);
      const result = await db.updateTable('risk_models')
        .set({
          name: definition.name, definition: JSON.stringify(definition), version: input.version + 1, updated_by: viewer.email, updated_at: now,
          ...(input.description !== undefined ? { description: input.description } : {}),
          ...(input.sensitivity !== undefined ? { sensitivity: input.sensitivity } : {}),
        })
        .where('id', '=', input.id).where('org_id', '=', viewer.orgId).where('version', '=', input.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new ModelConflict((await get(viewer, input.id)) ?? current);
      return (await get(viewer, input.id))!;
    },

    /** Deletes a model of the viewer's organisation; undefined when there is none they may see. */
    async remove(viewer: Viewer, id: string, version?: number): Promise<StoredModel | undefined> {
      if (id === DEMAND_FOR_SEC_ID) throw new ModelRefused(`Model '${DEMAND_FOR_SEC.name}' is built in and cannot be deleted.`);
      const current = await get(viewer, id);
      if (!current) return undefined;
      const result = await db.deleteFrom('risk_models').where('id', '=', id).where('org_id', '=', viewer.orgId)
        .$if(version !== undefined, (q) => q.where('version', '=', version!)).executeTakeFirst();
      if (Number(result.numDeletedRows) === 0) throw new ModelConflict((await get(viewer, id)) ?? current);
      return current;
    },

    /** What fills the model's leaves for this viewer: for the browser's recompute and for scoring. */
    inputs: (viewer: Viewer, model: RiskModel, options: InputOptions): Promise<RiskInputs> => resolveRiskInputs(handle, factors, coverageOf, viewer, model, options),

    /** Per area of the boundary set: score, class, rank, reliability and each leaf's contribution. */
    async score(viewer: Viewer, model: RiskModel, options: ScoreOptions) {
      const inputs = await store.inputs(viewer, model, options);
      const referenceYear = options.referenceYear ?? new Date().getFullYear();
      const maxAgeYears = options.maxAgeYears ?? 10;
      const classes = options.classes ?? INFORM_2025_CLASSES;
      const names = new Map(inputs.areas.map((a) => [a.code, a.name]));
      const codes = inputs.areas.map((a) => a.code);
      const minPopulation = options.minPopulation ?? DEFAULT_MIN_POPULATION;
      // the coverage, the gap and the small-denominator flag of an area, once its score is known
      const about = (code: string, score: number | null) => {
        const coverage = inputs.coverage ? (inputs.coverage[code] ?? 0) : null;
        const population = inputs.denominator.values[code] ?? null;
        return {
          coverage, coverageGap: coverage === null || score === null ? null : score * (1 - Math.min(1, Math.max(0, coverage))),
          population, smallDenominator: population !== null && population < minPopulation,
        };
      };
      let areas: ScoredArea[];
      let meanScore: number | null = null;
      if (!inputs.model) {
        areas = inputs.areas.map((a) => ({ code: a.code, name: a.name, score: null, class: null, rank: null, reliability: 0, missingLeaves: 0, staleLeaves: 0, contributions: {}, nodeScores: {}, ...about(a.code, null) }));
      } else {
        const weights = keptWeights(inputs.model, options.weights);
        const result = computeCompositeScore(inputs.model, inputs.data, { areaCodes: codes, referenceYear, maxAgeYears, classes, weights });
        meanScore = finite(result.meanScore);
        areas = result.areas.map((a) => ({
          code: a.code, name: names.get(a.code) ?? a.code, score: finite(a.score), class: a.class, rank: finite(a.rank),
          reliability: 1 - a.unreliableShare, missingLeaves: a.missingLeaves, staleLeaves: a.staleLeaves,
          contributions: Object.fromEntries(Object.entries(a.contributions).map(([id, v]) => [id, Number.isNaN(a.nodeScores[id]) ? null : v])),
          nodeScores: Object.fromEntries(Object.entries(a.nodeScores).map(([id, v]) => [id, finite(v)])),
          ...about(a.code, finite(a.score)),
        }));
      }
      areas.sort((x, y) => (x.rank ?? Infinity) - (y.rank ?? Infinity) || (x.code < y.code ? -1 : x.code > y.code ? 1 : 0));
      const { data: _data, areas: _areas, coverage: _coverage, denominator, ...rest } = inputs;
      return {
        ...rest, referenceYear, maxAgeYears, classes: classes.map((c) => ({ label: c.label, from: finite(c.from) })), meanScore,
        denominator: { indicator: denominator.indicator, source: denominator.source, minPopulation }, coverageRead: inputs.coverage !== null, areas,
      };
    },

    /**
     * One area's score in a stored model (the built-in one by id), with the set's count of scored
     * areas and the datasets the scoring read; `reason` says why there is no score: no such model,
     * or no input for this area or set (a set the model cannot score at all is not an error here).
     */
    async areaScore(viewer: Viewer, modelId: string, boundarySetId: string, code: string) {
      const none = { score: null, class: null, rank: null, of: 0, reliability: null, sources: [] as { datasetId: string; datasetName: string; sensitivity: Sensitivity }[] };
      const model = await store.get(viewer, modelId);
      if (!model) return { modelId, modelName: null, ...none, reason: 'no-model' as const };
      try {
        const scored = await store.score(viewer, model.definition, { boundarySetId });
        const mine = scored.areas.find((a) => a.code === code);
        const scoredHere = mine !== undefined && mine.score !== null;
        return {
          modelId, modelName: model.name, score: mine?.score ?? null, class: mine?.class ?? null, rank: mine?.rank ?? null,
          of: scored.areas.filter((a) => a.rank !== null).length, reliability: scoredHere ? mine.reliability : null,
          sources: scored.sources.map((s) => ({ datasetId: s.datasetId, datasetName: s.datasetName, sensitivity: s.sensitivity })),
          reason: scoredHere ? null : ('no-inputs' as const),
        };
      } catch (err) {
        if (err instanceof RiskInputError) return { modelId, modelName: model.name, ...none, reason: 'no-inputs' as const };
        throw err;
      }
    },

    /** Monte Carlo rank uncertainty (rank-uncertainty.ts) over the same inputs as {@link score}. */
    async uncertainty(viewer: Viewer, model: RiskModel, options: ScoreOptions & Omit<UncertaintyOptions, 'onProgress' | 'weights'>) {
      const inputs = await store.inputs(viewer, model, options);
      if (!inputs.model) return { sources: inputs.sources, draws: 0, seed: options.seed ?? 1, topN: options.topN ?? 10, leftOut: inputs.leftOut, areas: [] };
      const referenceYear = options.referenceYear ?? new Date().getFullYear();
      const weights = keptWeights(inputs.model, options.weights);
      const u = rankUncertainty(inputs.model, inputs.data, { areaCodes: inputs.areas.map((a) => a.code), referenceYear, maxAgeYears: options.maxAgeYears ?? 10 }, { ...options, weights });
      return {
        sources: inputs.sources, draws: u.draws, seed: options.seed ?? 1, topN: options.topN ?? 10, leftOut: inputs.leftOut,
        areas: inputs.areas.map((a, i) => ({ code: a.code, name: a.name, medianRank: finite(u.medianRank[i]), p5Rank: finite(u.p5Rank[i]), p95Rank: finite(u.p95Rank[i]), topShare: finite(u.topShare[i]) })),
      };
    },

    /** Scores and stores the run: the model as scored, the options, each leaf's dataset and version, the results. */
    async saveRun(viewer: Viewer, model: { id: string | null; version: number | null; definition: RiskModel }, name: string, options: ScoreOptions) {
      const scored = await store.score(viewer, model.definition, options);
      const id = `run-${crypto.randomBytes(6).toString('hex')}`;
      const now = new Date().toISOString();
      const sensitivity = stricter(scored.sensitivity, 'internal');
      await db.insertInto('risk_runs').values({
        id, org_id: viewer.orgId, sensitivity, name, model_id: model.id, model_version: model.version,
        model: JSON.stringify(scored.model ?? model.definition), boundary_set_id: scored.boundarySet.id, period: options.period ?? null,
        options: JSON.stringify({ weights: options.weights ?? {}, indicators: options.indicators ?? {}, periods: options.periods ?? {}, denominator: scored.denominator.indicator, minPopulation: scored.denominator.minPopulation, referenceYear: scored.referenceYear, maxAgeYears: scored.maxAgeYears, classes: scored.classes }),
        inputs: JSON.stringify({ sources: scored.sources, leftOut: scored.leftOut, protected: scored.protected, boundarySet: scored.boundarySet }),
        results: JSON.stringify(scored.areas.map((a) => ({ code: a.code, score: a.score, class: a.class, rank: a.rank, reliability: a.reliability }))),
        area_count: scored.areas.length, created_by: viewer.email, created_at: now,
      }).execute();
      return { id, sensitivity, createdAt: now, scored };
    },

    /** The organisation's saved runs the viewer may see, newest first (without their results). */
    async runs(viewer: Viewer) {
      const rows = await db.selectFrom('risk_runs')
        .select(['id', 'org_id', 'sensitivity', 'name', 'model_id', 'model_version', 'boundary_set_id', 'period', 'area_count', 'created_by', 'created_at'])
        .where('org_id', '=', viewer.orgId).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.filter((r) => canSee(viewer, r)).map((r) => ({
        id: r.id, name: r.name, sensitivity: r.sensitivity, modelId: r.model_id, modelVersion: r.model_version === null ? null : Number(r.model_version),
        boundarySetId: r.boundary_set_id, period: r.period, areaCount: Number(r.area_count), createdBy: r.created_by, createdAt: r.created_at,
      }));
    },

    /** One saved run with everything needed to reproduce it; undefined when the viewer may not see it. */
    async run(viewer: Viewer, id: string) {
      const r = await db.selectFrom('risk_runs').selectAll().where('id', '=', id).where('org_id', '=', viewer.orgId).executeTakeFirst();
      if (!r || !canSee(viewer, r)) return undefined;
      return {
        id: r.id, name: r.name, sensitivity: r.sensitivity, modelId: r.model_id, modelVersion: r.model_version === null ? null : Number(r.model_version),
        model: JSON.parse(r.model) as RiskModel, boundarySetId: r.boundary_set_id, period: r.period, options: JSON.parse(r.options), inputs: JSON.parse(r.inputs),
        results: JSON.parse(r.results) as Pick<ScoredArea, 'code' | 'score' | 'class' | 'rank' | 'reliability'>[], createdBy: r.created_by, createdAt: r.created_at,
      };
    },
  };
  return store;
}

export type RiskStore = ReturnType<typeof createRiskStore>;
