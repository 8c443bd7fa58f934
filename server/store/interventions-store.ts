import crypto from 'node:crypto';
import { TRPCError } from '@trpc/server';
import { sql, type Kysely } from 'kysely';
import type { MultiPolygon, Polygon } from 'geojson';
import type { Db } from './db';
import type { Database } from './schema';
import { canSee, hasClearance, roleIn, visibleDatasets, type Viewer, suppressionKOf, assertCanEdit, visibleRecords } from './access';
import { protectCount } from '../domain/disclosure';
import { STRATEGY_CODES, type ActionAreaCode, type AudienceId, type StrategyCode } from '../domain/action-areas';
import { summarise3w } from '../domain/intervention-3w';
import { progressSeries } from '../domain/intervention-progress';
import {
  interventionFieldsSchema, interventionInputSchema, strategyOf, zoneGeometry,
  type ImportedIntervention, type InterventionFields, type InterventionPatch, type InterventionStatus, type InterventionTarget, type ReachEntryInput, reachEntrySchema,
} from '../domain/interventions';
import {
  computeCoverage, prepareCoverageAreas, DEFAULT_STATUS_WEIGHTS,
  type CoverageAreas, type CoverageIntervention, type CoverageOptions, type CoverageTarget,
} from '../domain/intervention-coverage';
import { suggestForArea, type SuggestionTrigger } from '../domain/intervention-suggestions';
import { zoneShares } from '../domain/zone-shares';
import { PolygonIndex } from '../domain/polygon-index';
import type { Sensitivity } from '../domain/types';
import { BORDER_KM } from '../domain/zone-widths';

/** A target as the API returns it: what was chosen, with the names the viewer may see. */
export type InterventionTargetOut =
  | { kind: 'area'; boundarySetId: string; code: string; name: string | null }
  /** lng/lat only when the viewer may see the site at full precision. */
  | { kind: 'site'; siteId: number; name: string | null; category: string | null; lng?: number; lat?: number }
  | { kind: 'polygon'; geometry?: Polygon | MultiPolygon; label?: string }
  | { kind: 'circle'; center: [number, number]; radiusM: number; label?: string };

