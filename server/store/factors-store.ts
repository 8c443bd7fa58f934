import type { MultiPolygon, Polygon } from 'geojson';
import type { Db } from './db';
import { batchSize } from './db';
import { visibleDatasets, type Viewer } from './access';
import { factorProtection, type ShownFactorValue } from './factor-protection';
import { DEFAULT_SOURCES } from '../../data/sources';
import { computeAreaFactors, type AreaFactorOptions, type FactorScope } from '../domain/area-factors';
import { factorNamesInScope, planFactorRecompute, type FactorPlan, type FactorVersions } from '../domain/factor-plan';
import { BorderIndex } from '../domain/borderland';
import { ZoneShareAreas, zoneShares } from '../domain/zone-shares';
import { PolygonIndex } from '../domain/polygon-index';
import { BORDER_KM, CATCHMENT_KM } from '../domain/zone-widths';

export interface FactorSettings extends Required<Pick<AreaFactorOptions, 'borderKm' | 'catchmentKm'>> {}

/** One derived value: the indicator id is `factor:<name>[:<category>]`. */
export interface FactorValue {
  factor: string;
  category: string | null;
  value: number;
}

/** Derived data keeps its owner: each organisation has its own factors of a boundary set. */
const factorDatasetId = (orgId: string, boundarySetId: string) => `factors:${orgId}:${boundarySetId}`;
const FACTOR_PREFIX = 'factors:';
const boundarySetOf = (factorId: string, orgId: string) => factorId.slice(FACTOR_PREFIX.length + orgId.length + 1);

/** What one compute did: `recomputed` names the factors replaced (all of them when full). */
export interface FactorComputeResult {
  datasetId: string;
  areas: number;
  /** Values written by this computation. */
  values: number;
  versions: FactorVersions;
  mode: 'full' | 'incremental' | 'unchanged';
  reasons: string[];
  recomputed: string[];
  ms: number;
}

interface AreaCache {
  key: string;
  areas: { code: string; geometry: Polygon | MultiPolygon }[];
  index: PolygonIndex;
  /** For the borderland shares: built on first use. */
  zoneAreas?: ZoneShareAreas;
}

export interface FactorsStoreOptions {
  /**
   * The borderland zone at a width (the one the map draws, layers-store.borderlandZone): each
   * area's borderland share is its exact overlap with it, so the factor, the map and the country
   * panel agree.
   */
  borderlandZone(radiusKm: number): Promise<Polygon | MultiPolygon>;
}

/**
 * Factors per area, computed from the current layers and stored as observations of a derived
 * dataset, with the versions of the layers they came from and the settings, so that they can be
 * mapped, profiled and used by the risk model like any indicator. A recompute compares those
 * versions with the current ones and replaces only what changed (see planFactorRecompute), in one
 * transaction; `scheduleRefresh` brings every stored set up to date in the background after a
 * layer changed.
 */
