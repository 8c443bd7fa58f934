import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, publicProcedure } from '../trpc';
import { DatasetInUse } from '../store/datasets-store';

const datasetId = z.string().min(1).max(200);

export const datasetsRouter = router({
  /** The catalogue: datasets with their provenance. */
  list: publicProcedure.query(({ ctx }) => ctx.datasets.list(ctx.user.orgId)),

  boundarySets: publicProcedure.query(({ ctx }) => ctx.datasets.boundarySets()),

  /** A dataset's features for its map layer. */
  features: publicProcedure.input(z.object({ id: datasetId })).query(async ({ ctx, input }) => {
    const features = await ctx.datasets.features(input.id);
    if (!features) throw new TRPCError({ code: 'NOT_FOUND', message: `No dataset '${input.id}'` });
    return features;
  }),

  /** Rename, restyle or hide a dataset. */
  update: publicProcedure
    .input(
      z.object({
        id: datasetId,
        name: z.string().trim().min(1).max(200).optional(),
        hidden: z.boolean().optional(),
        style: z
          .object({
            colour: z.string().regex(/^#[0-9a-f]{6}$/i, 'expected a colour such as #0072b2').optional(),
            opacity: z.number().min(0).max(1).optional(),
            radiusPx: z.number().min(1).max(40).optional(),
          })
          .nullable()
          .optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const found = await ctx.datasets.get(input.id);
      if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `No dataset '${input.id}'` });
      await ctx.datasets.update(input.id, input);
      ctx.layers.clearCache();
      ctx.tiles.clear(`dataset:${input.id}`);
      return { id: input.id };
    }),

  /** Deletes a dataset, its layer and its observations. */
  remove: publicProcedure.input(z.object({ id: datasetId })).mutation(async ({ ctx, input }) => {
    const found = await ctx.datasets.get(input.id);
    if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `No dataset '${input.id}'` });
    try {
      await ctx.datasets.remove(input.id);
    } catch (err) {
      if (err instanceof DatasetInUse) throw new TRPCError({ code: 'CONFLICT', message: err.message });
      throw err;
    }
    ctx.layers.clearCache();
    ctx.tiles.clear(`dataset:${input.id}`);
    return { id: input.id };
  }),
});
