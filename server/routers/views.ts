import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, protectedProcedure, roleProcedure } from '../trpc';
import { MAX_VIEW_QUERY } from '../domain/view-query';

const id = z.string().min(1).max(200);
const name = z.string().trim().min(1, 'name: give the view a name').max(120, 'name: at most 120 characters');

/** Named views of the map per organisation: the link's query string under a name. */
export const viewsRouter = router({
  /** The acting organisation's saved views (members; restricted ones for the cleared roles). */
  list: protectedProcedure.query(({ ctx }) => ctx.views.list(ctx.viewer)),

  get: protectedProcedure.input(z.object({ id })).query(async ({ ctx, input }) => {
    const found = await ctx.views.get(ctx.viewer, input.id);
    if (!found) throw new TRPCError({ code: 'NOT_FOUND', message: `No saved view '${input.id}'` });
    return found;
  }),

  /** Saves the view (its normalised query string) under a name new in the organisation. */
  create: roleProcedure('analyst')
    .input(z.object({ name, query: z.string().min(1).max(MAX_VIEW_QUERY + 1), sensitivity: z.enum(['internal', 'restricted']).optional() }))
    .mutation(async ({ ctx, input }) => {
      const saved = await ctx.views.create(ctx.viewer, input);
      await ctx.record({ action: 'view.create', target: saved.id, detail: { name: saved.name, sensitivity: saved.sensitivity } });
      return saved;
    }),

  rename: roleProcedure('analyst')
    .input(z.object({ id, name }))
    .mutation(async ({ ctx, input }) => {
      const { before, after } = await ctx.views.rename(ctx.viewer, input.id, input.name);
      await ctx.record({ action: 'view.rename', target: after.id, detail: { from: before.name, to: after.name } });
      return after;
    }),

  remove: roleProcedure('analyst')
    .input(z.object({ id }))
    .mutation(async ({ ctx, input }) => {
      const removed = await ctx.views.remove(ctx.viewer, input.id);
      await ctx.record({ action: 'view.remove', target: removed.id, detail: { name: removed.name } });
      return { id: removed.id };
    }),
});