/** One intervention as the API returns it (no database row is sent whole). */
export interface Intervention {
  id: string;
  orgId: string;
  sensitivity: Sensitivity;
  title: string;
  actionArea: ActionAreaCode;
  strategy: StrategyCode;
  audiences: AudienceId[];
  targets: InterventionTargetOut[];
  partner: string | null;
  status: InterventionStatus;
  startDate: string | null;
  endDate: string | null;
  budget: number | null;
  currency: string | null;
  reachTarget: number | null;
  notes: string;
  version: number;
  source: string;
  importRunId: string | null;
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

/** What `update` refused and why: the record as it is now, and who changed it when. */
export interface InterventionConflict {
  yourVersion: number;
  current: Intervention;
  changedBy: string;
  changedAt: string;
  /** The other person's change (from the audit log): field → { from, to }. */
  change: Record<string, { from: unknown; to: unknown }> | null;
}

export interface InterventionFilter {
  strategy?: StrategyCode;
  actionArea?: ActionAreaCode;
  status?: InterventionStatus[];
  audience?: AudienceId;
  /** Part of the partner's name, any case. */
  partner?: string;
  /** Interventions whose dates overlap this period (an open end overlaps everything after). */
  from?: string;
  to?: string;
  /** Interventions that target this area directly. */
  area?: { boundarySetId: string; code: string };
  limit?: number;
}

/** Field names of the API ↔ columns. */
const COLUMNS = {
  title: 'title', actionArea: 'action_area', partner: 'partner', status: 'status', startDate: 'start_date', endDate: 'end_date',
  budget: 'budget', currency: 'currency', reachTarget: 'reach_target', notes: 'notes', sensitivity: 'sensitivity',
} as const;
type ScalarField = keyof typeof COLUMNS;

type Row = Database['interventions'] & { version: number; notes: string; source: string };
type TargetRow = Omit<Database['intervention_targets'], 'id'> & { id: number };

/** The access rule of access.ts as a WHERE clause on `interventions` (visibleRecords). */
export const visibleInterventions = (viewer: Viewer) => visibleRecords('interventions', viewer);

const notFound = (id: string) => new TRPCError({ code: 'NOT_FOUND', message: `No intervention '${id}'` });
const badField = (path: (string | number)[], message: string) =>
  new TRPCError({ code: 'BAD_REQUEST', message: `${path.join('.')}: ${message}` });

const assertWritable = assertCanEdit;

const chunks = <T>(list: T[], size = 2000): T[][] => Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

export interface InterventionsStoreOptions {
  /** The borderland zone at a width (layers-store.borderlandZone), for suggestions; none when absent. */
  borderlandZone?(radiusKm: number): Promise<Polygon | MultiPolygon>;
}

/**
 * Interventions: who does what, where (issue 10). Every read takes the viewer and returns only
 * what access.ts's rule lets them see; every write needs an editor of the owning organisation
 * and runs in one transaction. `update` takes the version the change was made from and refuses a
 * stale one with CONFLICT, carrying the current record and who changed it when. Coverage and
 * suggestions are derived from the interventions the viewer may see.
 */
export function createInterventionsStore(handle: Db, options: InterventionsStoreOptions = {}) {
  const { db } = handle;
  // Prepared areas of the last boundary sets asked for coverage (edges, areas, point index).
  const areaCache = new Map<string, Promise<{ areas: CoverageAreas; names: Map<string, string> }>>();

  async function rowsToRecords(conn: Kysely<Database>, viewer: Viewer, rows: Row[], opts: { geometry: boolean }): Promise<Intervention[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const audiences = new Map<string, AudienceId[]>();
    const targets = new Map<string, TargetRow[]>();
    for (const part of chunks(ids)) {
      for (const a of await conn.selectFrom('intervention_audiences').select(['intervention_id', 'audience']).where('intervention_id', 'in', part).orderBy('audience').execute()) {
        (audiences.get(a.intervention_id) ?? audiences.set(a.intervention_id, []).get(a.intervention_id)!).push(a.audience as AudienceId);
      }
      for (const t of await conn.selectFrom('intervention_targets').selectAll().where('intervention_id', 'in', part).orderBy('intervention_id').orderBy('position').execute()) {
        (targets.get(t.intervention_id) ?? targets.set(t.intervention_id, []).get(t.intervention_id)!).push(t as TargetRow);
      }
    }
    const all = [...targets.values()].flat();
    const areaNames = await namesOfAreas(conn, viewer, all.filter((t) => t.kind === 'area').map((t) => ({ set: t.boundary_set_id!, code: t.area_code! })));
    const sites = await sitesSeen(conn, viewer, all.filter((t) => t.kind === 'site').map((t) => Number(t.site_id)));
    return rows.map((r) => ({
      id: r.id, orgId: r.org_id, sensitivity: r.sensitivity, title: r.title, actionArea: r.action_area as ActionAreaCode, strategy: r.strategy as StrategyCode,
      audiences: audiences.get(r.id) ?? [],
      targets: (targets.get(r.id) ?? []).map((t) => targetOut(t, areaNames, sites, opts.geometry)),
      partner: r.partner, status: r.status as InterventionStatus, startDate: r.start_date, endDate: r.end_date,
      budget: r.budget === null ? null : Number(r.budget), currency: r.currency, reachTarget: r.reach_target === null ? null : Number(r.reach_target),
      notes: r.notes, version: Number(r.version), source: r.source, importRunId: r.import_run_id,
      createdBy: r.created_by, createdAt: r.created_at, updatedBy: r.updated_by, updatedAt: r.updated_at,
    }));
  }

  function targetOut(t: TargetRow, areaNames: Map<string, string>, sites: Map<number, SiteSeen>, withGeometry: boolean): InterventionTargetOut {
    const label = t.label ?? undefined;
    if (t.kind === 'area') return { kind: 'area', boundarySetId: t.boundary_set_id!, code: t.area_code!, name: areaNames.get(`${t.boundary_set_id}|${t.area_code}`) ?? null };
    if (t.kind === 'site') {
      const s = sites.get(Number(t.site_id));
      return { kind: 'site', siteId: Number(t.site_id), name: s?.name ?? null, category: s?.category ?? null, ...(s?.precise ? { lng: s.lng, lat: s.lat } : {}) };
    }
    if (t.kind === 'circle') return { kind: 'circle', center: [Number(t.lng), Number(t.lat)], radiusM: Number(t.radius_m), ...(label ? { label } : {}) };
    return { kind: 'polygon', ...(withGeometry ? { geometry: JSON.parse(t.geometry!) as Polygon | MultiPolygon } : {}), ...(label ? { label } : {}) };
  }

  /** Names of areas in boundary sets the viewer may see, keyed `set|code`. */
  async function namesOfAreas(conn: Kysely<Database>, viewer: Viewer, keys: { set: string; code: string }[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const bySet = new Map<string, Set<string>>();
    for (const k of keys) (bySet.get(k.set) ?? bySet.set(k.set, new Set()).get(k.set)!).add(k.code);
    for (const [set, codes] of bySet) {
      for (const part of chunks([...codes])) {
        const rows = await conn
          .selectFrom('areas')
          .innerJoin('boundary_sets', 'boundary_sets.id', 'areas.boundary_set_id')
          .innerJoin('datasets', 'datasets.id', 'boundary_sets.dataset_id')
          .select(['areas.code', 'areas.name'])
          .where('areas.boundary_set_id', '=', set)
          .where('areas.code', 'in', part)
          .where(visibleDatasets(viewer))
          .execute();
        for (const r of rows) out.set(`${set}|${r.code}`, r.name);
      }
    }
    return out;
  }

  interface SiteSeen { name: string; category: string; lng: number; lat: number; precise: boolean }
  /** Sites of datasets the viewer may see; `precise` when a restricted point may reach them at full precision. */
  async function sitesSeen(conn: Kysely<Database>, viewer: Viewer, ids: number[]): Promise<Map<number, SiteSeen>> {
    const out = new Map<number, SiteSeen>();
    for (const part of chunks([...new Set(ids)])) {
      const rows = await conn
        .selectFrom('sites')
        .innerJoin('datasets', 'datasets.id', 'sites.dataset_id')
        .select(['sites.id', 'sites.name', 'sites.category', 'sites.lng', 'sites.lat', 'sites.sensitivity as site_sensitivity', 'datasets.org_id', 'datasets.sensitivity', 'datasets.clearance_roles'])
        .where('sites.id', 'in', part)
        .where(visibleDatasets(viewer))
        .execute();
      for (const r of rows) {
        const precise = r.site_sensitivity !== 'restricted' || hasClearance(viewer, r);
        out.set(Number(r.id), { name: precise ? r.name : '', category: r.category, lng: Number(r.lng), lat: Number(r.lat), precise });
      }
    }
    return out;
  }

  /** Every target must name something the viewer may see: an area of a visible set, a visible site. */
  async function checkTargets(conn: Kysely<Database>, viewer: Viewer, targets: InterventionTarget[]) {
    const areas = targets.flatMap((t, i) => (t.kind === 'area' ? [{ i, set: t.boundarySetId, code: t.code }] : []));
    const names = await namesOfAreas(conn, viewer, areas);
    for (const a of areas) if (!names.has(`${a.set}|${a.code}`)) throw badField(['targets', a.i, 'code'], `no area '${a.code}' in boundary set '${a.set}'`);
    const sites = targets.flatMap((t, i) => (t.kind === 'site' ? [{ i, id: t.siteId }] : []));
    const seen = await sitesSeen(conn, viewer, sites.map((s) => s.id));
    for (const s of sites) if (!seen.has(s.id)) throw badField(['targets', s.i, 'siteId'], `no site ${s.id}`);
  }

  async function writeChildren(trx: Kysely<Database>, id: string, fields: Pick<InterventionFields, 'audiences' | 'targets'>, replace: { audiences: boolean; targets: boolean }) {
    if (replace.audiences) {
      await trx.deleteFrom('intervention_audiences').where('intervention_id', '=', id).execute();
      const audiences = [...new Set(fields.audiences)];
      if (audiences.length) await trx.insertInto('intervention_audiences').values(audiences.map((audience) => ({ intervention_id: id, audience }))).execute();
    }
    if (replace.targets) {
      await trx.deleteFrom('intervention_targets').where('intervention_id', '=', id).execute();
      const rows = fields.targets.map((t, position) => ({
        intervention_id: id, position, kind: t.kind,
        boundary_set_id: t.kind === 'area' ? t.boundarySetId : null, area_code: t.kind === 'area' ? t.code : null,
        site_id: t.kind === 'site' ? t.siteId : null,
        geometry: t.kind === 'polygon' ? JSON.stringify(t.geometry) : null,
        lng: t.kind === 'circle' ? t.center[0] : null, lat: t.kind === 'circle' ? t.center[1] : null, radius_m: t.kind === 'circle' ? t.radiusM : null,
        label: t.kind === 'polygon' || t.kind === 'circle' ? (t.label ?? null) : null,
      }));
      for (const part of chunks(rows, 500)) await trx.insertInto('intervention_targets').values(part).execute();
    }
  }

  async function insert(trx: Kysely<Database>, viewer: Viewer, fields: InterventionFields, meta: { source: string; importRunId?: string | null }): Promise<string> {
    const id = `iv-${crypto.randomBytes(9).toString('hex')}`;
    const now = new Date().toISOString();
    await trx
      .insertInto('interventions')
      .values({
        id, org_id: viewer.orgId, sensitivity: fields.sensitivity, title: fields.title, action_area: fields.actionArea, strategy: strategyOf(fields.actionArea),
        partner: fields.partner, status: fields.status, start_date: fields.startDate, end_date: fields.endDate, budget: fields.budget, currency: fields.currency,
        reach_target: fields.reachTarget, notes: fields.notes, version: 1, source: meta.source, import_run_id: meta.importRunId ?? null,
        created_by: viewer.email, created_at: now, updated_by: viewer.email, updated_at: now,
      })
      .execute();
    await writeChildren(trx, id, fields, { audiences: true, targets: true });
    return id;
  }

  async function loadOne(conn: Kysely<Database>, viewer: Viewer, id: string, opts = { geometry: true }): Promise<Intervention | undefined> {
    const row = await conn.selectFrom('interventions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || !canSee(viewer, row)) return undefined;
    return (await rowsToRecords(conn, viewer, [row as Row], opts))[0];
  }

  /** The fields of a record, as `interventionInputSchema` gives them (for merging a patch). */
  function fieldsOf(r: Intervention): InterventionFields {
    const targets: InterventionTarget[] = [];
    // a record's targets as stored; polygons need their geometry (loaded with it)
    for (const t of r.targets) {
      if (t.kind === 'area') targets.push({ kind: 'area', boundarySetId: t.boundarySetId, code: t.code });
      else if (t.kind === 'site') targets.push({ kind: 'site', siteId: t.siteId });
      else if (t.kind === 'circle') targets.push({ kind: 'circle', center: t.center, radiusM: t.radiusM, ...(t.label ? { label: t.label } : {}) });
      else if (t.geometry) targets.push({ kind: 'polygon', geometry: t.geometry as never, ...(t.label ? { label: t.label } : {}) });
    }
    return {
      title: r.title, actionArea: r.actionArea, audiences: r.audiences, targets, partner: r.partner, status: r.status, startDate: r.startDate, endDate: r.endDate,
      budget: r.budget, currency: r.currency, reachTarget: r.reachTarget, notes: r.notes, sensitivity: r.sensitivity,
    };
  }

  /** The last recorded change of an intervention, from the audit log. */
  async function lastChange(id: string): Promise<InterventionConflict['change']> {
    const row = await db.selectFrom('audit_events').select('detail').where('target', '=', id).where('action', 'in', ['intervention.update', 'intervention.cancel']).orderBy('id', 'desc').limit(1).executeTakeFirst();
    const detail = row?.detail ? (JSON.parse(row.detail) as { changes?: InterventionConflict['change'] }) : null;
    return detail?.changes ?? null;
  }

  async function conflict(viewer: Viewer, id: string, yourVersion: number): Promise<TRPCError> {
    const current = (await loadOne(db, viewer, id))!;
    const info: InterventionConflict = { yourVersion, current, changedBy: current.updatedBy, changedAt: current.updatedAt, change: await lastChange(id) };
    const message = `'${current.title}' was changed by ${current.updatedBy} at ${current.updatedAt} since you opened it (your version ${yourVersion}, now ${current.version}); look at both and save again.`;
    return new TRPCError({ code: 'CONFLICT', message, cause: Object.assign(new Error(message), { conflict: info }) });
  }

  /** Areas of a boundary set the viewer may see, prepared for coverage (cached per set version). */
  async function coverageAreas(viewer: Viewer, boundarySetId: string) {
    const set = await db
      .selectFrom('boundary_sets')
      .innerJoin('datasets', 'datasets.id', 'boundary_sets.dataset_id')
      .select(['boundary_sets.id', 'datasets.imported_at'])
      .where('boundary_sets.id', '=', boundarySetId)
      .where(visibleDatasets(viewer))
      .executeTakeFirst();
    if (!set) throw new TRPCError({ code: 'NOT_FOUND', message: `No boundary set '${boundarySetId}'` });
    const key = `${set.id}|${set.imported_at}`;
    let hit = areaCache.get(key);
    if (!hit) {
      hit = (async () => {
        const rows = await db.selectFrom('areas').select(['code', 'name', 'geometry']).where('boundary_set_id', '=', boundarySetId).orderBy('code').execute();
        return {
          areas: prepareCoverageAreas(rows.map((r) => ({ code: r.code, geometry: JSON.parse(r.geometry) as Polygon | MultiPolygon }))),
          names: new Map(rows.map((r) => [r.code, r.name])),
        };
      })();
      areaCache.set(key, hit);
      hit.catch(() => areaCache.delete(key));
      while (areaCache.size > 2) areaCache.delete(areaCache.keys().next().value!);
    }
    return hit;
  }

  /** The interventions the viewer may see, as the coverage takes them (targets resolved to codes, geometries, points). */
  async function coverageInterventions(viewer: Viewer, boundarySetId: string, filter: Pick<InterventionFilter, 'strategy' | 'actionArea'> & { area?: string }) {
    let q = db.selectFrom('interventions').select(['id', 'status', 'action_area', 'strategy', 'partner', 'org_id', 'reach_target']).where(visibleInterventions(viewer)).where('status', '!=', 'cancelled');
    if (filter.strategy) q = q.where('strategy', '=', filter.strategy);
    if (filter.actionArea) q = q.where('action_area', '=', filter.actionArea);
    const rows = await q.orderBy('id').execute();
    const targets = new Map<string, TargetRow[]>();
    for (const part of chunks(rows.map((r) => r.id))) {
      for (const t of await db.selectFrom('intervention_targets').selectAll().where('intervention_id', 'in', part).execute()) {
        (targets.get(t.intervention_id) ?? targets.set(t.intervention_id, []).get(t.intervention_id)!).push(t as TargetRow);
      }
    }
    const all = [...targets.values()].flat();
    // areas of other boundary sets are overlaid as geometries
    const foreign = all.filter((t) => t.kind === 'area' && t.boundary_set_id !== boundarySetId);
    const geometries = new Map<string, Polygon | MultiPolygon>();
    const bySet = new Map<string, string[]>();
    for (const t of foreign) (bySet.get(t.boundary_set_id!) ?? bySet.set(t.boundary_set_id!, []).get(t.boundary_set_id!)!).push(t.area_code!);
    for (const [set, codes] of bySet) {
      for (const part of chunks([...new Set(codes)])) {
        const found = await db
          .selectFrom('areas')
          .innerJoin('boundary_sets', 'boundary_sets.id', 'areas.boundary_set_id')
          .innerJoin('datasets', 'datasets.id', 'boundary_sets.dataset_id')
          .select(['areas.code', 'areas.geometry'])
          .where('areas.boundary_set_id', '=', set)
          .where('areas.code', 'in', part)
          .where(visibleDatasets(viewer))
          .execute();
        for (const f of found) geometries.set(`${set}|${f.code}`, JSON.parse(f.geometry));
      }
    }
    // a site's place is used to find its area only (generalised to the area, as DESIGN.md allows)
    const siteIds = [...new Set(all.filter((t) => t.kind === 'site').map((t) => Number(t.site_id)))];
    const points = new Map<number, { lng: number; lat: number }>();
    for (const part of chunks(siteIds)) {
      for (const s of await db.selectFrom('sites').select(['id', 'lng', 'lat']).where('id', 'in', part).execute()) points.set(Number(s.id), { lng: Number(s.lng), lat: Number(s.lat) });
    }
    const out: (CoverageIntervention & { actionArea: ActionAreaCode; strategy: StrategyCode; partner: string | null; orgId: string; reachTarget: number | null })[] = rows.map((r) => ({
      id: r.id,
      status: r.status as InterventionStatus,
      actionArea: r.action_area as ActionAreaCode,
      strategy: r.strategy as StrategyCode,
      partner: r.partner,
      orgId: r.org_id,
      reachTarget: r.reach_target === null ? null : Number(r.reach_target),
      targets: (targets.get(r.id) ?? []).flatMap((t): CoverageTarget[] => {
        if (t.kind === 'area') {
          if (t.boundary_set_id === boundarySetId) return [{ kind: 'code', code: t.area_code! }];
          const g = geometries.get(`${t.boundary_set_id}|${t.area_code}`);
          return g ? [{ kind: 'geometry', geometry: g }] : [];
        }
        if (t.kind === 'site') {
          const p = points.get(Number(t.site_id));
          return p ? [{ kind: 'point', ...p }] : [];
        }
        const g = zoneGeometry(t.kind === 'circle'
          ? { kind: 'circle', center: [Number(t.lng), Number(t.lat)], radiusM: Number(t.radius_m) }
          : { kind: 'polygon', geometry: JSON.parse(t.geometry!) });
        return g ? [{ kind: 'geometry', geometry: g }] : [];
      }),
    }));
    return out;
  }

  /** Reach measurements of interventions, by id, oldest first. */
  async function reachEntries(ids: string[]): Promise<Map<string, { recordedOn: string; reach: number }[]>> {
    const out = new Map<string, { recordedOn: string; reach: number }[]>();
    for (const part of chunks(ids)) {
      const rows = await db.selectFrom('intervention_reach').select(['intervention_id', 'recorded_on', 'reach']).where('intervention_id', 'in', part).orderBy('recorded_on').orderBy('id').execute();
      for (const r of rows) (out.get(r.intervention_id) ?? out.set(r.intervention_id, []).get(r.intervention_id)!).push({ recordedOn: r.recorded_on, reach: Number(r.reach) });
    }
    return out;
  }

  function suppressionK(orgId: string): Promise<number> {
    return suppressionKOf(db, orgId);
  }

  const store = {
    /** The interventions the viewer may see, filtered, newest change first. Polygons come without geometry (`get` has it). */
    async list(viewer: Viewer, filter: InterventionFilter = {}): Promise<Intervention[]> {
      let q = db.selectFrom('interventions').selectAll().where(visibleInterventions(viewer));
      if (filter.strategy) q = q.where('strategy', '=', filter.strategy);
      if (filter.actionArea) q = q.where('action_area', '=', filter.actionArea);
      if (filter.status?.length) q = q.where('status', 'in', filter.status);
      if (filter.audience) {
        const audience = filter.audience;
        q = q.where((eb) => eb.exists(eb.selectFrom('intervention_audiences').select('audience').whereRef('intervention_audiences.intervention_id', '=', 'interventions.id').where('audience', '=', audience)));
      }
      if (filter.partner) q = q.where(sql<string>`lower(interventions.partner)`, 'like', `%${filter.partner.toLowerCase().replace(/[%_\\]/g, '')}%`);
      if (filter.to) q = q.where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', filter.to!)]));
      if (filter.from) q = q.where((eb) => eb.or([eb('end_date', 'is', null), eb('end_date', '>=', filter.from!)]));
      if (filter.area) {
        const { boundarySetId, code } = filter.area;
        q = q.where((eb) => eb.exists(eb.selectFrom('intervention_targets').select('intervention_targets.id').whereRef('intervention_targets.intervention_id', '=', 'interventions.id').where('kind', '=', 'area').where('boundary_set_id', '=', boundarySetId).where('area_code', '=', code)));
      }
      const rows = await q.orderBy('updated_at', 'desc').orderBy('id').limit(Math.min(filter.limit ?? 500, 5000)).execute();
      return rowsToRecords(db, viewer, rows as Row[], { geometry: false });
    },

    /** One intervention with its targets' geometry; undefined when it does not exist or the viewer may not see it. */
    get(viewer: Viewer, id: string): Promise<Intervention | undefined> {
      return loadOne(db, viewer, id);
    },

    /** Creates an intervention owned by the viewer's organisation (editors only). */
    async create(viewer: Viewer, input: InterventionFields, meta: { source?: string } = {}): Promise<Intervention> {
      assertWritable(viewer, viewer.orgId, 'This organisation’s interventions');
      const fields = interventionInputSchema.parse(input);
      const id = await db.transaction().execute(async (trx) => {
        await checkTargets(trx, viewer, fields.targets);
        return insert(trx, viewer, fields, { source: meta.source ?? 'form' });
      });
      return (await loadOne(db, viewer, id))!;
    },

    /**
     * Creates an intervention inside a caller's transaction (a plan's new row): checked and
     * written as `create` does, its id returned; the caller audits it once the transaction ends.
     */
    async createWithin(trx: Kysely<Database>, viewer: Viewer, input: InterventionFields, meta: { source: string }): Promise<string> {
      assertWritable(viewer, viewer.orgId, 'This organisation’s interventions');
      const fields = interventionInputSchema.parse(input);
      await checkTargets(trx, viewer, fields.targets);
      return insert(trx, viewer, fields, meta);
    },

    /**
     * Changes the fields in `patch` of an intervention saved from `version`. A save from an older
     * version — someone else saved in between — is refused with CONFLICT, its cause carrying
     * `{ conflict: InterventionConflict }`; nothing is written. Returns the record and what changed.
     */
    async update(viewer: Viewer, id: string, version: number, patch: InterventionPatch): Promise<{ record: Intervention; changes: Record<string, { from: unknown; to: unknown }> }> {
      const outcome = await db.transaction().execute(async (trx) => {
        const current = await loadOne(trx, viewer, id);
        if (!current) throw notFound(id);
        assertWritable(viewer, current.orgId, `Intervention '${current.title}'`);
        if (current.version !== version) return { stale: true as const };
        const before = fieldsOf(current);
        const merged = interventionFieldsSchema.safeParse({ ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) });
        if (!merged.success) throw new TRPCError({ code: 'BAD_REQUEST', message: merged.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), cause: merged.error });
        const after = merged.data as InterventionFields;
        if (patch.targets) await checkTargets(trx, viewer, after.targets);
        const changes: Record<string, { from: unknown; to: unknown }> = {};
        const set: Record<string, unknown> = {};
        for (const field of Object.keys(COLUMNS) as ScalarField[]) {
          if (patch[field] === undefined || JSON.stringify(before[field]) === JSON.stringify(after[field])) continue;
          changes[field] = { from: before[field], to: after[field] };
          set[COLUMNS[field]] = after[field];
        }
        if (changes.actionArea) set.strategy = strategyOf(after.actionArea);
        for (const field of ['audiences', 'targets'] as const) {
          if (patch[field] !== undefined && JSON.stringify(before[field]) !== JSON.stringify(after[field])) changes[field] = { from: before[field], to: after[field] };
        }
        if (Object.keys(changes).length === 0) return { stale: false as const, changes };
        // the version in the WHERE clause: of two saves from the same version, one writes
        const result = await trx
          .updateTable('interventions')
          .set({ ...set, version: version + 1, updated_by: viewer.email, updated_at: new Date().toISOString() })
          .where('id', '=', id)
          .where('version', '=', version)
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) !== 1) return { stale: true as const };
        await writeChildren(trx, id, after, { audiences: !!changes.audiences, targets: !!changes.targets });
        return { stale: false as const, changes };
      });
      if (outcome.stale) throw await conflict(viewer, id, version);
      return { record: (await loadOne(db, viewer, id))!, changes: outcome.changes };
    },

