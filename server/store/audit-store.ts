import type { Db } from './db';
import type { Viewer } from './access';

/** One audited event: who did what to which record, when and from where. */
export interface AuditEntry {
  action: string;
  target?: string | null;
  detail?: Record<string, unknown> | null;
  /** The organisation whose data it concerns; the actor's by default. */
  orgId?: string | null;
}

/** Who acted: a viewer, or an anonymous attempt known only by the e-mail it gave. */
export interface Actor {
  viewer?: Viewer | null;
  email?: string | null;
  ip?: string | null;
}

/** The audit log: every write, every sign-in and failed attempt, every read of restricted data. */
export function createAuditStore({ db }: Db) {
  return {
    async record(actor: Actor, entry: AuditEntry): Promise<void> {
      await db
        .insertInto('audit_events')
        .values({
          at: new Date().toISOString(),
          user_id: actor.viewer?.id ?? null,
          email: actor.viewer?.email ?? actor.email ?? null,
          org_id: entry.orgId ?? actor.viewer?.orgId ?? null,
          action: entry.action,
          target: entry.target ?? null,
          detail: entry.detail ? JSON.stringify(entry.detail) : null,
          ip: actor.ip ?? null,
        })
        .execute();
    },

    /** The events of the viewer's organisation (admins only: the router checks), newest first. */
    async list(viewer: Viewer, filter: { action?: string; email?: string; since?: string; until?: string; limit?: number } = {}) {
      let q = db
        .selectFrom('audit_events')
        .select(['id', 'at', 'user_id', 'email', 'org_id', 'action', 'target', 'detail', 'ip'])
        .where('org_id', '=', viewer.orgId);
      if (filter.action) q = q.where('action', 'like', `${filter.action}%`);
      if (filter.email) q = q.where('email', '=', filter.email.toLowerCase());
      if (filter.since) q = q.where('at', '>=', filter.since);
      if (filter.until) q = q.where('at', '<', filter.until);
      const rows = await q.orderBy('id', 'desc').limit(Math.min(filter.limit ?? 500, 10_000)).execute();
      return rows.map((r) => ({
        id: Number(r.id), at: r.at, userId: r.user_id, email: r.email, orgId: r.org_id, action: r.action, target: r.target,
        detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null, ip: r.ip,
      }));
    },
  };
}

export type AuditStore = ReturnType<typeof createAuditStore>;
