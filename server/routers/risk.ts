import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, protectedProcedure, roleProcedure } from '../trpc';
import type { Viewer } from '../store/access';
import { ModelConflict, ModelRefused, type RiskStore } from '../store/risk-store';
import { RiskInputError, type LeafSource } from '../store/risk-inputs';
import { ModelFileError, parseModel, type RiskModel } from '../domain/risk/model-file';
import { SENSITIVITIES, type Sensitivity } from '../domain/types';
import { rankingWorkbook } from '../risk-workbook';

const modelId = z.string().min(1).max(200);
const sensitivity = z.enum(SENSITIVITIES as [Sensitivity, ...Sensitivity[]]);

/** The model to score: a stored one by id, or a model file sent as is (an unsaved edit). */
const modelRef = {
  modelId: modelId.optional(),
  model: z.unknown().optional(),
};
const scoring = z.object({
  ...modelRef,
  boundarySetId: z.string().min(1).max(200),
  period: z.string().min(1).max(40).optional(),
  /** Another indicator (name or id) for some leaves, by leaf id. */
  indicators: z.record(z.string(), z.string().min(1).max(300)).optional(),
  /** A period for some leaves, by leaf id (over `period`). */
  periods: z.record(z.string(), z.string().min(1).max(40)).optional(),
  /** Areas of fewer people than this are flagged (small denominator). */
  minPopulation: z.number().finite().nonnegative().optional(),
  /** The indicator or factor holding each area's population (default population-geonames). */
  denominator: z.string().min(1).max(300).optional(),
  /** Read the interventions' coverage for the coverage gap. */
  coverage: z.boolean().optional(),
  weights: z.record(z.string(), z.number().finite().nonnegative()).optional(),
  referenceYear: z.number().int().min(1900).max(2200).optional(),
  maxAgeYears: z.number().min(0).max(200).optional(),
  classes: z.array(z.object({ label: z.string().min(1).max(60), from: z.number() })).min(1).max(12).optional(),
});

/** Runs `f`, answering the store's and the model file's errors with their tRPC codes. */
async function answer<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof ModelFileError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message, cause: err });
    if (err instanceof ModelConflict) throw new TRPCError({ code: 'CONFLICT', message: err.message, cause: err });
    if (err instanceof ModelRefused) throw new TRPCError({ code: 'FORBIDDEN', message: err.message });
    if (err instanceof RiskInputError) throw new TRPCError({ code: err.code, message: err.message });
    throw err;
  }
}

/** The model a scoring request names, with its id and version when it is stored. */
async function modelOf(risk: RiskStore, viewer: Viewer, input: { modelId?: string; model?: unknown }): Promise<{ id: string | null; version: number | null; definition: RiskModel }> {
  if ((input.modelId === undefined) === (input.model === undefined)) throw new TRPCError({ code: 'BAD_REQUEST', message: 'Give either modelId (a stored model) or model (a model file), not both.' });
  if (input.model !== undefined) return { id: null, version: null, definition: await answer(async () => parseModel(input.model)) };
  const stored = await risk.get(viewer, input.modelId!);
  if (!stored) throw new TRPCError({ code: 'NOT_FOUND', message: `No risk model '${input.modelId}'` });
  return { id: stored.id, version: stored.version, definition: stored.definition };
}

/** Reads of restricted data are audited, as every other door to it is. */
async function auditRestricted(record: (e: { action: string; target?: string; detail?: Record<string, unknown>; orgId?: string }) => Promise<void>, sources: LeafSource[], via: string) {
  for (const s of sources) if (s.sensitivity === 'restricted') await record({ action: 'read.restricted', target: s.datasetId, detail: { via, indicator: s.indicatorName } });
}

