import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, protectedProcedure, roleProcedure } from '../trpc';
import type { DatasetsStore } from '../store/datasets-store';
import { DatasetInUse, StaleDataset } from '../store/datasets-store';

const datasetId = z.string().min(1).max(200);

export const datasetsRouter = router({
  /** The catalogue: datasets with their provenance. */
  list: protectedProcedure.query(({ ctx }) => ctx.datasets.list(ctx.viewer)),

  boundarySets: protectedProcedure.query(({ ctx }) => ctx.datasets.boundarySets(ctx.viewer)),

  /** A dataset's features for its map layer. */
  features: protectedProcedure.input(z.object({ id: datasetId })).query(async ({ ctx, input }) => {
    const features = await ctx.datasets.features(ctx.viewer, input.id);
    if (!features) throw new TRPCError({ code: 'NOT_FOUND', message: `No dataset '${input.id}'` });
    return features;
  }),

  /** Rename, restyle or hide a dataset. */
  update: roleProcedure('editor')
    .input(
      z.object({
        id: datasetId,
        /** The version the change was made from (datasets.list gives it): a stale one is refused. */
        version: z.number().int().min(1),
        name: z.string().trim().min(1).max(200).optional(),
        hidden: z.boolean().optional(),
        /** Who may see it (access.ts); making internal or restricted data public needs `confirmPublic`. */
        sensitivity: z.enum(['public', 'internal', 'restricted']).optional(),
        /** The user confirmed that data of their organisation becomes visible to every organisation (audited). */
        confirmPublic: z.literal(true).optional(),
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
      let found: Awaited<ReturnType<DatasetsStore['update']>>['dataset'];
      let version: number;
      const before = input.sensitivity === 'public' ? await ctx.datasets.get(ctx.viewer, input.id) : undefined;
      const makesPublic = before !== undefined && before.sensitivity !== 'public';
      if (makesPublic && !input.confirmPublic) {
        throw new TRPCError({
          code: 'PRECONDITION_FAILED',
          message: `confirmPublic: making '${before.name}' (${before.sensitivity}) public shows it to every signed-in user of every organisation; send confirmPublic: true to confirm (it is audited).`,
        });
      }
      try {
        ({ dataset: found, version } = await ctx.datasets.update(ctx.viewer, input.id, input.version, input));
      } catch (err) {
        if (err instanceof StaleDataset) throw new TRPCError({ code: 'CONFLICT', message: err.message, cause: Object.assign(err, { conflict: err.current }) });
        if (err instanceof DatasetInUse) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
        throw err;
      }
      await ctx.record({ action: 'dataset.update', target: input.id, detail: { name: input.name, hidden: input.hidden, style: input.style, sensitivity: input.sensitivity, version }, orgId: found.org_id });
      if (input.sensitivity !== undefined && input.sensitivity !== found.sensitivity) {
        // a public view made of internal data is its own entry, so that an admin filtering the log finds it
        await ctx.record({ action: makesPublic ? 'dataset.make-public' : 'dataset.sensitivity', target: input.id, detail: { from: found.sensitivity, to: input.sensitivity, confirmed: Boolean(input.confirmPublic) }, orgId: found.org_id });
      }
      clearLayer(ctx, input.id);
      return { id: input.id, version };
    }),

  /** Deletes a dataset, its layer and its observations. */
  remove: roleProcedure('editor').input(z.object({ id: datasetId })).mutation(async ({ ctx, input }) => {
    try {
      const found = await ctx.datasets.remove(ctx.viewer, input.id);
      await ctx.record({ action: 'dataset.remove', target: input.id, detail: { name: found.name }, orgId: found.org_id });
    } catch (err) {
      if (err instanceof DatasetInUse) throw new TRPCError({ code: 'CONFLICT', message: err.message });
      throw err;
    }
    clearLayer(ctx, input.id);
    return { id: input.id };
  }),
});

/** A changed dataset's cached layer and tiles, the generalised view's too. */
function clearLayer(ctx: { layers: { clearCache(): void }; tiles: { clear(name?: string): void } }, id: string) {
  ctx.layers.clearCache();
  ctx.tiles.clear(`dataset:${id}`);
  ctx.tiles.clear(`dataset:${id}~generalised`);
}
