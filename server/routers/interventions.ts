import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, protectedProcedure, roleProcedure } from '../trpc';
import { ACTION_AREA_CODES, AUDIENCE_IDS, STRATEGY_CODES } from '../domain/action-areas';
import { INTERVENTION_STATUSES, interventionInputSchema, interventionPatchSchema, reachEntrySchema } from '../domain/interventions';
import { borderKmInput } from './layers';

const id = z.string().min(1).max(100);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date such as 2026-03-31');
const boundarySetId = z.string().min(1).max(200);
const statusWeights = z.object(Object.fromEntries(INTERVENTION_STATUSES.map((s) => [s, z.number().min(0).max(1).optional()])) as Record<(typeof INTERVENTION_STATUSES)[number], z.ZodOptional<z.ZodNumber>>).partial();
const coverageFilter = { strategy: z.enum(STRATEGY_CODES).optional(), actionArea: z.enum(ACTION_AREA_CODES).optional(), statusWeights: statusWeights.optional() };

/**
 * Interventions (issue 10): everyone signed in reads what the access rule lets them see; editors
 * of the owning organisation write. Every write is audited with the intervention as target and
 * the change as detail, which is what `history` reads back.
 */
export const interventionsRouter = router({
  /** Filtered by strategy, action area, status, audience, partner, period or a targeted area. */
  list: protectedProcedure
    .input(
      z.object({
        strategy: z.enum(STRATEGY_CODES).optional(),
        actionArea: z.enum(ACTION_AREA_CODES).optional(),
        status: z.array(z.enum(INTERVENTION_STATUSES)).max(4).optional(),
        audience: z.enum(AUDIENCE_IDS).optional(),
        partner: z.string().trim().min(1).max(300).optional(),
        from: isoDate.optional(),
        to: isoDate.optional(),
        area: z.object({ boundarySetId, code: z.string().min(1).max(100) }).optional(),
        limit: z.number().int().min(1).max(5000).default(500),
      }).default({ limit: 500 }),
    )
    .query(({ ctx, input }) => ctx.interventions.list(ctx.viewer, input)),

  get: protectedProcedure.input(z.object({ id })).query(async ({ ctx, input }) => {
    const found = await ctx.interventions.get(ctx.viewer, input.id);
    if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `No intervention '${input.id}'` });
    return found;
  }),

  create: roleProcedure('editor').input(interventionInputSchema).mutation(async ({ ctx, input }) => {
    const created = await ctx.interventions.create(ctx.viewer, input);
    await ctx.record({ action: 'intervention.create', target: created.id, detail: { title: created.title, actionArea: created.actionArea, status: created.status, version: created.version } });
    return created;
  }),

  /** Changes the given fields of the version the change was made from; a stale version is refused with CONFLICT. */
  update: roleProcedure('editor')
    .input(z.object({ id, version: z.number().int().min(1), patch: interventionPatchSchema }))
    .mutation(async ({ ctx, input }) => {
      const { record, changes } = await ctx.interventions.update(ctx.viewer, input.id, input.version, input.patch);
      if (Object.keys(changes).length) await ctx.record({ action: 'intervention.update', target: record.id, detail: { version: record.version, changes }, orgId: record.orgId });
      return record;
    }),

  /** A planned copy in the caller's organisation; the client names it in its language ("… (copie)"). */
  duplicate: roleProcedure('editor').input(z.object({ id, title: z.string().trim().min(1).max(300).optional() })).mutation(async ({ ctx, input }) => {
    const copy = await ctx.interventions.duplicate(ctx.viewer, input.id, input.title);
    await ctx.record({ action: 'intervention.create', target: copy.id, detail: { title: copy.title, actionArea: copy.actionArea, status: copy.status, version: copy.version, duplicateOf: input.id } });
    return copy;
  }),

  /** Sets the status to cancelled (the record stays, and covers nothing). */
  cancel: roleProcedure('editor').input(z.object({ id, version: z.number().int().min(1) })).mutation(async ({ ctx, input }) => {
    const { record, changes } = await ctx.interventions.update(ctx.viewer, input.id, input.version, { status: 'cancelled' });
    if (Object.keys(changes).length) await ctx.record({ action: 'intervention.cancel', target: record.id, detail: { version: record.version, changes }, orgId: record.orgId });
    return record;
  }),

  /** Who changed what and when (the audit log), for members of the owning organisation. */
  history: protectedProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.interventions.history(ctx.viewer, input.id)),

  /** Reach measured over time, against the target. */
  reach: protectedProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.interventions.reach(ctx.viewer, input.id)),

  addReach: roleProcedure('editor').input(reachEntrySchema.extend({ id })).mutation(async ({ ctx, input }) => {
    const { id: interventionId, ...entry } = input;
    const result = await ctx.interventions.addReach(ctx.viewer, interventionId, entry);
    await ctx.record({ action: 'intervention.reach', target: interventionId, detail: { recordedOn: entry.recordedOn, reach: entry.reach }, orgId: result.intervention.orgId });
    return { reachTarget: result.reachTarget, entries: result.entries };
  }),

  /** Each area's coverage (0–1) of a boundary set; intervention-coverage.ts documents the weighting. */
  coverage: protectedProcedure
    .input(z.object({ boundarySetId, ...coverageFilter }))
    .query(({ ctx, input }) => ctx.interventions.coverage(ctx.viewer, input.boundarySetId, input)),

  /** The 3W summary: organisation × action area × area of a boundary set, with reach against target (intervention-3w.ts). */
  threeW: protectedProcedure
    .input(z.object({ boundarySetId, strategy: z.enum(STRATEGY_CODES).optional(), actionArea: z.enum(ACTION_AREA_CODES).optional() }))
    .query(({ ctx, input }) => ctx.interventions.threeW(ctx.viewer, input.boundarySetId, input)),

  /** Reach against target over time, in total and per strategy; of one area's interventions when an area is given. */
  progress: protectedProcedure
    .input(z.object({ boundarySetId: boundarySetId.optional(), code: z.string().min(1).max(100).optional(), strategy: z.enum(STRATEGY_CODES).optional() })
      .refine((v) => !v.code || v.boundarySetId, { message: 'an area code needs its boundarySetId', path: ['boundarySetId'] }))
    .query(({ ctx, input }) => ctx.interventions.progress(ctx.viewer, input)),

  /** The action areas and audiences an area's risk factors call for, with what covers them and a draft each. */
  suggestions: protectedProcedure
    .input(z.object({ boundarySetId, code: z.string().min(1).max(100), borderKm: borderKmInput }))
    .query(({ ctx, input }) => ctx.interventions.suggestions(ctx.viewer, input.boundarySetId, input.code, { borderKm: input.borderKm })),
});