export function createFactorsStore({ db }: Db, { borderlandZone }: FactorsStoreOptions) {
  // The areas of the last boundary set used, parsed and indexed (≈2 s for the 4,855 admin-1 areas).
  let areaCache: AreaCache | null = null;
  let refreshing: Promise<void> | null = null;
  let refreshAgain = false;
  let lastRefreshError: string | null = null;
  // What the last computation of each set did, for the API to show.
  const lastCompute = new Map<string, Pick<FactorComputeResult, 'mode' | 'reasons' | 'recomputed' | 'ms'>>();

  async function currentVersions(boundarySetId: string, settings: FactorSettings, orgId: string, stored: unknown): Promise<FactorVersions | undefined> {
    const set = await db
      .selectFrom('boundary_sets')
      .innerJoin('datasets', 'datasets.id', 'boundary_sets.dataset_id')
      .select(['boundary_sets.dataset_id', 'datasets.imported_at'])
      .where('boundary_sets.id', '=', boundarySetId)
      .executeTakeFirst();
    if (!set) return undefined;
    const versionOf = async (datasetId: string) => {
      const row = await db.selectFrom('datasets').select('imported_at').where('id', '=', datasetId).executeTakeFirst();
      return `${datasetId}@${row?.imported_at ?? 'missing'}`;
    };
    const siteDatasets = await db
      .selectFrom('datasets')
      .select(['id', 'imported_at', 'feature_count'])
      .where('kind', '=', 'sites')
      .where('hidden', '=', 0)
      .where((eb) => eb.or([eb('org_id', '=', orgId), eb('sensitivity', '=', 'public')]))
      .orderBy('id')
      .execute();
    const known = (stored as Partial<FactorVersions> | undefined)?.format === 2 ? (stored as FactorVersions).sites : {};
    const sites: FactorVersions['sites'] = {};
    const unknown: string[] = [];
    for (const d of siteDatasets) {
      const version = `${d.imported_at}|${Number(d.feature_count)}`;
      if (known[d.id]?.version === version) sites[d.id] = known[d.id];
      else {
        sites[d.id] = { version, categories: [] };
        unknown.push(d.id);
      }
    }
    if (unknown.length > 0) {
      const rows = await db.selectFrom('sites').select(['dataset_id', 'category']).distinct().where('dataset_id', 'in', unknown).execute();
      for (const r of rows) sites[r.dataset_id].categories.push(r.category);
      for (const id of unknown) sites[id].categories.sort();
    }
    return {
      format: 2,
      settings: { borderKm: settings.borderKm, catchmentKm: settings.catchmentKm },
      areas: `${set.dataset_id}@${set.imported_at}`,
      places: await versionOf(DEFAULT_SOURCES.places.datasetId),
      borders: await versionOf(DEFAULT_SOURCES.borders.datasetId),
      sites,
    };
  }

  async function areasOf(boundarySetId: string, version: string): Promise<AreaCache> {
    const key = `${boundarySetId}|${version}`;
    if (areaCache?.key === key) return areaCache;
    const rows = await db.selectFrom('areas').select(['code', 'geometry']).where('boundary_set_id', '=', boundarySetId).orderBy('code').execute();
    const areas = rows.map((r) => ({ code: r.code, geometry: JSON.parse(r.geometry) as Polygon | MultiPolygon }));
    areaCache = { key, areas, index: new PolygonIndex(areas.map((a) => a.geometry)) };
    return areaCache;
  }

  async function storedMeta(datasetId: string) {
    const row = await db.selectFrom('datasets').select(['source', 'imported_at', 'org_id']).where('id', '=', datasetId).executeTakeFirst();
    return row && { ...row, versions: JSON.parse(row.source) as unknown };
  }

  const computing = new Map<string, Promise<FactorComputeResult | undefined>>();
  const store = {
    /**
     * Brings the factors of a boundary set up to date with the current layers and settings:
     * computes everything the first time (or `full`), afterwards only what the changes touch.
     * Undefined when the boundary set does not exist.
     */
    /**
     * Brings the factors of the viewer's organisation for a boundary set it can see up to date;
     * undefined when there is no such set. They are computed from the layers the organisation as
     * a whole may use (public ones and its own) and belong to it.
     */
    async compute(viewer: Viewer, boundarySetId: string, settings: FactorSettings, options: { full?: boolean } = {}): Promise<FactorComputeResult | undefined> {
      const visible = await db
        .selectFrom('boundary_sets')
        .innerJoin('datasets', 'datasets.id', 'boundary_sets.dataset_id')
        .select('boundary_sets.id')
        .where('boundary_sets.id', '=', boundarySetId)
        .where(visibleDatasets(viewer))
        .executeTakeFirst();
      if (!visible) return undefined;
      return store.computeFor(viewer.orgId, boundarySetId, settings, options);
    },

    /** The same for an organisation, without a viewer: the background refresh of stored sets. */
    computeFor(orgId: string, boundarySetId: string, settings: FactorSettings, options: { full?: boolean } = {}): Promise<FactorComputeResult | undefined> {
      // one computation of a set at a time in this process: a user's and the background refresh's
      // would otherwise both write the same rows (and one fail on the other's)
      const key = factorDatasetId(orgId, boundarySetId);
      const next = (computing.get(key) ?? Promise.resolve()).catch(() => {}).then(() => store.computeUnqueued(orgId, boundarySetId, settings, options));
      computing.set(key, next);
      void next.finally(() => computing.get(key) === next && computing.delete(key)).catch(() => {});
      return next;
    },

    /** computeFor without the queue: only computeFor calls it. */
    async computeUnqueued(orgId: string, boundarySetId: string, settings: FactorSettings, { full = false } = {}): Promise<FactorComputeResult | undefined> {
      const t0 = performance.now();
      const datasetId = factorDatasetId(orgId, boundarySetId);
      const stored = full ? undefined : await storedMeta(datasetId);
      const versions = await currentVersions(boundarySetId, settings, orgId, stored?.versions);
      if (!versions) return undefined;
      const plan: FactorPlan = full ? { mode: 'full', reason: 'asked for' } : planFactorRecompute(stored?.versions, versions);
      if (plan.mode === 'unchanged') {
        const { n } = await db.selectFrom('areas').select((eb) => eb.fn.countAll<number | string>().as('n')).where('boundary_set_id', '=', boundarySetId).executeTakeFirstOrThrow();
        return { datasetId, areas: Number(n), values: 0, versions, mode: 'unchanged', reasons: [], recomputed: [], ms: Math.round(performance.now() - t0) };
      }
      const { areas, index } = await areasOf(boundarySetId, versions.areas);
      if (areas.length === 0) return undefined;
      const scope: FactorScope | undefined = plan.mode === 'incremental' ? plan.scope : undefined;

      // Population: GeoNames places inside each area (an estimate, labelled as such); an
      // incremental recompute reads the stored estimate back instead of locating 135k places again.
      const population = new Map<string, number | null>();
      if (scope) {
        const rows = await db.selectFrom('observations').select(['area_code', 'value'])
          .where('dataset_id', '=', datasetId).where('indicator_id', '=', `${datasetId}:population-geonames`).execute();
        for (const r of rows) population.set(r.area_code, Number(r.value));
      } else {
        const places = await db.selectFrom('places').select(['lng', 'lat', 'population']).execute();
        const xy = new Float64Array(places.length * 2);
        places.forEach((p, i) => {
          xy[2 * i] = p.lng;
          xy[2 * i + 1] = p.lat;
        });
        const sums = new Float64Array(areas.length);
        index.locateAll(xy).forEach((h, i) => {
          if (h >= 0) sums[h] += Number(places[i].population);
        });
        areas.forEach((a, i) => population.set(a.code, sums[i] > 0 ? sums[i] : null));
      }
      const factorAreas = areas.map((a) => ({ ...a, population: population.get(a.code) ?? null }));

      const siteIds = Object.keys(versions.sites);
      const wanted = scope?.categories ?? null;
      const sites = siteIds.length === 0 || (wanted !== null && wanted.length === 0 && !scope!.catchment)
        ? []
        : await db.selectFrom('sites').select(['category', 'lng', 'lat'])
          .where('dataset_id', 'in', siteIds)
          .$if(wanted !== null, (q) => q.where((eb) => eb.or([
            ...(wanted!.length > 0 ? [eb('category', 'in', wanted!)] : []),
            ...(scope!.catchment ? [eb('category', 'like', 'transit.%')] : []),
          ])))
          .execute();
      // Counts, rates, distances and the catchment by the domain; the borderland share by the zone.
      const withBorderland = !scope || scope.borderland;
      const siteScope: FactorScope = scope
        ? { ...scope, borderland: false }
        : { categories: [...new Set(sites.map((site) => site.category))], borderland: false, catchment: true };
      const results = computeAreaFactors(factorAreas, sites, new BorderIndex([]), settings, siteScope, index);
      if (withBorderland) {
        const cache = areaCache!;
        cache.zoneAreas ??= new ZoneShareAreas(areas.map((a) => a.geometry));
        const shares = zoneShares(cache.zoneAreas, await borderlandZone(settings.borderKm));
        results.forEach((r, i) => (r.borderlandShare = shares[i].share));
      }

      const values: { code: string; factor: string; value: number }[] = [];
      for (const r of results) {
        if (!scope) {
          values.push({ code: r.code, factor: 'area-km2', value: r.areaKm2 });
          if (r.population !== null) values.push({ code: r.code, factor: 'population-geonames', value: r.population });
        }
        if (r.borderlandShare !== undefined) values.push({ code: r.code, factor: 'borderland-share', value: r.borderlandShare });
        if (r.transitCatchmentShare !== undefined) values.push({ code: r.code, factor: 'transit-catchment-share', value: r.transitCatchmentShare });
        for (const [c, n] of Object.entries(r.counts)) {
          values.push({ code: r.code, factor: `sites-count:${c}`, value: n });
          if (Number.isFinite(r.per100k[c])) values.push({ code: r.code, factor: `sites-per-100k:${c}`, value: r.per100k[c] });
          if (Number.isFinite(r.per1000Km2[c])) values.push({ code: r.code, factor: `sites-per-1000km2:${c}`, value: r.per1000Km2[c] });
        }
        for (const [c, km] of Object.entries(r.nearestTransitKm)) if (Number.isFinite(km)) values.push({ code: r.code, factor: `nearest-km:${c}`, value: km });
      }
      // A category no visible layer holds any more has no factors left: its counts are dropped, not zeroed.
      const present = new Set(Object.values(versions.sites).flatMap((s) => s.categories));
      const written = values.filter((v) => !v.factor.includes(':') || present.has(v.factor.slice(v.factor.indexOf(':') + 1)));
      const replaced = scope ? factorNamesInScope(scope) : null;

      const now = new Date().toISOString();
      await db.transaction().execute(async (trx) => {
        if (replaced === null) {
          await trx.deleteFrom('observations').where('dataset_id', '=', datasetId).execute();
          await trx.deleteFrom('indicators').where('id', 'like', `${datasetId}:%`).execute();
          await trx.deleteFrom('datasets').where('id', '=', datasetId).execute();
          await trx
            .insertInto('datasets')
            .values({
              id: datasetId, org_id: orgId, name: `Factors of ${boundarySetId}`, kind: 'factors', source: JSON.stringify(versions),
              licence: 'Derived', data_date: now.slice(0, 10), imported_by: 'system', imported_at: now, sensitivity: 'internal',
              file_name: null, file_hash: null, feature_count: 0, hidden: 0, style: null,
            })
            .execute();
        } else if (replaced.length > 0) {
          const ids = replaced.map((name) => `${datasetId}:${name}`);
          await trx.deleteFrom('observations').where('dataset_id', '=', datasetId).where('indicator_id', 'in', ids).execute();
          await trx.deleteFrom('indicators').where('id', 'in', ids).execute();
        }
        const names = [...new Set(written.map((v) => v.factor))];
        if (names.length > 0) {
          await trx
            .insertInto('indicators')
            .values(names.map((name) => ({
              id: `${datasetId}:${name}`, org_id: orgId, name, unit: unitOf(name), direction: 'higher-more-risk', transform: 'none',
              source: 'Risk Atlas factors', licence: 'Derived', sensitivity: 'internal' as const,
            })))
            .execute();
        }
        const rows = written.map((v) => ({
          indicator_id: `${datasetId}:${v.factor}`, dataset_id: datasetId, org_id: orgId, sensitivity: 'internal' as const,
          boundary_set_id: boundarySetId, area_code: v.code, period: now.slice(0, 10), value: v.value, lower: null, upper: null,
        }));
        const size = batchSize(11);
        for (let i = 0; i < rows.length; i += size) await trx.insertInto('observations').values(rows.slice(i, i + size)).execute();
        const { n } = await trx.selectFrom('observations').select((eb) => eb.fn.countAll<number | string>().as('n')).where('dataset_id', '=', datasetId).executeTakeFirstOrThrow();
        await trx.updateTable('datasets').set({ source: JSON.stringify(versions), imported_at: now, data_date: now.slice(0, 10), feature_count: Number(n) }).where('id', '=', datasetId).execute();
      });
      const result: FactorComputeResult = {
        datasetId, areas: areas.length, values: written.length, versions,
        mode: plan.mode, reasons: plan.mode === 'full' ? [plan.reason] : plan.reasons,
        recomputed: replaced ?? ['all'], ms: Math.round(performance.now() - t0),
      };
      lastCompute.set(datasetId, { mode: result.mode, reasons: result.reasons, recomputed: result.recomputed, ms: result.ms });
      return result;
    },

    /**
     * Recomputes, in the background and one at a time, every stored set of factors whose layers
     * changed, with the settings it was computed with. Calls while one runs are folded into one
     * more pass. Resolves when the factors are up to date.
     */
    scheduleRefresh(): Promise<void> {
      if (refreshing) {
        refreshAgain = true;
        return refreshing;
      }
      refreshing = (async () => {
        do {
          refreshAgain = false;
          const sets = await db.selectFrom('datasets').select(['id', 'org_id', 'source']).where('kind', '=', 'factors').orderBy('id').execute();
          for (const set of sets) {
            const versions = JSON.parse(set.source) as Partial<FactorVersions>;
            const settings = versions.settings ?? { borderKm: BORDER_KM, catchmentKm: CATCHMENT_KM };
            try {
              await store.computeFor(set.org_id, boundarySetOf(set.id, set.org_id), settings);
              lastRefreshError = null;
            } catch (err) {
              lastRefreshError = `${set.id}: ${(err as Error).message}`;
              console.error(`Recomputing ${set.id} failed:`, err);
            }
          }
        } while (refreshAgain);
      })().finally(() => {
        refreshing = null;
      });
      return refreshing;
    },

    /**
     * The stored factors of one area for the viewer's organisation, with the settings and layer
     * versions they came from. Counts drawn from internal or restricted sites reach a viewer
     * without clearance protected (domain/disclosure.ts): under the organisation's k as `<k`,
     * others rounded down to a multiple of k, rates and densities from the rounded count, and no
     * distance to a restricted site.
     */
    async get(viewer: Viewer, boundarySetId: string, code: string) {
      const datasetId = factorDatasetId(viewer.orgId, boundarySetId);
      const meta = await db.selectFrom('datasets').select(['source', 'imported_at', 'org_id', 'sensitivity', 'clearance_roles']).where('id', '=', datasetId).executeTakeFirst();
      if (!meta) return undefined;
      const rows = await db
        .selectFrom('observations')
        .innerJoin('indicators', 'indicators.id', 'observations.indicator_id')
        .select(['indicators.name', 'indicators.unit', 'observations.value'])
        .where('observations.dataset_id', '=', datasetId)
        .where('observations.area_code', '=', code)
        .orderBy('indicators.name')
        .execute();
      const versions = JSON.parse(meta.source) as FactorVersions;
      const { k, shown } = await factorProtection(db, viewer, meta, versions);
      const raw = new Map(rows.map((r) => [r.name, Number(r.value)]));
      const values = rows.map((r) => shown(r.name, r.unit, Number(r.value), raw));
      return { computedAt: meta.imported_at, versions, refreshing: refreshing !== null, lastRefreshError, lastCompute: lastCompute.get(datasetId) ?? null, protected: k > 0 ? { k } : null, values };
    },

    /**
     * The stored factors of every area of a boundary set for the viewer's organisation, protected
     * exactly as {@link get} protects one area's (the risk model reads these, never the raw
     * counts): by factor name (`sites-count:transit.airport`), then area code. Undefined until
     * they are computed.
     */
    async values(viewer: Viewer, boundarySetId: string) {
      const datasetId = factorDatasetId(viewer.orgId, boundarySetId);
      const meta = await db.selectFrom('datasets').select(['source', 'imported_at', 'org_id', 'sensitivity', 'clearance_roles']).where('id', '=', datasetId).executeTakeFirst();
      if (!meta) return undefined;
      const rows = await db
        .selectFrom('observations')
        .innerJoin('indicators', 'indicators.id', 'observations.indicator_id')
        .select(['indicators.name', 'indicators.unit', 'observations.area_code', 'observations.period', 'observations.value'])
        .where('observations.dataset_id', '=', datasetId)
        .orderBy('observations.area_code')
        .execute();
      const versions = JSON.parse(meta.source) as FactorVersions;
      const { k, shown, rawSensitive } = await factorProtection(db, viewer, meta, versions);
      const byArea = new Map<string, Map<string, number>>();
      for (const r of rows) {
        let area = byArea.get(r.area_code);
        if (!area) byArea.set(r.area_code, (area = new Map()));
        area.set(r.name, Number(r.value));
      }
      const byFactor = new Map<string, Map<string, ShownFactorValue & { period: string }>>();
      for (const r of rows) {
        let factor = byFactor.get(r.name);
        if (!factor) byFactor.set(r.name, (factor = new Map()));
        factor.set(r.area_code, { ...shown(r.name, r.unit, Number(r.value), byArea.get(r.area_code)!), period: r.period });
      }
      return { datasetId, computedAt: meta.imported_at, protected: k > 0 ? { k } : null, rawSensitive, values: byFactor };
    },
  };

  return store;
}

function unitOf(name: string): string {
  if (name === 'area-km2') return 'km²';
  if (name === 'population-geonames') return 'people';
  if (name.endsWith('share')) return 'share 0–1';
  if (name.startsWith('sites-per-100k')) return 'per 100,000 people';
  if (name.startsWith('sites-per-1000km2')) return 'per 1,000 km²';
  if (name.startsWith('nearest-km')) return 'km';
  return 'count';
}

export type FactorsStore = ReturnType<typeof createFactorsStore>;
