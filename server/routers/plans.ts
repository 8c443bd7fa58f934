import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, protectedProcedure, roleProcedure } from '../trpc';
import { borderKmInput } from './layers';
import { issuesMessage, planInputSchema, planPatchSchema, type PlanInput, type PlanPatch } from '../domain/plans';

/** Parses with a schema of domain/plans.ts; a failure is a BAD_REQUEST whose message names each field (`items.0.endDate: …`). */
function checked<S extends z.ZodType, I>(schema: S) {
  return (raw: unknown): I => {
    const r = schema.safeParse(raw);
    if (!r.success) throw new TRPCError({ code: 'BAD_REQUEST', message: issuesMessage(r.error), cause: r.error });
    return r.data as I;
  };
}
const updateSchema = z.object({ id: z.string().min(1).max(100), version: z.number().int().min(1), patch: planPatchSchema });

const id = z.string().min(1).max(100);
const boundarySetId = z.string().min(1).max(200);
const code = z.string().min(1).max(100);

/** Audits a plan's new interventions as `interventions.create` would. */
async function recordCreated(record: (e: { action: string; target?: string; detail?: Record<string, unknown> }) => Promise<void>, planId: string, created: { id: string; title: string; actionArea: string; status: string }[]) {
  for (const c of created) await record({ action: 'intervention.create', target: c.id, detail: { title: c.title, actionArea: c.actionArea, status: c.status, version: 1, plan: planId } });
}

/**
 * Local safety-net plans (issue 10): everyone signed in reads the plans the access rule lets them
 * see; editors of the owning organisation write. Inputs are checked with domain/plans.ts's schemas
 * and a refusal names each field (`items.0.endDate: the end … is before the start …`). Every write is audited with the plan as target.
 */
export const plansRouter = router({
  /** The plans the viewer may see; of one municipality when `area` is given. */
  list: protectedProcedure
    .input(z.object({ area: z.object({ boundarySetId, code }).optional(), limit: z.number().int().min(1).max(1000).default(200) }).default({ limit: 200 }))
    .query(({ ctx, input }) => ctx.plans.list(ctx.viewer, input)),

  get: protectedProcedure.input(z.object({ id })).query(async ({ ctx, input }) => {
    const found = await ctx.plans.get(ctx.viewer, input.id);
    if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `No plan '${input.id}'` });
    return found;
  }),

  /** A new plan of a municipality; rows may create their interventions (in the same transaction). */
  create: roleProcedure('editor').input(checked<typeof planInputSchema, PlanInput>(planInputSchema)).mutation(async ({ ctx, input }) => {
    const { record, created } = await ctx.plans.create(ctx.viewer, input);
    await recordCreated(ctx.record, record.id, created);
    await ctx.record({ action: 'plan.create', target: record.id, detail: { title: record.title, area: record.area, items: record.items.length, version: record.version } });
    return record;
  }),

  /** Changes the given fields of the version the change was made from; a stale version is refused with CONFLICT carrying the other change. */
  update: roleProcedure('editor')
    .input(checked<typeof updateSchema, { id: string; version: number; patch: PlanPatch }>(updateSchema))
    .mutation(async ({ ctx, input }) => {
      const { record, changes, created } = await ctx.plans.update(ctx.viewer, input.id, input.version, input.patch);
      await recordCreated(ctx.record, record.id, created);
      if (Object.keys(changes).length) await ctx.record({ action: 'plan.update', target: record.id, detail: { version: record.version, changes }, orgId: record.orgId });
      return record;
    }),

  /** Deletes a plan (its interventions stay); with `version`, a plan changed since is refused with CONFLICT. Audited as `plan.remove`. */
  remove: roleProcedure('editor')
    .input(z.object({ id, version: z.number().int().min(1).optional() }))
    .mutation(async ({ ctx, input }) => {
      const removed = await ctx.plans.remove(ctx.viewer, input.id, input.version);
      await ctx.record({ action: 'plan.remove', target: removed.id, detail: { title: removed.title, area: removed.area, items: removed.items.length, version: removed.version }, orgId: removed.orgId });
      return { id: removed.id };
    }),

  /** Who changed what and when (the audit log), for members of the owning organisation. */
  history: protectedProcedure.input(z.object({ id })).query(({ ctx, input }) => ctx.plans.history(ctx.viewer, input.id)),

  /** A municipality's risk inventory (sites, zones, indicators, score, interventions, suggestions not yet covered, sources). */
  inventory: protectedProcedure
    .input(z.object({ boundarySetId, code, borderKm: borderKmInput, modelId: z.string().min(1).max(200).optional() }))
    .query(async ({ ctx, input }) => {
      const inventory = await ctx.plans.inventory(ctx.viewer, input.boundarySetId, input.code, input);
      for (const datasetId of new Set(inventory.restrictedRead)) await ctx.record({ action: 'read.restricted', target: datasetId, detail: { via: 'plans.inventory', area: `${input.boundarySetId}|${input.code}` } });
      return inventory;
    }),
});
