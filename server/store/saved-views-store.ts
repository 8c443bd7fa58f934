import crypto from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import type { Db } from './db';
import type { Database } from './schema';
import { roleAtLeast, roleIn, visibleRecords, type Viewer } from './access';
import { checkViewQuery, ViewQueryError } from '../domain/view-query';

/** A named view of the map, as the client gets it. */
export interface SavedView {
  id: string;
  orgId: string;
  sensitivity: 'internal' | 'restricted';
  name: string;
  /** The link's query string, without its leading '?'. */
  query: string;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

// the columns a view is read with, never the whole row
const COLUMNS = ['id', 'org_id', 'sensitivity', 'name', 'query', 'created_by', 'created_at', 'updated_by', 'updated_at'] as const;
type Row = Pick<Database['saved_views'], (typeof COLUMNS)[number]>;

const toView = (r: Row): SavedView => ({
  id: r.id, orgId: r.org_id, sensitivity: r.sensitivity as SavedView['sensitivity'], name: r.name, query: r.query,
  createdBy: r.created_by, createdAt: r.created_at, updatedBy: r.updated_by, updatedAt: r.updated_at,
});

const notFound = (id: string) => new TRPCError({ code: 'NOT_FOUND', message: `No saved view '${id}'` });

/** Analysts (and stronger) of the acting organisation save, rename and delete its views. */
function assertCanWrite(viewer: Viewer, orgId: string, what: string) {
  if (orgId !== viewer.orgId) throw new TRPCError({ code: 'FORBIDDEN', message: `${what} belongs to another organisation; only its own analysts can change it.` });
  const role = roleIn(viewer, orgId);
  if (!role || !roleAtLeast(role, 'analyst')) throw new TRPCError({ code: 'FORBIDDEN', message: `Changing ${what} needs the analyst role; yours is ${role ?? 'none'}.` });
}

function checkedQuery(query: string): string {
  try {
    return checkViewQuery(query);
  } catch (err) {
    if (err instanceof ViewQueryError) throw new TRPCError({ code: 'BAD_REQUEST', message: err.message });
    throw err;
  }
}

/**
 * The organisations' saved views of the map. Each belongs to the organisation it was saved for and
 * is seen by its members (internal) or by its cleared roles (restricted), never by another one.
 */
export function createSavedViewsStore(handle: Db) {
  const { db } = handle;

  const visible = (conn: Kysely<Database>, viewer: Viewer) =>
    conn.selectFrom('saved_views').select(COLUMNS).where('saved_views.org_id', '=', viewer.orgId).where(visibleRecords('saved_views', viewer));

  async function nameTaken(conn: Kysely<Database>, orgId: string, name: string, except?: string) {
    let q = conn.selectFrom('saved_views').select('id').where('org_id', '=', orgId).where('name', '=', name);
    if (except) q = q.where('id', '!=', except);
    return !!(await q.executeTakeFirst());
  }
  const taken = (name: string) => new TRPCError({ code: 'CONFLICT', message: `A view named '${name}' is already saved for your organisation; choose another name.` });

  return {
    /** The acting organisation's views the viewer may see, by name. */
    async list(viewer: Viewer): Promise<SavedView[]> {
      return (await visible(db, viewer).orderBy('name').orderBy('id').execute()).map(toView);
    },

    async get(viewer: Viewer, id: string): Promise<SavedView | undefined> {
      const row = await visible(db, viewer).where('id', '=', id).executeTakeFirst();
      return row && toView(row);
    },

    /** Saves a view for the viewer's organisation; its name must be new there. */
    async create(viewer: Viewer, input: { name: string; query: string; sensitivity?: SavedView['sensitivity'] }): Promise<SavedView> {
      assertCanWrite(viewer, viewer.orgId, `The view '${input.name}'`);
      const query = checkedQuery(input.query);
      const now = new Date().toISOString();
      const row: Row = {
        id: `view-${crypto.randomUUID()}`, org_id: viewer.orgId, sensitivity: input.sensitivity ?? 'internal', name: input.name, query,
        created_by: viewer.email, created_at: now, updated_by: viewer.email, updated_at: now,
      };
      await db.transaction().execute(async (trx) => {
        if (await nameTaken(trx, viewer.orgId, input.name)) throw taken(input.name);
        await trx.insertInto('saved_views').values(row).execute();
      });
      return toView(row);
    },

    /** Renames a view of the viewer's organisation. */
    async rename(viewer: Viewer, id: string, name: string): Promise<{ before: SavedView; after: SavedView }> {
      return db.transaction().execute(async (trx) => {
        const row = await visible(trx, viewer).where('id', '=', id).executeTakeFirst();
        if (!row) throw notFound(id);
        assertCanWrite(viewer, row.org_id, `The view '${row.name}'`);
        if (await nameTaken(trx, row.org_id, name, id)) throw taken(name);
        const now = new Date().toISOString();
        await trx.updateTable('saved_views').set({ name, updated_by: viewer.email, updated_at: now }).where('id', '=', id).execute();
        return { before: toView(row), after: toView({ ...row, name, updated_by: viewer.email, updated_at: now }) };
      });
    },

    /** Deletes a view of the viewer's organisation. */
    async remove(viewer: Viewer, id: string): Promise<SavedView> {
      return db.transaction().execute(async (trx) => {
        const row = await visible(trx, viewer).where('id', '=', id).executeTakeFirst();
        if (!row) throw notFound(id);
        assertCanWrite(viewer, row.org_id, `The view '${row.name}'`);
        await trx.deleteFrom('saved_views').where('id', '=', id).execute();
        return toView(row);
      });
    },
  };
}

export type SavedViewsStore = ReturnType<typeof createSavedViewsStore>;