const modelsRouter = router({
  /** The built-in model and the organisation's, without their trees. */
  list: protectedProcedure.query(({ ctx }) => ctx.risk.list(ctx.viewer)),

  /** One model with its tree (and the built-in model's reasons per node). */
  get: protectedProcedure.input(z.object({ id: modelId })).query(async ({ ctx, input }) => {
    const found = await ctx.risk.get(ctx.viewer, input.id);
    if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `No risk model '${input.id}'` });
    return found;
  }),

  /**
   * Creates a model (no id: a new one, or a copy of another) or saves a change to one; `version`
   * is the one it was loaded at. A stale save is refused (CONFLICT) and carries the stored model.
   */
  save: roleProcedure('analyst')
    .input(z.object({ id: modelId.optional(), version: z.number().int().positive().optional(), definition: z.unknown(), description: z.string().max(2000).nullable().optional(), sensitivity: sensitivity.optional() }))
    .mutation(async ({ ctx, input }) => {
      const saved = await answer(() => ctx.risk.save(ctx.viewer, input));
      if (!saved) throw new TRPCError({ code: 'NOT_FOUND', message: `No risk model '${input.id}'` });
      await ctx.record({ action: input.id ? 'risk-model.update' : 'risk-model.create', target: saved.id, detail: { name: saved.name, version: saved.version, sensitivity: saved.sensitivity } });
      return saved;
    }),

  /** Deletes a model of the organisation (with `version`, only if nobody changed it since). */
  remove: roleProcedure('analyst').input(z.object({ id: modelId, version: z.number().int().positive().optional() })).mutation(async ({ ctx, input }) => {
    const removed = await answer(() => ctx.risk.remove(ctx.viewer, input.id, input.version));
    if (!removed) throw new TRPCError({ code: 'NOT_FOUND', message: `No risk model '${input.id}'` });
    await ctx.record({ action: 'risk-model.remove', target: input.id, detail: { name: removed.name, version: removed.version } });
    return { id: input.id };
  }),

  /** Imports a model file (its JSON text): a new model of the organisation. */
  import: roleProcedure('analyst')
    .input(z.object({ file: z.string().min(1).max(512 * 1024), fileName: z.string().max(300).optional(), sensitivity: sensitivity.optional(), description: z.string().max(2000).nullable().optional() }))
    .mutation(async ({ ctx, input }) => {
      const saved = (await answer(() => ctx.risk.save(ctx.viewer, { definition: input.file, sensitivity: input.sensitivity, description: input.description })))!;
      await ctx.record({ action: 'risk-model.import', target: saved.id, detail: { name: saved.name, fileName: input.fileName ?? null } });
      return saved;
    }),

  /** The model file of a model, as the README documents it. */
  export: protectedProcedure.input(z.object({ id: modelId })).query(async ({ ctx, input }) => {
    const found = await ctx.risk.get(ctx.viewer, input.id);
    if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `No risk model '${input.id}'` });
    const slug = found.name.normalize('NFKD').replace(/[^\w]+/g, '-').replace(/^-|-$/g, '').toLowerCase() || 'model';
    return { fileName: `${slug}.risk-model.json`, json: `${JSON.stringify(found.definition, null, 2)}\n` };
  }),
});

const runsRouter = router({
  /** Scores and saves the run with the dataset versions it read, so that it can be reproduced. */
  save: roleProcedure('analyst').input(scoring.extend({ name: z.string().trim().min(1).max(200) })).mutation(async ({ ctx, input }) => {
    const model = await modelOf(ctx.risk, ctx.viewer, input);
    const { name, ...options } = input;
    const run = await answer(() => ctx.risk.saveRun(ctx.viewer, model, name, options));
    await auditRestricted(ctx.record, run.scored.sources, 'risk.runs.save');
    await ctx.record({ action: 'risk-run.save', target: run.id, detail: { name, modelId: model.id, modelVersion: model.version, boundarySetId: input.boundarySetId, period: input.period ?? null, sensitivity: run.sensitivity } });
    return { id: run.id, sensitivity: run.sensitivity, createdAt: run.createdAt };
  }),

  list: protectedProcedure.query(({ ctx }) => ctx.risk.runs(ctx.viewer)),

  get: protectedProcedure.input(z.object({ id: z.string().min(1).max(200) })).query(async ({ ctx, input }) => {
    const run = await ctx.risk.run(ctx.viewer, input.id);
    if (!run) throw new TRPCError({ code: 'NOT_FOUND', message: `No scoring run '${input.id}'` });
    if (run.sensitivity === 'restricted') await ctx.record({ action: 'read.restricted', target: run.id, detail: { via: 'risk.runs.get' } });
    return run;
  }),
});

