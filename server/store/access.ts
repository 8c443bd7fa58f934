import { TRPCError } from '@trpc/server';
import { sql, type ExpressionBuilder, type Expression, type Kysely, type SqlBool } from 'kysely';
import type { Sensitivity } from '../domain/types';
import { MIN_SUPPRESSION_K } from '../domain/disclosure';
import type { Database } from './schema';

/** Roles per organisation, weakest first: each can do what the ones before it can. */
export const ROLES = ['viewer', 'analyst', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Who asks: a signed-in user acting for one of their organisations. */
export interface Viewer {
  id: string;
  email: string;
  /** The organisation the session acts for: new records belong to it. */
  orgId: string;
  /** The viewer's role in `orgId`. */
  role: Role;
  memberships: { orgId: string; role: Role }[];
}

/**
 * A reader who belongs to no organisation: sees public data only. For what every signed-in user
 * shares (the basemap, the borderland zone derived data are built on), read once for all.
 */
export const PUBLIC_READER: Viewer = { id: 'public-reader', email: '', orgId: '', role: 'viewer', memberships: [] };

/** The roles cleared for restricted content when a dataset names none. */
export const DEFAULT_CLEARANCE: readonly Role[] = ['analyst', 'editor', 'admin'];

/** True when `role` is `min` or stronger. */
export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

/** The viewer's role in an organisation, or null when they are not a member. */
export function roleIn(viewer: Viewer, orgId: string): Role | null {
  return viewer.memberships.find((m) => m.orgId === orgId)?.role ?? null;
}

/** What the rule reads of a record: its owner, its sensitivity and the roles cleared for it. */
export interface Guarded {
  org_id: string;
  sensitivity: Sensitivity | string;
  /** Comma-separated roles (datasets.clearance_roles). */
  clearance_roles?: string | null;
}

const rolesOf = (row: Guarded): string[] => (row.clearance_roles ?? DEFAULT_CLEARANCE.join(',')).split(',');

/**
 * Cleared: a member of the owning organisation with a role named on the record. Cleared viewers
 * see restricted points and small counts at full precision.
 */
export function hasClearance(viewer: Viewer, row: Guarded): boolean {
  const role = roleIn(viewer, row.org_id);
  return role !== null && rolesOf(row).includes(role);
}

/**
 * The one rule of who sees what: public data to every signed-in user; internal data to the
 * members of the owning organisation; restricted data to the members whose role it names.
 */
export function canSee(viewer: Viewer, row: Guarded): boolean {
  if (row.sensitivity === 'public') return true;
  if (row.sensitivity === 'internal') return roleIn(viewer, row.org_id) !== null;
  return hasClearance(viewer, row);
}

/**
 * The same rule as a WHERE clause on the `datasets` table (or a table joined as `datasets`), so
 * that a list never loads what it would then have to hide. Equal to `canSee` row by row (tested).
 */
export function visibleDatasets(viewer: Viewer) {
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    const orgIds = viewer.memberships.map((m) => m.orgId);
    const conditions: Expression<SqlBool>[] = [eb('datasets.sensitivity', '=', 'public')];
    if (orgIds.length) conditions.push(eb.and([eb('datasets.sensitivity', '=', 'internal'), eb('datasets.org_id', 'in', orgIds)]));
    for (const m of viewer.memberships) {
      conditions.push(
        eb.and([
          eb('datasets.sensitivity', '=', 'restricted'),
          eb('datasets.org_id', '=', m.orgId),
          sql<SqlBool>`(',' || datasets.clearance_roles || ',') like ${`%,${m.role},%`}`,
        ]),
      );
    }
    return eb.or(conditions);
  };
}

/**
 * The same rule as a WHERE clause on a table of records that name no clearance roles of their own
 * (interventions, plans, saved views): restricted ones are for the owning organisation's DEFAULT_CLEARANCE
 * roles. Equal to `canSee` row by row with `clearance_roles` unset (tested).
 */
export function visibleRecords(table: 'interventions' | 'plans' | 'saved_views', viewer: Viewer) {
  return (eb: ExpressionBuilder<any, any>): Expression<SqlBool> => {
    const orgIds = viewer.memberships.map((m) => m.orgId);
    const conditions: Expression<SqlBool>[] = [eb(`${table}.sensitivity`, '=', 'public')];
    if (orgIds.length) conditions.push(eb.and([eb(`${table}.sensitivity`, '=', 'internal'), eb(`${table}.org_id`, 'in', orgIds)]));
    const cleared = viewer.memberships.filter((m) => DEFAULT_CLEARANCE.includes(m.role)).map((m) => m.orgId);
    if (cleared.length) conditions.push(eb.and([eb(`${table}.sensitivity`, '=', 'restricted'), eb(`${table}.org_id`, 'in', cleared)]));
    return eb.or(conditions);
  };
}

/** Editors (and admins) of the owning organisation, acting for it, may change its record; FORBIDDEN otherwise, saying why. */
export function assertCanEdit(viewer: Viewer, orgId: string, what: string): void {
  if (orgId !== viewer.orgId) throw new TRPCError({ code: 'FORBIDDEN', message: `${what} belongs to another organisation; only its own editors can change it.` });
  const role = roleIn(viewer, orgId);
  if (!role || !roleAtLeast(role, 'editor')) throw new TRPCError({ code: 'FORBIDDEN', message: `Changing ${what} needs the editor role; yours is ${role ?? 'none'}.` });
}

/** The stricter of two sensitivities: a child-welfare institution stays restricted in a public file. */
export function stricter(a: Sensitivity, b: Sensitivity): Sensitivity {
  const rank: Record<Sensitivity, number> = { public: 0, internal: 1, restricted: 2 };
  return rank[a] >= rank[b] ? a : b;
}

/**
 * k of an organisation's small-count rule (server/domain/disclosure.ts): its own setting, never
 * below MIN_SUPPRESSION_K; the column's default (10) for an organisation that is not found.
 */
export async function suppressionKOf(db: Kysely<Database>, orgId: string): Promise<number> {
  const row = await db.selectFrom('organisations').select('suppression_k').where('id', '=', orgId).executeTakeFirst();
  return Math.max(MIN_SUPPRESSION_K, Number(row?.suppression_k ?? 10));
}
