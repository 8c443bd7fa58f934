import crypto from 'node:crypto';
import { TRPCError } from '@trpc/server';
import type { Kysely } from 'kysely';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { Db } from './db';
import type { Database } from './schema';
import { canSee, hasClearance, roleIn, visibleDatasets, type Viewer, suppressionKOf, assertCanEdit, visibleRecords } from './access';
import type { InterventionsStore, Intervention } from './interventions-store';
import type { FactorsStore } from './factors-store';
import type { RiskStore } from './risk-store';
import { generaliseSites } from '../domain/generalise';
import { PolygonIndex } from '../domain/polygon-index';
import { DEMAND_FOR_SEC_ID } from '../domain/risk/demand-for-sec';
import { bboxOf, clipRingToBox, issuesMessage, planInputSchema, planPatchSchema, type BBox, type PlanInput, type PlanItemFields, type PlanPatch } from '../domain/plans';
import { BORDER_KM } from '../domain/zone-widths';
import type { Sensitivity } from '../domain/types';

/** One row of a plan as the API returns it: the intervention as the viewer may see it (null when they may not, or it is gone). */
export interface PlanItem {
  interventionId: string;
  intervention: Pick<Intervention, 'id' | 'title' | 'actionArea' | 'strategy' | 'status' | 'partner' | 'startDate' | 'endDate' | 'orgId'> | null;
  responsibility: string;
  startDate: string | null;
  endDate: string | null;
  notes: string;
}