export const riskRouter = router({
  models: modelsRouter,
  runs: runsRouter,

  /**
   * What fills each leaf for this viewer on a boundary set, per area: the input of the browser's
   * recompute (the same engine), without geometry.
   */
  inputs: protectedProcedure.input(scoring.pick({ modelId: true, model: true, boundarySetId: true, period: true, indicators: true, periods: true, denominator: true })).query(async ({ ctx, input }) => {
    const model = await modelOf(ctx.risk, ctx.viewer, input);
    // the screen shows the coverage gap: coverage is always read for it
    const inputs = await answer(() => ctx.risk.inputs(ctx.viewer, model.definition, { ...input, coverage: true }));
    await auditRestricted(ctx.record, inputs.sources, 'risk.inputs');
    return { ...inputs, modelId: model.id, modelVersion: model.version };
  }),

  /** Per area: score, class, rank, reliability and each leaf's contribution; missing is never zero. */
  score: protectedProcedure.input(scoring).query(async ({ ctx, input }) => {
    const model = await modelOf(ctx.risk, ctx.viewer, input);
    const scored = await answer(() => ctx.risk.score(ctx.viewer, model.definition, input));
    await auditRestricted(ctx.record, scored.sources, 'risk.score');
    return { ...scored, modelId: model.id, modelVersion: model.version };
  }),

  /**
   * The ranking as an XLSX workbook (risk-workbook.ts: the ranking with coverage gap and the
   * small-denominator flag, then the model, weights, provenance and date), base64-encoded, for
   * the screen's export with its current weights and picks. Audited as an export.
   */
  exportRanking: protectedProcedure.input(scoring).mutation(async ({ ctx, input }) => {
    const model = await modelOf(ctx.risk, ctx.viewer, input);
    const scored = await answer(() => ctx.risk.score(ctx.viewer, model.definition, { ...input, coverage: true }));
    await auditRestricted(ctx.record, scored.sources, 'risk.exportRanking');
    const body = await rankingWorkbook(scored, { modelId: model.id, modelVersion: model.version, weights: input.weights, period: input.period, periods: input.periods, exportedBy: ctx.viewer.email });
    await ctx.record({ action: 'risk.export', target: scored.boundarySet.id, detail: { format: 'xlsx', modelId: model.id, modelVersion: model.version, rows: scored.areas.length, sensitivity: scored.sensitivity } });
    return { fileName: `ranking-${scored.boundarySet.id.replace(/[^a-z0-9-]/gi, '_')}.xlsx`, base64: body.toString('base64'), sensitivity: scored.sensitivity };
  }),

  /** Rank uncertainty: seeded Monte Carlo draws of weights (±spread), normalisations and aggregations. */
  uncertainty: protectedProcedure
    .input(scoring.extend({
      draws: z.number().int().min(1).max(2000).default(1000),
      seed: z.number().int().default(1),
      weightSpread: z.number().min(0).max(0.9).default(0.25),
      normalisations: z.boolean().default(true),
      aggregations: z.boolean().default(true),
      topN: z.number().int().min(1).max(1000).default(10),
    }))
    .query(async ({ ctx, input }) => {
      const model = await modelOf(ctx.risk, ctx.viewer, input);
      const result = await answer(() => ctx.risk.uncertainty(ctx.viewer, model.definition, input));
      await auditRestricted(ctx.record, result.sources, 'risk.uncertainty');
      return result;
    }),
});
