import { initTRPC } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { Context } from './context';

const t = initTRPC.context<Context>().create({
  // Attach the flattened zod error so the client can show it beside the field.
  errorFormatter({ shape, error }) {
    return {
      ...shape,
      data: {
        ...shape.data,
        zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
        // An ImportError's issues (row, feature, field, message) for the import wizard.
        importIssues: error.cause && Array.isArray((error.cause as { issues?: unknown }).issues) && !(error.cause instanceof ZodError)
          ? ((error.cause as unknown as { issues: unknown[] }).issues.slice(0, 200) as { severity: string; code: string; message: string; row?: number; feature?: number; field?: string }[])
          : null,
      },
    };
  },
});

export const router = t.router;
export const publicProcedure = t.procedure;
export const createCallerFactory = t.createCallerFactory;
