import { z } from 'zod';
import { router, roleProcedure } from '../trpc';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+Z?)?$/, 'expected a date such as 2026-12-07');

/** The audit log of the admin's organisation, filtered; /api/audit.csv exports the same. */
export const auditRouter = router({
  list: roleProcedure('admin')
    .input(z.object({ action: z.string().max(100).optional(), email: z.string().max(200).optional(), since: isoDate.optional(), until: isoDate.optional(), limit: z.number().int().min(1).max(1000).default(200) }).default({ limit: 200 }))
    .query(({ ctx, input }) => ctx.audit.list(ctx.viewer, input)),
});