    /** A copy in the viewer's organisation: planned, without its reach measurements; titled `title` (the client's language) or "… (copy)". */
    async duplicate(viewer: Viewer, id: string, title?: string): Promise<Intervention> {
      assertWritable(viewer, viewer.orgId, 'This organisation’s interventions');
      const original = await loadOne(db, viewer, id);
      if (!original) throw notFound(id);
      const fields = { ...fieldsOf(original), title: (title ?? `${original.title} (copy)`).slice(0, 300), status: 'planned' as const };
      const copy = await db.transaction().execute(async (trx) => {
        await checkTargets(trx, viewer, fields.targets);
        return insert(trx, viewer, fields, { source: 'duplicate' });
      });
      return (await loadOne(db, viewer, copy))!;
    },

    /** Who changed what and when, oldest first, from the audit log; for the owning organisation's members. */
    async history(viewer: Viewer, id: string) {
      const current = await loadOne(db, viewer, id, { geometry: false });
      if (!current) throw notFound(id);
      if (!roleIn(viewer, current.orgId)) throw new TRPCError({ code: 'FORBIDDEN', message: `The history of '${current.title}' is for members of the organisation that owns it.` });
      const rows = await db
        .selectFrom('audit_events')
        .select(['id', 'at', 'email', 'action', 'detail'])
        .where('target', '=', id)
        .where('org_id', '=', current.orgId)
        .where('action', 'like', 'intervention.%')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({ at: r.at, email: r.email, action: r.action, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null }));
    },

    /** The reach measurements of an intervention, oldest first. */
    async reach(viewer: Viewer, id: string) {
      const current = await loadOne(db, viewer, id, { geometry: false });
      if (!current) throw notFound(id);
      const rows = await db.selectFrom('intervention_reach').select(['id', 'recorded_on', 'reach', 'note', 'recorded_by', 'recorded_at']).where('intervention_id', '=', id).orderBy('recorded_on').orderBy('id').execute();
      return {
        reachTarget: current.reachTarget,
        entries: rows.map((r) => ({ id: Number(r.id), recordedOn: r.recorded_on, reach: Number(r.reach), note: r.note, recordedBy: r.recorded_by, recordedAt: r.recorded_at })),
      };
    },

    /** Records the people reached by a date. Refused when the intervention plans no reach. */
    async addReach(viewer: Viewer, id: string, input: ReachEntryInput) {
      const entry = reachEntrySchema.parse(input);
      const current = await loadOne(db, viewer, id, { geometry: false });
      if (!current) throw notFound(id);
      assertWritable(viewer, current.orgId, `Intervention '${current.title}'`);
      if (entry.reach > 0 && !current.reachTarget) {
        throw badField(['reach'], `${entry.reach} people recorded as reached, but '${current.title}' plans to reach nobody (its reachTarget is ${current.reachTarget ?? 'empty'}); set a reach target first`);
      }
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('intervention_reach').values({ intervention_id: id, recorded_on: entry.recordedOn, reach: entry.reach, note: entry.note, recorded_by: viewer.email, recorded_at: new Date().toISOString() }).execute();
      });
      return { intervention: current, ...(await store.reach(viewer, id)) };
    },

    /**
     * Each area's coverage (0–1) by the interventions the viewer may see (intervention-coverage.ts
     * says how), for the areas of one boundary set; filtered to a strategy or an action area for
     * that strategy's gap. Areas without any intervention are counted in `areaCount` and left out
     * of `areas`.
     */
    async coverage(viewer: Viewer, boundarySetId: string, filter: Pick<InterventionFilter, 'strategy' | 'actionArea'> & CoverageOptions = {}) {
      const { areas, names } = await coverageAreas(viewer, boundarySetId);
      const interventions = await coverageInterventions(viewer, boundarySetId, filter);
      const result = computeCoverage(areas, interventions, filter);
      return {
        boundarySetId,
        statusWeights: { ...DEFAULT_STATUS_WEIGHTS, ...filter.statusWeights },
        areaCount: result.length,
        interventionCount: interventions.length,
        areas: result.filter((a) => a.coverage > 0 || a.interventions.length > 0).map((a) => ({ ...a, name: names.get(a.code) ?? a.code })),
      };
    },

    /**
     * Coverage as a leaf of the risk model: area code → coverage 0–1 for every area of the set
     * (0 where no intervention reaches), under the indicator name `COVERAGE_INDICATOR`. Coverage
     * lowers the need for action, so a model takes it with direction `higher-less-risk` (or
     * uses 1 − coverage as the coverage gap).
     *
     * @example
     * const leaf = await interventions.coverageLeaf(viewer, 'world-atlas-50m-admin0');
     * prepareScoring(model, new Map([[COVERAGE_INDICATOR, leaf], ...others]));
     */
    async coverageLeaf(viewer: Viewer, boundarySetId: string, filter: Pick<InterventionFilter, 'strategy' | 'actionArea'> & CoverageOptions = {}): Promise<Map<string, number>> {
      const { areas } = await coverageAreas(viewer, boundarySetId);
      const result = computeCoverage(areas, await coverageInterventions(viewer, boundarySetId, filter), filter);
      return new Map(result.map((a) => [a.code, a.coverage]));
    },

    /**
     * What the theory of change calls for in one area: the site categories inside it (from the
     * site layers the viewer may see; counts of internal or restricted sites protected for viewers
     * without clearance) and its borderland share, mapped to action areas, marked covered by the
     * interventions that already reach the area.
     */
    async suggestions(viewer: Viewer, boundarySetId: string, code: string, opts: { borderKm?: number } = {}) {
      const area = await db
        .selectFrom('areas')
        .innerJoin('boundary_sets', 'boundary_sets.id', 'areas.boundary_set_id')
        .innerJoin('datasets', 'datasets.id', 'boundary_sets.dataset_id')
        .select(['areas.code', 'areas.name', 'areas.geometry', 'areas.min_lng', 'areas.min_lat', 'areas.max_lng', 'areas.max_lat'])
        .where('areas.boundary_set_id', '=', boundarySetId)
        .where('areas.code', '=', code)
        .where(visibleDatasets(viewer))
        .executeTakeFirst();
      if (!area) throw new TRPCError({ code: 'NOT_FOUND', message: `No area '${code}' in '${boundarySetId}'` });
      const geometry = JSON.parse(area.geometry) as Polygon | MultiPolygon;

      // sites inside the area, by category; the bbox may reach past ±180 (unwrapped geometry)
      const datasets = await db.selectFrom('datasets').select(['id', 'org_id', 'sensitivity', 'clearance_roles']).where('kind', '=', 'sites').where('hidden', '=', 0).where(visibleDatasets(viewer)).execute();
      const [x0, y0, x1, y1] = [Number(area.min_lng), Number(area.min_lat), Number(area.max_lng), Number(area.max_lat)];
      const index = new PolygonIndex([geometry]);
      const counts = new Map<string, { all: number; sensitive: number; k: number }>();
      const kOf = new Map<string, number>();
      for (const part of chunks(datasets, 500)) {
        const byId = new Map(part.map((d) => [d.id, d]));
        const rows = await db
          .selectFrom('sites')
          .select(['dataset_id', 'category', 'lng', 'lat', 'sensitivity'])
          .where('dataset_id', 'in', part.map((d) => d.id))
          .where('lat', '>=', y0)
          .where('lat', '<=', y1)
          .where((eb) => eb.or([0, 360, -360].map((shift) => eb.and([eb('lng', '>=', x0 - shift), eb('lng', '<=', x1 - shift)]))))
          .execute();
        for (const s of rows) {
          if (index.locate(Number(s.lng), Number(s.lat)) !== 0) continue;
          const d = byId.get(s.dataset_id)!;
          const c = counts.get(s.category) ?? counts.set(s.category, { all: 0, sensitive: 0, k: 0 }).get(s.category)!;
          c.all++;
          const sensitive = (s.sensitivity !== 'public' || d.sensitivity !== 'public') && !hasClearance(viewer, d);
          if (sensitive) {
            c.sensitive++;
            if (!kOf.has(d.org_id)) kOf.set(d.org_id, await suppressionK(d.org_id));
            c.k = Math.max(c.k, kOf.get(d.org_id)!);
          }
        }
      }
      const sites: SuggestionTrigger[] = [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([id, c]) => {
        if (c.sensitive === 0) return { id, factor: 'sites-count', value: c.all };
        const shown = protectCount(c.all, c.k);
        return { id, factor: 'sites-count', value: shown.value, ...(shown.below ? { below: shown.below } : {}), ...(shown.roundedTo ? { roundedTo: shown.roundedTo } : {}) };
      });

      const borderKm = opts.borderKm ?? BORDER_KM;
      const borderlandShare = options.borderlandZone ? zoneShares([geometry], await options.borderlandZone(borderKm))[0].share : undefined;

      // what already reaches the area, by action area
      const one = prepareCoverageAreas([{ code: area.code, geometry }]);
      const interventions = await coverageInterventions(viewer, boundarySetId, {});
      const reached = computeCoverage(one, interventions)[0].interventions.map((i) => i.id);
      const codeOf = new Map(interventions.map((i) => [i.id, i.actionArea]));
      const covered = new Map<string, string[]>();
      for (const id of reached) (covered.get(codeOf.get(id)!) ?? covered.set(codeOf.get(id)!, []).get(codeOf.get(id)!)!).push(id);

      return {
        area: { boundarySetId, code: area.code, name: area.name },
        borderland: borderlandShare === undefined ? null : { radiusKm: borderKm, share: Number.isFinite(borderlandShare) ? borderlandShare : 0 },
        sites,
        suggestions: suggestForArea({ area: { boundarySetId, code: area.code, name: area.name }, sites, borderlandShare, covered }),
      };
    },

    /**
     * The 3W summary (intervention-3w.ts): the interventions the viewer may see, by organisation
     * × action area × the areas of one boundary set that each reaches (as the coverage finds them).
     */
    async threeW(viewer: Viewer, boundarySetId: string, filter: Pick<InterventionFilter, 'strategy' | 'actionArea'> = {}) {
      const { areas, names } = await coverageAreas(viewer, boundarySetId);
      const interventions = await coverageInterventions(viewer, boundarySetId, filter);
      const reachedBy = new Map<string, { code: string; name: string }[]>();
      for (const a of computeCoverage(areas, interventions)) {
        for (const iv of a.interventions) (reachedBy.get(iv.id) ?? reachedBy.set(iv.id, []).get(iv.id)!).push({ code: a.code, name: names.get(a.code) ?? a.code });
      }
      const orgNames = new Map((await db.selectFrom('organisations').select(['id', 'name']).execute()).map((o) => [o.id, o.name]));
      const entries = await reachEntries(interventions.map((i) => i.id));
      const rows = summarise3w(interventions.map((i) => {
        const e = entries.get(i.id);
        return { id: i.id, organisation: i.partner ?? orgNames.get(i.orgId) ?? i.orgId, actionArea: i.actionArea, status: i.status, reachTarget: i.reachTarget, reached: e?.length ? e[e.length - 1].reach : null, areas: reachedBy.get(i.id) ?? [] };
      }));
      return { boundarySetId, interventionCount: interventions.length, rows };
    },

    /**
     * Progress (Strategy 7): reach against target over time (intervention-progress.ts) of the
     * interventions the viewer may see — all of them, or those reaching one area of a boundary
     * set — in total and per strategy.
     */
    async progress(viewer: Viewer, input: { boundarySetId?: string; code?: string; strategy?: StrategyCode }) {
      let members: { id: string; strategy: StrategyCode; reachTarget: number | null }[];
      if (input.boundarySetId && input.code) {
        const { areas } = await coverageAreas(viewer, input.boundarySetId);
        const i = areas.codes.indexOf(input.code);
        if (i < 0) throw new TRPCError({ code: 'NOT_FOUND', message: `No area '${input.code}' in '${input.boundarySetId}'` });
        const interventions = await coverageInterventions(viewer, input.boundarySetId, { strategy: input.strategy });
        const reached = new Set(computeCoverage(areas, interventions)[i].interventions.map((x) => x.id));
        members = interventions.filter((x) => reached.has(x.id));
      } else {
        let q = db.selectFrom('interventions').select(['id', 'strategy', 'reach_target']).where(visibleInterventions(viewer)).where('status', '!=', 'cancelled');
        if (input.strategy) q = q.where('strategy', '=', input.strategy);
        members = (await q.orderBy('id').execute()).map((r) => ({ id: r.id, strategy: r.strategy as StrategyCode, reachTarget: r.reach_target === null ? null : Number(r.reach_target) }));
      }
      const entries = await reachEntries(members.map((m) => m.id));
      const series = (list: typeof members) => progressSeries(list.map((m) => ({ id: m.id, reachTarget: m.reachTarget, entries: entries.get(m.id) ?? [] })));
      const strategies = [...new Set(members.map((m) => m.strategy))].sort((a, b) => STRATEGY_CODES.indexOf(a) - STRATEGY_CODES.indexOf(b));
      return {
        interventionCount: members.length,
        total: series(members),
        byStrategy: strategies.map((strategy) => ({ strategy, ...series(members.filter((m) => m.strategy === strategy)) })),
      };
    },

    /**
     * Writes interventions read from a 3W sheet in one transaction, owned by the importer's
     * organisation; returns their ids. Targets were joined by the import plan.
     */
    async importMany(viewer: Viewer, items: ImportedIntervention[], meta: { importRunId: string }): Promise<string[]> {
      assertWritable(viewer, viewer.orgId, 'This organisation’s interventions');
      const fields = items.map((i) => interventionInputSchema.parse(i));
      const reached = items.map((item, i) => {
        if (!item.reached) return null;
        const entry = reachEntrySchema.parse(item.reached);
        // as addReach: reached people need people to reach
        if (entry.reach > 0 && !fields[i].reachTarget) throw badField(['reach'], `${entry.reach} people recorded as reached, but '${fields[i].title}' has no reach target`);
        return entry;
      });
      return db.transaction().execute(async (trx) => {
        const ids: string[] = [];
        for (const f of fields) ids.push(await insert(trx, viewer, f, { source: 'import', importRunId: meta.importRunId }));
        // each one's history starts with its import, and its reach so far, written with it
        const at = new Date().toISOString();
        const reach = ids.flatMap((id, i) => (reached[i] ? [{ id, ...reached[i] }] : []));
        for (const part of chunks(reach, 500)) {
          await trx.insertInto('intervention_reach').values(part.map((r) => ({ intervention_id: r.id, recorded_on: r.recordedOn, reach: r.reach, note: r.note, recorded_by: viewer.email, recorded_at: at }))).execute();
        }
        const events = [
          ...ids.map((id, i) => ({
            at, user_id: viewer.id, email: viewer.email, org_id: viewer.orgId, action: 'intervention.create', target: id, ip: null,
            detail: JSON.stringify({ title: fields[i].title, actionArea: fields[i].actionArea, status: fields[i].status, version: 1, importRunId: meta.importRunId }),
          })),
          ...reach.map((r) => ({
            at, user_id: viewer.id, email: viewer.email, org_id: viewer.orgId, action: 'intervention.reach', target: r.id, ip: null,
            detail: JSON.stringify({ recordedOn: r.recordedOn, reach: r.reach, importRunId: meta.importRunId }),
          })),
        ];
        for (const part of chunks(events, 500)) await trx.insertInto('audit_events').values(part).execute();
        return ids;
      });
    },
  };
  return store;
}

/** The indicator name under which `coverageLeaf` feeds a risk model. */
export const COVERAGE_INDICATOR = 'intervention-coverage';

export type InterventionsStore = ReturnType<typeof createInterventionsStore>;
