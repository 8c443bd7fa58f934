import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, protectedProcedure, roleProcedure } from '../trpc';
import { borderKmInput } from './layers';
import { CATCHMENT_KM } from '../domain/zone-widths';
import { COVERAGE_INDICATOR } from '../store/interventions-store';

/** Interventions' coverage (intervention-coverage.ts) is offered beside the stored factors, computed when asked. */
const COVERAGE_UNIT = 'share 0–1';

export const factorsRouter = router({
  /**
   * Brings the factors of a boundary set up to date with the current layers and these settings:
   * everything the first time or with `full`, afterwards only what changed.
   */
  compute: roleProcedure('analyst')
    .input(z.object({
      boundarySetId: z.string().min(1),
      borderKm: borderKmInput,
      catchmentKm: z.number().min(0.1).max(200).default(CATCHMENT_KM),
      full: z.boolean().default(false),
    }))
    .mutation(async ({ ctx, input }) => {
      const result = await ctx.factors.compute(ctx.viewer, input.boundarySetId, { borderKm: input.borderKm, catchmentKm: input.catchmentKm }, { full: input.full });
      if (result) await ctx.record({ action: 'factors.compute', target: input.boundarySetId, detail: { mode: result.mode, borderKm: input.borderKm, catchmentKm: input.catchmentKm } });
      if (!result) throw new TRPCError({ code: 'NOT_FOUND', message: `No boundary set '${input.boundarySetId}'` });
      return result;
    }),

  /** The stored factors of one area; null until they are computed for its boundary set. */
  get: protectedProcedure.input(z.object({ boundarySetId: z.string().min(1), code: z.string().min(1) })).query(async ({ ctx, input }) => {
    const result = await ctx.factors.get(ctx.viewer, input.boundarySetId, input.code);
    // Not computed yet is a state, not an error: the client offers to compute them.
    if (!result) return null;
    if (result.values.length === 0) throw new TRPCError({ code: 'NOT_FOUND', message: `No area '${input.code}' in '${input.boundarySetId}'` });
    return result;
  }),

  /** The factors stored for a boundary set, by name with their units (for the layer panel); null until computed. */
  list: protectedProcedure.input(z.object({ boundarySetId: z.string().min(1) })).query(async ({ ctx, input }) => {
    const stored = await ctx.factors.values(ctx.viewer, input.boundarySetId);
    if (!stored) return null;
    const factors = [...stored.values].map(([name, byArea]) => ({ name, unit: byArea.values().next().value?.unit ?? '' }));
    factors.push({ name: COVERAGE_INDICATOR, unit: COVERAGE_UNIT });
    return { computedAt: stored.computedAt, protected: stored.protected, factors: factors.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)) };
  }),

  /**
   * One factor for every area of a boundary set (a choropleth), protected exactly as `get`
   * protects one area's: through the store's `values`, so a count from internal or restricted
   * sites reaches a viewer without clearance as `<k` (value null, `below`) or rounded down.
   * Null until computed.
   */
  map: protectedProcedure.input(z.object({ boundarySetId: z.string().min(1), name: z.string().min(1).max(200) })).query(async ({ ctx, input }) => {
    const stored = await ctx.factors.values(ctx.viewer, input.boundarySetId);
    if (!stored) return null;
    if (input.name === COVERAGE_INDICATOR) {
      // every area, 0 where no intervention reaches: coverage is computed from what the viewer may see
      const leaf = await ctx.interventions.coverageLeaf(ctx.viewer, input.boundarySetId);
      const period = new Date().toISOString().slice(0, 10);
      const areas = [...leaf].map(([code, value]) => ({ code, period, value: value as number | null, below: undefined as number | undefined, roundedTo: undefined as number | undefined, withheld: undefined as boolean | undefined }));
      return { name: input.name, unit: COVERAGE_UNIT, computedAt: new Date().toISOString(), protected: stored.protected, areas };
    }
    const byArea = stored.values.get(input.name);
    if (!byArea) throw new TRPCError({ code: 'NOT_FOUND', message: `No factor '${input.name}' stored for '${input.boundarySetId}'` });
    const areas = [...byArea].map(([code, v]) => ({
      code, period: v.period, value: v.value, below: v.below, roundedTo: v.roundedTo, withheld: v.withheld,
    }));
    return { name: input.name, unit: areas[0] ? byArea.get(areas[0].code)!.unit : '', computedAt: stored.computedAt, protected: stored.protected, areas };
  }),
});
