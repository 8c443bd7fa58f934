import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, protectedProcedure, roleProcedure } from '../trpc';
import { borderlandKm } from './layers';

export const factorsRouter = router({
  /**
   * Brings the factors of a boundary set up to date with the current layers and these settings:
   * everything the first time or with `full`, afterwards only what changed.
   */
  compute: roleProcedure('analyst')
    .input(z.object({
      boundarySetId: z.string().min(1),
      borderKm: borderlandKm.default(50),
      catchmentKm: z.number().min(0.1).max(200).default(10),
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
});
