import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, roleProcedure } from '../trpc';
import { importRequestSchema } from '../imports/import-request';
import { UnknownUpload } from '../imports/import-service';
import { ImportError } from '../importers/import-error';

const uploadId = z.string().regex(/^[a-f0-9]{32}$/, 'expected an upload id');

/** Maps pipeline errors to tRPC errors that carry the import issues for the wizard. */
async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof UnknownUpload) throw new TRPCError({ code: 'NOT_FOUND', message: err.message });
    if (err instanceof ImportError) throw new TRPCError({ code: 'UNPROCESSABLE_CONTENT', message: err.message, cause: err });
    throw err;
  }
}

export const importsRouter = router({
  /** Preview of an uploaded file: format, columns, first rows, a sample for the map, proposals. */
  inspect: roleProcedure('editor')
    .input(z.object({ uploadId, encoding: z.string().optional(), layer: z.string().optional() }))
    .query(({ ctx, input }) => guard(() => ctx.imports.inspect(input.uploadId, input, ctx.viewer))),

  /** Dry run: the report (counts, issues, join) of an import with these choices; nothing is written. */
  plan: roleProcedure('editor')
    .input(z.object({ uploadId, request: importRequestSchema }))
    .mutation(({ ctx, input }) =>
      guard(async () => {
        const report = await ctx.imports.plan(input.uploadId, input.request, ctx.viewer);
        // nothing is written, but the file was read through this request: the log says by whom
        await ctx.record({ action: 'import.plan', target: input.uploadId, detail: { name: input.request.name, kind: input.request.kind } });
        return report;
      }),
    ),

  /** Publishes in the background; poll `status`. */
  start: roleProcedure('editor')
    .input(z.object({ uploadId, request: importRequestSchema }))
    .mutation(({ ctx, input }) =>
      guard(async () => {
        const { jobId, done } = ctx.imports.start(input.uploadId, input.request, ctx.viewer);
        await ctx.record({ action: 'import.start', target: jobId, detail: { uploadId: input.uploadId, name: input.request.name, kind: input.request.kind, sensitivity: input.request.sensitivity } });
        void done.then(() => ctx.layers.clearCache());
        return { jobId };
      }),
    ),

  status: roleProcedure('editor').input(z.object({ jobId: z.string().min(1) })).query(({ ctx, input }) => {
    const job = ctx.imports.status(input.jobId, ctx.viewer);
    if (!job) throw new TRPCError({ code: 'NOT_FOUND', message: `No import job '${input.jobId}'` });
    return job;
  }),

  cancel: roleProcedure('editor').input(z.object({ jobId: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    const cancelled = ctx.imports.cancel(input.jobId, ctx.viewer);
    // the attempt too: a job that had already finished is not cancelled, and the log says so
    await ctx.record({ action: 'import.cancel', target: input.jobId, detail: { cancelled } });
    return { cancelled };
  }),

  history: roleProcedure('editor').query(({ ctx }) => ctx.imports.history(ctx.viewer)),
});
