import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { router, signedInProcedure, protectedProcedure } from '../trpc';
import { AccountError } from '../store/accounts-store';
import { MAX_PASSWORD_LENGTH } from '../auth/passwords';

/** An AccountError as the tRPC error of its status. */
export function accountGuard<T>(fn: () => Promise<T>): Promise<T> {
  return fn().catch((err) => {
    if (!(err instanceof AccountError)) throw err;
    const code = ({ 400: 'BAD_REQUEST', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND', 409: 'CONFLICT', 423: 'FORBIDDEN' } as const)[err.status];
    throw new TRPCError({ code, message: err.message });
  });
}

/** The signed-in user's own account (sign-in and sign-out are HTTP routes: they set the cookie). */
export const accountRouter = router({
  me: signedInProcedure.query(({ ctx }) => {
    const u = ctx.viewer;
    return { id: u.id, email: u.email, name: u.name, orgId: u.orgId, role: u.role, mustChangePassword: u.mustChangePassword, organisations: u.organisations };
  }),

  /** Changes the password (a one-time one too); the user's other sessions end. */
  changePassword: signedInProcedure
    .input(z.object({ current: z.string().min(1).max(MAX_PASSWORD_LENGTH), next: z.string().min(1).max(MAX_PASSWORD_LENGTH) }))
    .mutation(({ ctx, input }) =>
      accountGuard(async () => {
        await ctx.accounts.changePassword(ctx.viewer.id, input.current, input.next, ctx.request.token ?? undefined);
        await ctx.record({ action: 'auth.password-change', target: ctx.viewer.id });
        return { changed: true };
      }),
    ),

  /** Acts for another of the user's organisations from now on. */
  switchOrganisation: protectedProcedure.input(z.object({ orgId: z.string().min(1).max(200) })).mutation(({ ctx, input }) =>
    accountGuard(async () => {
      if (!ctx.request.token) throw new TRPCError({ code: 'BAD_REQUEST', message: 'Only a signed-in browser session can switch organisation.' });
      await ctx.accounts.switchOrganisation(ctx.request.token, ctx.viewer, input.orgId);
      await ctx.record({ action: 'auth.switch-organisation', target: input.orgId, orgId: input.orgId });
      return { orgId: input.orgId };
    }),
  ),
});
