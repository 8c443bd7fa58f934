import { z } from 'zod';
import { router, roleProcedure } from '../trpc';
import { ROLES } from '../store/access';
import { MIN_SUPPRESSION_K } from '../domain/disclosure';
import { accountGuard } from './account';

const role = z.enum(ROLES);
const userId = z.string().min(1).max(100);

/** An organisation's members, invitations and roles: its admins only. */
export const usersRouter = router({
  members: roleProcedure('admin').query(({ ctx }) => ctx.accounts.members(ctx.viewer)),

  /** A new user gets a one-time password, shown once, to hand over; an existing one the membership. */
  invite: roleProcedure('admin')
    .input(z.object({ email: z.string().trim().email('expected an e-mail address').max(200), name: z.string().trim().max(200).optional(), role }))
    .mutation(({ ctx, input }) =>
      accountGuard(async () => {
        const invited = await ctx.accounts.invite(ctx.viewer, input);
        await ctx.record({ action: 'user.invite', target: invited.id, detail: { email: invited.email, role: input.role } });
        return invited;
      }),
    ),

  setRole: roleProcedure('admin')
    .input(z.object({ userId, role }))
    .mutation(({ ctx, input }) =>
      accountGuard(async () => {
        const { previous } = await ctx.accounts.setRole(ctx.viewer, input.userId, input.role);
        await ctx.record({ action: 'user.set-role', target: input.userId, detail: { from: previous, to: input.role } });
        return { userId: input.userId, role: input.role };
      }),
    ),

  /** A one-time password that must be changed at the next sign-in; the user's sessions end. */
  resetPassword: roleProcedure('admin')
    .input(z.object({ userId }))
    .mutation(({ ctx, input }) =>
      accountGuard(async () => {
        const oneTimePassword = await ctx.accounts.resetPassword(ctx.viewer, input.userId);
        await ctx.record({ action: 'user.reset-password', target: input.userId });
        return { oneTimePassword };
      }),
    ),

  remove: roleProcedure('admin')
    .input(z.object({ userId }))
    .mutation(({ ctx, input }) =>
      accountGuard(async () => {
        await ctx.accounts.removeMember(ctx.viewer, input.userId);
        await ctx.record({ action: 'user.remove', target: input.userId });
        return { userId: input.userId };
      }),
    ),

  /** The organisation's settings: the small-count threshold k. */
  settings: roleProcedure('admin').query(async ({ ctx }) => ({ suppressionK: await ctx.accounts.suppressionK(ctx.viewer.orgId), minSuppressionK: MIN_SUPPRESSION_K })),

  setSuppressionK: roleProcedure('admin')
    .input(z.object({ k: z.number().int().min(MIN_SUPPRESSION_K, `expected a whole number of at least ${MIN_SUPPRESSION_K}`).max(100) }))
    .mutation(({ ctx, input }) =>
      accountGuard(async () => {
        await ctx.accounts.setSuppressionK(ctx.viewer, input.k);
        await ctx.record({ action: 'org.set-suppression-k', target: ctx.viewer.orgId, detail: { k: input.k } });
        ctx.tiles.clear();
        return { k: input.k };
      }),
    ),
});
