import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError, z } from 'zod';
import type { Context } from './context';
import { roleAtLeast, type Role } from './store/access';
import type { AuditEntry } from './store/audit-store';

/**
 * Every procedure names who may call it; the authorisation matrix test reads this from the router
 * and fails for a procedure without one. `signed-in` also admits a user who must still change a
 * one-time password (only the account procedures use it); a role admits that role and stronger.
 */
export interface ProcedureMeta {
  access: 'signed-in' | Role;
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    // Attach the flattened zod error so the client can show it beside the field.
    errorFormatter({ shape, error }) {
      const { stack: _stack, path: _path, ...data } = shape.data;
      return {
        ...shape,
        // Internal errors are logged on the server; the caller gets no engine or database message.
        message: error.code === 'INTERNAL_SERVER_ERROR' ? 'Something went wrong on the server; the error is in its log.' : shape.message,
        data: {
          ...data,
          zodError: error.cause instanceof ZodError ? z.flattenError(error.cause) : null,
          // An ImportError's issues (row, feature, field, message) for the import wizard.
          importIssues: error.cause && Array.isArray((error.cause as { issues?: unknown }).issues) && !(error.cause instanceof ZodError)
            ? ((error.cause as unknown as { issues: unknown[] }).issues.slice(0, 200) as { severity: string; code: string; message: string; row?: number; feature?: number; field?: string }[])
            : null,
          // The other person's change when a save was refused as stale (CONFLICT).
          conflict: (error.cause as { conflict?: unknown } | undefined)?.conflict ?? null,
        },
      };
    },
  });

export const router = t.router;

/** Reads the signed-in user from the context; refuses anonymous callers, and `min` enforces a role. */
function access(rule: ProcedureMeta['access']) {
  return t.procedure.meta({ access: rule }).use(({ ctx, next }) => {
    const user = ctx.user;
    if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in to use Risk Atlas.' });
    if (rule !== 'signed-in') {
      if (user.mustChangePassword) throw new TRPCError({ code: 'FORBIDDEN', message: 'Choose a new password before going on: the one you signed in with was for one use only.' });
      if (!roleAtLeast(user.role, rule)) {
        throw new TRPCError({ code: 'FORBIDDEN', message: `This needs the ${rule} role in ${user.organisations.find((o) => o.id === user.orgId)?.name ?? user.orgId}; yours is ${user.role}.` });
      }
    }
    const viewer = user;
    /** Writes one audit event as this user, from this request's address. */
    const record = (entry: AuditEntry) => ctx.audit.record({ viewer, email: viewer.email, ip: ctx.request.ip }, entry);
    return next({ ctx: { ...ctx, user: viewer, viewer, record } });
  });
}

/** Any signed-in user, even one who must change a one-time password first (account procedures). */
export const signedInProcedure = access('signed-in');
/** A signed-in member of the acting organisation (viewer or stronger). */
export const protectedProcedure = access('viewer');
/** A member with at least this role in the organisation the session acts for. */
export function roleProcedure(min: Role) {
  return access(min);
}