/** One plan as the API returns it. */
export interface Plan {
  id: string;
  orgId: string;
  sensitivity: Sensitivity;
  title: string;
  area: { boundarySetId: string; code: string; name: string | null };
  notes: string;
  items: PlanItem[];
  version: number;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/** What `update` refused and why: the plan as it is now, and who changed it when (as interventions do). */
export interface PlanConflict {
  yourVersion: number;
  current: Plan;
  changedBy: string;
  changedAt: string;
  /** The other person's change (from the audit log): field → { from, to }. */
  change: Record<string, { from: unknown; to: unknown }> | null;
}

/** A site of the inventory: as it is, or (restricted, for a viewer without clearance) its H3 cell with a protected count. */
export interface InventorySite {
  name: string | null;
  category: string;
  /** The dataset's name (its source is in `sources`). */
  source: string;
  datasetId: string;
  lng: number;
  lat: number;
  /** Set for a generalised cell: the sites it stands for (null when under k, then `below`). */
  count?: number | null;
  below?: number;
  cell?: string;
}

type Row = Database['plans'] & { version: number; notes: string };

/** The access rule of access.ts as a WHERE clause on `plans` (visibleRecords). */
export const visiblePlans = (viewer: Viewer) => visibleRecords('plans', viewer);

const notFound = (id: string) => new TRPCError({ code: 'NOT_FOUND', message: `No plan '${id}'` });
const badField = (path: (string | number)[], message: string) => new TRPCError({ code: 'BAD_REQUEST', message: `${path.join('.')}: ${message}` });

const assertWritable = assertCanEdit;

const chunks = <T>(list: T[], size = 500): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

/** Most sites the inventory lists by name (the counts by category cover them all). */
export const INVENTORY_SITE_LIST_MAX = 500;

export interface PlansStoreOptions {
  interventions: InterventionsStore;
  factors: FactorsStore;
  risk: RiskStore;
  /** The borderland zone at a width (layers-store.borderlandZone). */
  borderlandZone?(radiusKm: number): Promise<Polygon | MultiPolygon>;
  /** H3 resolution restricted sites are generalised to (as datasets-store). @default 5 */
  h3Resolution?: number;
}

/**
 * Local safety-net plans (issue 10): a municipality's interventions with who is responsible and
 * when. Every read takes the viewer (access.ts's rule, on the plan and on each intervention it
 * names); writes need an editor of the owning organisation and run in one transaction, new
 * interventions of the plan included. `update` takes the version the change was made from and
 * refuses a stale one with CONFLICT carrying the current plan and the other change. The
 * inventory is what the plan is made from: the area's sites, zones, indicators, risk score,
 * interventions and the suggestions not yet covered, protected as every other read is.
 */
export function createPlansStore(handle: Db, options: PlansStoreOptions) {
  const { db } = handle;
  const { interventions } = options;

  async function areaOf(conn: Kysely<Database>, viewer: Viewer, boundarySetId: string, code: string) {
    return conn
      .selectFrom('areas')
      .innerJoin('boundary_sets', 'boundary_sets.id', 'areas.boundary_set_id')
      .innerJoin('datasets', 'datasets.id', 'boundary_sets.dataset_id')
      .select(['areas.code', 'areas.name', 'areas.geometry', 'areas.min_lng', 'areas.min_lat', 'areas.max_lng', 'areas.max_lat', 'boundary_sets.name as set_name', 'datasets.id as dataset_id', 'datasets.name as dataset_name', 'datasets.source', 'datasets.licence', 'datasets.data_date'])
      .where('areas.boundary_set_id', '=', boundarySetId)
      .where('areas.code', '=', code)
      .where(visibleDatasets(viewer))
      .executeTakeFirst();
  }

  async function toRecords(conn: Kysely<Database>, viewer: Viewer, rows: Row[]): Promise<Plan[]> {
    if (!rows.length) return [];
    const items = new Map<string, Database['plan_items'][]>();
    for (const part of chunks(rows.map((r) => r.id))) {
      const found = await conn.selectFrom('plan_items').select(['plan_id', 'position', 'intervention_id', 'responsibility', 'start_date', 'end_date', 'notes']).where('plan_id', 'in', part).orderBy('plan_id').orderBy('position').execute();
      for (const i of found) (items.get(i.plan_id) ?? items.set(i.plan_id, []).get(i.plan_id)!).push(i as never);
    }
    const ids = [...new Set([...items.values()].flat().map((i) => i.intervention_id))];
    // read with the caller's connection: inside a transaction, another one would wait for it (SQLite)
    const seen = new Map<string, NonNullable<PlanItem['intervention']>>();
    for (const part of chunks(ids)) {
      const found = await conn
        .selectFrom('interventions')
        .select(['id', 'org_id', 'sensitivity', 'title', 'action_area', 'strategy', 'status', 'partner', 'start_date', 'end_date'])
        .where('id', 'in', part)
        .execute();
      for (const r of found) {
        if (!canSee(viewer, r)) continue;
        seen.set(r.id, { id: r.id, orgId: r.org_id, title: r.title, actionArea: r.action_area as Intervention['actionArea'], strategy: r.strategy as Intervention['strategy'], status: r.status as Intervention['status'], partner: r.partner, startDate: r.start_date, endDate: r.end_date });
      }
    }
    const names = new Map<string, string>();
    for (const r of rows) {
      const key = `${r.boundary_set_id}|${r.area_code}`;
      if (!names.has(key)) {
        const a = await areaOf(conn, viewer, r.boundary_set_id, r.area_code);
        if (a) names.set(key, a.name);
      }
    }
    return rows.map((r) => ({
      id: r.id, orgId: r.org_id, sensitivity: r.sensitivity, title: r.title,
      area: { boundarySetId: r.boundary_set_id, code: r.area_code, name: names.get(`${r.boundary_set_id}|${r.area_code}`) ?? null },
      notes: r.notes,
      items: (items.get(r.id) ?? []).map((i) => {
        return {
          interventionId: i.intervention_id,
          intervention: seen.get(i.intervention_id) ?? null,
          responsibility: i.responsibility as unknown as string, startDate: i.start_date, endDate: i.end_date, notes: i.notes as unknown as string,
        };
      }),
      version: Number(r.version), createdBy: r.created_by, createdAt: r.created_at, updatedBy: r.updated_by, updatedAt: r.updated_at,
    }));
  }

  async function loadOne(conn: Kysely<Database>, viewer: Viewer, id: string): Promise<Plan | undefined> {
    const row = await conn.selectFrom('plans').select(['id', 'org_id', 'sensitivity', 'title', 'boundary_set_id', 'area_code', 'notes', 'version', 'created_by', 'created_at', 'updated_by', 'updated_at']).where('id', '=', id).executeTakeFirst();
    if (!row || !canSee(viewer, row)) return undefined;
    return (await toRecords(conn, viewer, [row as Row]))[0];
  }

  /**
   * The rows to write: new interventions created (in `trx`), existing ones checked to be visible.
   * Returns the rows and the ids of the interventions created, for the audit log.
   */
  async function resolveItems(trx: Kysely<Database>, viewer: Viewer, items: PlanItemFields[]) {
    const rows: { intervention_id: string; responsibility: string; start_date: string | null; end_date: string | null; notes: string }[] = [];
    const created: { id: string; title: string; actionArea: string; status: string }[] = [];
    for (const [i, item] of items.entries()) {
      let id = item.interventionId;
      if (!id) {
        try {
          id = await interventions.createWithin(trx, viewer, item.newIntervention as never, { source: 'plan' });
        } catch (err) {
          if (err instanceof TRPCError) throw new TRPCError({ code: err.code, message: `items.${i}.newIntervention.${err.message}` });
          throw err;
        }
        const n = item.newIntervention!;
        created.push({ id, title: n.title, actionArea: n.actionArea, status: n.status ?? 'planned' });
      } else {
        const row = await trx.selectFrom('interventions').select(['id', 'org_id', 'sensitivity']).where('id', '=', id).executeTakeFirst();
        if (!row || !canSee(viewer, row)) throw badField(['items', i, 'interventionId'], `no intervention '${id}'`);
      }
      rows.push({ intervention_id: id, responsibility: item.responsibility, start_date: item.startDate, end_date: item.endDate, notes: item.notes });
    }
    return { rows, created };
  }

  async function writeItems(trx: Kysely<Database>, planId: string, rows: Awaited<ReturnType<typeof resolveItems>>['rows']) {
    await trx.deleteFrom('plan_items').where('plan_id', '=', planId).execute();
    for (const part of chunks(rows.map((r, position) => ({ ...r, plan_id: planId, position })))) await trx.insertInto('plan_items').values(part).execute();
  }

  /** Rows as compared and recorded in the history (without the names the viewer may see). */
  const itemsOf = (p: Plan) => p.items.map((i) => ({ interventionId: i.interventionId, responsibility: i.responsibility, startDate: i.startDate, endDate: i.endDate, notes: i.notes }));

  async function lastChange(id: string): Promise<PlanConflict['change']> {
    const row = await db.selectFrom('audit_events').select('detail').where('target', '=', id).where('action', '=', 'plan.update').orderBy('id', 'desc').limit(1).executeTakeFirst();
    const detail = row?.detail ? (JSON.parse(row.detail) as { changes?: PlanConflict['change'] }) : null;
    return detail?.changes ?? null;
  }

  async function conflict(viewer: Viewer, id: string, yourVersion: number): Promise<TRPCError> {
    const current = (await loadOne(db, viewer, id))!;
    const info: PlanConflict = { yourVersion, current, changedBy: current.updatedBy, changedAt: current.updatedAt, change: await lastChange(id) };
    const message = `'${current.title}' was changed by ${current.updatedBy} at ${current.updatedAt} since you opened it (your version ${yourVersion}, now ${current.version}); look at both and save again.`;
    return new TRPCError({ code: 'CONFLICT', message, cause: Object.assign(new Error(message), { conflict: info }) });
  }

  function suppressionK(orgId: string): Promise<number> {
    return suppressionKOf(db, orgId);
  }

  /** Sites of the visible site layers inside the area; restricted ones generalised for viewers without clearance. */
  async function sitesInside(viewer: Viewer, geometry: Polygon | MultiPolygon, [x0, y0, x1, y1]: BBox) {
    const datasets = await db.selectFrom('datasets').select(['id', 'name', 'org_id', 'sensitivity', 'clearance_roles', 'source', 'licence', 'data_date']).where('kind', '=', 'sites').where('hidden', '=', 0).where(visibleDatasets(viewer)).orderBy('name').execute();
    const index = new PolygonIndex([geometry]);
    const out: InventorySite[] = [];
    const used: typeof datasets = [];
    let generalised: { resolution: number; k: number; cells: number } | null = null;
    for (const d of datasets) {
      const rows = await db
        .selectFrom('sites')
        .select(['name', 'category', 'lng', 'lat', 'sensitivity'])
        .where('dataset_id', '=', d.id)
        .where('lat', '>=', y0)
        .where('lat', '<=', y1)
        .where((eb) => eb.or([0, 360, -360].map((shift) => eb.and([eb('lng', '>=', x0 - shift), eb('lng', '<=', x1 - shift)]))))
        .orderBy('id')
        .execute();
      const inside = rows.filter((s) => index.locate(Number(s.lng), Number(s.lat)) === 0);
      if (!inside.length) continue;
      used.push(d);
      const restricted = inside.map((s) => s.sensitivity === 'restricted');
      const columns = { names: inside.map((s) => s.name), categories: inside.map((s) => s.category), coordinates: inside.flatMap((s) => [Number(s.lng), Number(s.lat)]) };
      if (restricted.some(Boolean) && !hasClearance(viewer, d)) {
        const g = generaliseSites(columns, restricted, { resolution: options.h3Resolution ?? 5, k: await suppressionK(d.org_id) });
        generalised = { ...g.generalised, cells: ((generalised as { cells: number } | null)?.cells ?? 0) + g.generalised.cells };
        g.names.forEach((name, i) => {
          const site: InventorySite = { name: name || null, category: g.categories[i], source: d.name, datasetId: d.id, lng: g.coordinates[2 * i], lat: g.coordinates[2 * i + 1] };
          if (g.cells[i]) Object.assign(site, { cell: g.cells[i], count: g.below[i] ? null : g.counts[i], ...(g.below[i] ? { below: g.below[i] } : {}) });
          out.push(site);
        });
      } else {
        inside.forEach((s) => out.push({ name: s.name, category: s.category, source: d.name, datasetId: d.id, lng: Number(s.lng), lat: Number(s.lat) }));
      }
    }
    out.sort((a, b) => a.category.localeCompare(b.category) || (a.name ?? '').localeCompare(b.name ?? ''));
    return { sites: out, datasets: used, generalised };
  }

  const columns = ['id', 'org_id', 'sensitivity', 'title', 'boundary_set_id', 'area_code', 'notes', 'version', 'created_by', 'created_at', 'updated_by', 'updated_at'] as const;

  const store = {
    /** The plans the viewer may see, newest change first; of one municipality when `area` is given. */
    async list(viewer: Viewer, filter: { area?: { boundarySetId: string; code: string }; limit?: number } = {}): Promise<Plan[]> {
      let q = db.selectFrom('plans').select(columns).where(visiblePlans(viewer));
      if (filter.area) q = q.where('boundary_set_id', '=', filter.area.boundarySetId).where('area_code', '=', filter.area.code);
      const rows = await q.orderBy('updated_at', 'desc').orderBy('id').limit(Math.min(filter.limit ?? 200, 1000)).execute();
      return toRecords(db, viewer, rows as Row[]);
    },

    get: (viewer: Viewer, id: string) => loadOne(db, viewer, id),

    /** Creates a plan owned by the viewer's organisation (editors), with its new interventions, in one transaction. */
    async create(viewer: Viewer, input: PlanInput) {
      assertWritable(viewer, viewer.orgId, 'This organisation’s plans');
      const parsed = planInputSchema.safeParse(input);
      if (!parsed.success) throw new TRPCError({ code: 'BAD_REQUEST', message: issuesMessage(parsed.error), cause: parsed.error });
      const fields = parsed.data;
      const { id, created } = await db.transaction().execute(async (trx) => {
        if (!(await areaOf(trx, viewer, fields.boundarySetId, fields.areaCode))) throw badField(['areaCode'], `no area '${fields.areaCode}' in boundary set '${fields.boundarySetId}'`);
        const { rows, created } = await resolveItems(trx, viewer, fields.items);
        const id = `plan-${crypto.randomBytes(9).toString('hex')}`;
        const now = new Date().toISOString();
        await trx.insertInto('plans').values({
          id, org_id: viewer.orgId, sensitivity: fields.sensitivity, title: fields.title, boundary_set_id: fields.boundarySetId, area_code: fields.areaCode,
          notes: fields.notes, version: 1, created_by: viewer.email, created_at: now, updated_by: viewer.email, updated_at: now,
        }).execute();
        await writeItems(trx, id, rows);
        return { id, created };
      });
      return { record: (await loadOne(db, viewer, id))!, created };
    },

    /**
     * Changes the fields in `patch` of a plan saved from `version` (rows are given whole). A stale
     * version is refused with CONFLICT, its cause carrying `{ conflict: PlanConflict }`; nothing
     * is written, no intervention created.
     */
    async update(viewer: Viewer, id: string, version: number, patch: PlanPatch) {
      const parsed = planPatchSchema.safeParse(patch);
      if (!parsed.success) throw new TRPCError({ code: 'BAD_REQUEST', message: issuesMessage(parsed.error), cause: parsed.error });
      const p = parsed.data;
      const outcome = await db.transaction().execute(async (trx) => {
        const current = await loadOne(trx, viewer, id);
        if (!current) throw notFound(id);
        assertWritable(viewer, current.orgId, `Plan '${current.title}'`);
        if (current.version !== version) return { stale: true as const };
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        const set: Record<string, unknown> = {};
        for (const field of ['title', 'notes', 'sensitivity'] as const) {
          if (p[field] !== undefined && p[field] !== current[field]) {
            changes[field] = { from: current[field], to: p[field] };
            set[field] = p[field];
          }
        }
        let created: Awaited<ReturnType<typeof resolveItems>>['created'] = [];
        let rows: Awaited<ReturnType<typeof resolveItems>>['rows'] | null = null;
        if (p.items) {
          const resolved = await resolveItems(trx, viewer, p.items);
          created = resolved.created;
          const after = resolved.rows.map((r) => ({ interventionId: r.intervention_id, responsibility: r.responsibility, startDate: r.start_date, endDate: r.end_date, notes: r.notes }));
          if (JSON.stringify(after) !== JSON.stringify(itemsOf(current))) {
            changes.items = { from: itemsOf(current), to: after };
            rows = resolved.rows;
          }
        }
        if (!Object.keys(changes).length) return { stale: false as const, changes, created };
        const result = await trx
          .updateTable('plans')
          .set({ ...set, version: version + 1, updated_by: viewer.email, updated_at: new Date().toISOString() })
          .where('id', '=', id)
          .where('version', '=', version)
          .executeTakeFirst();
        // of two saves from the same version, one writes; the other's interventions roll back with it
        if (Number(result.numUpdatedRows) !== 1) throw Object.assign(new Error('stale'), { stalePlan: true });
        if (rows) await writeItems(trx, id, rows);
        return { stale: false as const, changes, created };
      }).catch((err) => {
        if ((err as { stalePlan?: boolean }).stalePlan) return { stale: true as const };
        throw err;
      });
      if (outcome.stale) throw await conflict(viewer, id, version);
      return { record: (await loadOne(db, viewer, id))!, changes: outcome.changes, created: outcome.created };
    },

    /**
     * Deletes a plan and its rows (editors of the owning organisation), in one transaction; its
     * interventions stay, as they may serve other plans. With `version`, a plan changed since is
     * refused with CONFLICT as an update is, and nothing is deleted.
     */
    async remove(viewer: Viewer, id: string, version?: number): Promise<Plan> {
      const outcome = await db.transaction().execute(async (trx) => {
        const current = await loadOne(trx, viewer, id);
        if (!current) throw notFound(id);
        assertWritable(viewer, current.orgId, `Plan '${current.title}'`);
        if (version !== undefined && current.version !== version) return { stale: true as const };
        await trx.deleteFrom('plan_items').where('plan_id', '=', id).execute();
        const result = await trx.deleteFrom('plans').where('id', '=', id).where('version', '=', current.version).executeTakeFirst();
        if (Number(result.numDeletedRows) !== 1) throw Object.assign(new Error('stale'), { stalePlan: true });
        return { stale: false as const, record: current };
      }).catch((err) => {
        if ((err as { stalePlan?: boolean }).stalePlan) return { stale: true as const };
        throw err;
      });
      if (outcome.stale) {
        // deleted meanwhile by someone else: gone, not changed
        if (!(await loadOne(db, viewer, id))) throw notFound(id);
        throw await conflict(viewer, id, version ?? 0);
      }
      return outcome.record;
    },

    /** Who changed what and when, oldest first (the audit log); for the owning organisation's members. */
    async history(viewer: Viewer, id: string) {
      const current = await loadOne(db, viewer, id);
      if (!current) throw notFound(id);
      if (!roleIn(viewer, current.orgId)) throw new TRPCError({ code: 'FORBIDDEN', message: `The history of '${current.title}' is for members of the organisation that owns it.` });
      const rows = await db.selectFrom('audit_events').select(['id', 'at', 'email', 'action', 'detail']).where('target', '=', id).where('org_id', '=', current.orgId).where('action', 'like', 'plan.%').orderBy('id').execute();
      return rows.map((r) => ({ at: r.at, email: r.email, action: r.action, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null }));
    },

    /**
     * What a municipality's plan is made from, as the viewer may see it: the area (with its
     * geometry for the map), its sites by category (protected counts) and listed (name, category,
     * source; restricted ones as H3 cells for viewers without clearance), the borderland share and
     * the part of the zone over it, the imported indicators (each one's latest period) and the
     * derived factors, the risk score of the built-in model (or `modelId`) when it scores the area,
     * the interventions covering it and the suggestions none covers yet, and the sources of all of it.
     */
    async inventory(viewer: Viewer, boundarySetId: string, code: string, opts: { borderKm?: number; modelId?: string } = {}) {
      const area = await areaOf(db, viewer, boundarySetId, code);
      if (!area) throw new TRPCError({ code: 'NOT_FOUND', message: `No area '${code}' in boundary set '${boundarySetId}'` });
      const geometry = JSON.parse(area.geometry) as Polygon | MultiPolygon;
      const bbox: BBox = [Number(area.min_lng), Number(area.min_lat), Number(area.max_lng), Number(area.max_lat)];
      const borderKm = opts.borderKm ?? BORDER_KM;

      const suggested = await interventions.suggestions(viewer, boundarySetId, code, { borderKm });
      const { sites, datasets: siteDatasets, generalised } = await sitesInside(viewer, geometry, bbox);

      // the part of the borderland zone over the area's frame (clipped to its box; the map clips it to the outline)
      let borderlandPart: MultiPolygon | null = null;
      if (options.borderlandZone && suggested.borderland && suggested.borderland.share > 0) {
        const zone = await options.borderlandZone(borderKm);
        const polys = zone.type === 'Polygon' ? [zone.coordinates] : zone.coordinates;
        const pad = Math.max(bbox[2] - bbox[0], bbox[3] - bbox[1]) * 0.02;
        const frame: BBox = [bbox[0] - pad, bbox[1] - pad, bbox[2] + pad, bbox[3] + pad];
        const parts: Position[][][] = [];
        for (const poly of polys) {
          const [a, b, c, d] = bboxOf([{ type: 'Polygon', coordinates: poly }]);
          if (c < frame[0] || a > frame[2] || d < frame[1] || b > frame[3]) continue;
          const rings = poly.map((r) => clipRingToBox(r, frame)).filter((r) => r.length);
          if (rings.length && poly[0] && clipRingToBox(poly[0], frame).length) parts.push(rings);
        }
        borderlandPart = parts.length ? { type: 'MultiPolygon', coordinates: parts } : null;
      }

      // imported indicators of the area: each indicator's latest period, from datasets the viewer may see
      const observations = await db
        .selectFrom('observations')
        .innerJoin('indicators', 'indicators.id', 'observations.indicator_id')
        .innerJoin('datasets', 'datasets.id', 'observations.dataset_id')
        .select(['indicators.name', 'indicators.unit', 'observations.period', 'observations.value', 'datasets.id as dataset_id', 'datasets.name as dataset_name', 'datasets.source', 'datasets.licence', 'datasets.data_date'])
        .where('observations.boundary_set_id', '=', boundarySetId)
        .where('observations.area_code', '=', code)
        .where('datasets.id', 'not like', 'factors:%')
        .where(visibleDatasets(viewer))
        .orderBy('indicators.name')
        .orderBy('observations.period', 'desc')
        .execute();
      const indicators: { name: string; unit: string; period: string; value: number; source: string }[] = [];
      const obsDatasets = new Map<string, { id: string; name: string; source: string; licence: string; data_date: string | null }>();
      for (const o of observations) {
        if (indicators.some((i) => i.name === o.name && i.source === o.dataset_name)) continue;
        indicators.push({ name: o.name, unit: o.unit, period: o.period, value: Number(o.value), source: o.dataset_name });
        obsDatasets.set(o.dataset_id, { id: o.dataset_id, name: o.dataset_name, source: o.source, licence: o.licence, data_date: o.data_date });
      }
      const factors = await options.factors.get(viewer, boundarySetId, code);

      // the risk score, when the model scores this area
      const { sources: riskSources, ...score } = await options.risk.areaScore(viewer, opts.modelId ?? DEMAND_FOR_SEC_ID, boundarySetId, code);
      const risk = score.score === null || score.modelName === null ? null : { modelId: score.modelId, modelName: score.modelName, score: score.score, class: score.class, rank: score.rank, of: score.of, reliability: score.reliability! };

      // the interventions that reach the area (coverage's rule: status, share of a drawn zone)
      const coverage = await interventions.coverage(viewer, boundarySetId);
      const mine = coverage.areas.find((a) => a.code === code);
      const covering: (Pick<Intervention, 'id' | 'title' | 'actionArea' | 'status' | 'partner' | 'startDate' | 'endDate' | 'orgId'> & { share: number })[] = [];
      for (const c of mine?.interventions ?? []) {
        const iv = await interventions.get(viewer, c.id);
        if (iv) covering.push({ id: iv.id, title: iv.title, actionArea: iv.actionArea, status: iv.status, partner: iv.partner, startDate: iv.startDate, endDate: iv.endDate, orgId: iv.orgId, share: c.share });
      }
      covering.sort((a, b) => a.actionArea.localeCompare(b.actionArea, undefined, { numeric: true }) || a.title.localeCompare(b.title));

      const sources = [
        { id: area.dataset_id, name: area.dataset_name, source: area.source, licence: area.licence, dataDate: area.data_date, use: 'boundaries' as const },
        ...siteDatasets.map((d) => ({ id: d.id, name: d.name, source: d.source, licence: d.licence, dataDate: d.data_date, use: 'sites' as const })),
        ...[...obsDatasets.values()].map((d) => ({ id: d.id, name: d.name, source: d.source, licence: d.licence, dataDate: d.data_date, use: 'indicators' as const })),
      ];

      return {
        area: { boundarySetId, setName: area.set_name, code: area.code, name: area.name, geometry, bbox },
        sites: {
          byCategory: suggested.sites,
          list: sites.slice(0, INVENTORY_SITE_LIST_MAX),
          listed: Math.min(sites.length, INVENTORY_SITE_LIST_MAX),
          listTruncated: sites.length > INVENTORY_SITE_LIST_MAX,
          generalised,
        },
        borderland: suggested.borderland,
        borderlandPart,
        indicators,
        factors: factors ? { computedAt: factors.computedAt, protected: factors.protected, values: factors.values } : null,
        risk,
        riskSources,
        interventions: covering,
        suggestions: suggested.suggestions.filter((s) => s.coveredBy.length === 0),
        covered: suggested.suggestions.filter((s) => s.coveredBy.length > 0).map((s) => ({ code: s.code, title: s.title, coveredBy: s.coveredBy })),
        sources,
        /** Restricted datasets this inventory read (the router audits them). */
        restrictedRead: [...siteDatasets.filter((d) => d.sensitivity === 'restricted').map((d) => d.id), ...riskSources.filter((s) => s.sensitivity === 'restricted').map((s) => s.datasetId)],
      };
    },
  };
  return store;
}

export type PlansStore = ReturnType<typeof createPlansStore>;
export type PlanInventory = Awaited<ReturnType<PlansStore['inventory']>>;
