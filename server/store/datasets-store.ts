import crypto from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from './schema';
import { batchSize, type Db } from './db';
import { writeSitesBulk, type SiteRow } from './bulk-sites';
import { loadCountryIndex, type CountryIndex } from './country-index';
import { bboxOf, roundCoordinates } from './geometry-columns';
import { DEFAULT_ORG_ID } from './default-data';
import { TRPCError } from '@trpc/server';
import { assertCanEdit, visibleDatasets, canSee, hasClearance, type Guarded, type Viewer, suppressionKOf } from './access';
import { factorProtection } from './factor-protection';
import type { FactorVersions } from '../domain/factor-plan';
import { generaliseSites, type GeneralisedSites } from '../domain/generalise';
import { DEFAULT_SOURCES } from '../../data/sources';
import { polygonAreaKm2 } from '../domain/geodesy';
import type { AreaInput, Sensitivity, SiteInput } from '../domain/types';
import { getCategory } from '../domain/taxonomy';

const RANK: Record<Sensitivity, number> = { public: 0, internal: 1, restricted: 2 };

/** The stricter of two sensitivities: a child-welfare institution stays restricted in a public file. */
export function stricter(a: Sensitivity, b: Sensitivity): Sensitivity {
  return RANK[a] >= RANK[b] ? a : b;
}

export type DatasetKind = 'boundaries' | 'sites' | 'observations';

/** Provenance recorded with every dataset. */
export interface DatasetMeta {
  name: string;
  kind: DatasetKind;
  source: string;
  licence: string;
  dataDate: string | null;
  sensitivity: Sensitivity;
  fileName: string | null;
  fileHash: string | null;
  importedBy: string;
  orgId: string;
}

/** An observation already joined to an area of a boundary set. */
export interface JoinedObservation {
  areaCode: string;
  indicator: string;
  period: string;
  value: number;
  lower?: number | null;
  upper?: number | null;
}

export interface PublishPayload {
  areas?: { level: number; items: AreaInput[] };
  sites?: SiteInput[];
  observations?: { boundarySetId: string; unit: string; direction: string; items: JoinedObservation[] };
}

export interface WriteControl {
  /** Aborting rolls the whole import back. */
  signal?: AbortSignal;
  /** 0–1 share of rows written. */
  onProgress?: (done: number, total: number) => void;
}

export interface SitesWriteControl extends Pick<WriteControl, 'signal'> {
  /** The file's hash once every batch has been read, when meta.fileHash could not be known before. */
  fileHash?: () => string | null;
}

/** Thrown when an import is cancelled; nothing of it was written. */
export class ImportCancelled extends Error {
  constructor() {
    super('The import was cancelled; nothing was written.');
  }
}

const DEFAULT_IDS = new Set<string>(Object.values(DEFAULT_SOURCES).map((s) => s.datasetId));

function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'dataset'
  );
}

export interface DatasetsStoreOptions {
  /** Where the index of the countries is kept between runs (country-index.ts). @default null: nowhere */
  cacheDir?: string | null;
  /** H3 resolution restricted sites are generalised to for viewers without clearance. @default 5 (cells of about 250 km²) */
  h3Resolution?: number;
}

/** Datasets: publish an import in one transaction, list the catalogue, rename, restyle, hide, delete. */
export function createDatasetsStore(handle: Db, options: DatasetsStoreOptions = {}) {
  const { db, dialect } = handle;
  let countryIndex: Promise<CountryIndex> | null = null;
  const countries = () => {
    if (!countryIndex) {
      countryIndex = loadCountryIndex(db, options.cacheDir ?? null);
      // a failure is not kept: the next import tries again
      countryIndex.catch(() => (countryIndex = null));
    }
    return countryIndex;
  };

  async function insertRows<T extends keyof Database>(
    trx: Transaction<Database>,
    table: T,
    rows: any[],
    control: WriteControl,
    progress: { done: number; total: number },
  ) {
    if (rows.length === 0) return;
    const size = Math.min(2000, batchSize(Object.keys(rows[0]).length));
    for (let i = 0; i < rows.length; i += size) {
      if (control.signal?.aborted) throw new ImportCancelled();
      const batch = rows.slice(i, i + size);
      await trx.insertInto(table).values(batch).execute();
      progress.done += batch.length;
      control.onProgress?.(progress.done, progress.total);
      // Let the event loop answer progress polls between batches.
      await new Promise((r) => setImmediate(r));
    }
  }

  return {
    /**
     * Writes a dataset and everything it yields in one transaction: it is published completely or
     * not at all (an error or a cancel rolls it back).
     */
    async publish(meta: DatasetMeta, payload: PublishPayload, control: WriteControl = {}): Promise<{ datasetId: string; boundarySetId?: string }> {
      const datasetId = `${slug(meta.name)}-${crypto.randomBytes(4).toString('hex')}`;
      const now = new Date().toISOString();
      const total = (payload.areas?.items.length ?? 0) + (payload.sites?.length ?? 0) + (payload.observations?.items.length ?? 0);
      const progress = { done: 0, total };
      const siteAreas = payload.sites?.length ? await countries() : null;

      const result = await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('datasets')
          .values({
            id: datasetId, org_id: meta.orgId, name: meta.name, kind: meta.kind, source: meta.source, licence: meta.licence,
            data_date: meta.dataDate, imported_by: meta.importedBy, imported_at: now, sensitivity: meta.sensitivity,
            file_name: meta.fileName, file_hash: meta.fileHash, feature_count: total, hidden: 0, style: null,
          })
          .execute();
        let boundarySetId: string | undefined;
        if (payload.areas) {
          boundarySetId = datasetId;
          await trx
            .insertInto('boundary_sets')
            .values({ id: boundarySetId, dataset_id: datasetId, org_id: meta.orgId, name: meta.name, level: payload.areas.level, version: now.slice(0, 10) })
            .execute();
          const rows = payload.areas.items.map((a) => {
            const geometry = roundCoordinates(a.geometry, 6);
            const [min_lng, min_lat, max_lng, max_lat] = bboxOf(geometry);
            return {
              boundary_set_id: boundarySetId!, org_id: meta.orgId, sensitivity: meta.sensitivity, code: a.code, name: a.name,
              level: a.level, parent_code: a.parentCode, props: JSON.stringify(a.props), geometry: JSON.stringify(geometry),
              min_lng, min_lat, max_lng, max_lat, area_km2: polygonAreaKm2(a.geometry),
            };
          });
          await insertRows(trx, 'areas', rows, control, progress);
        }
        if (payload.sites && siteAreas) {
          const rows = payload.sites.map((s) => {
            const hit = siteAreas.index.locate(s.lng, s.lat);
            return {
              dataset_id: datasetId, org_id: meta.orgId, sensitivity: stricter(meta.sensitivity, getCategory(s.category).defaultSensitivity), category: s.category, name: s.name,
              lng: s.lng, lat: s.lat, props: JSON.stringify(s.props), area_code: hit >= 0 ? siteAreas.codes[hit] : null,
            };
          });
          await insertRows(trx, 'sites', rows, control, progress);
        }
        if (payload.observations) {
          const o = payload.observations;
          const indicatorIds = new Map<string, string>();
          for (const name of new Set(o.items.map((x) => x.indicator))) {
            const id = `${datasetId}:${slug(name)}-${indicatorIds.size + 1}`;
            indicatorIds.set(name, id);
            await trx
              .insertInto('indicators')
              .values({ id, org_id: meta.orgId, name, unit: o.unit, direction: o.direction, transform: 'none', source: meta.source, licence: meta.licence, sensitivity: meta.sensitivity })
              .execute();
          }
          const rows = o.items.map((x) => ({
            indicator_id: indicatorIds.get(x.indicator)!, dataset_id: datasetId, org_id: meta.orgId, sensitivity: meta.sensitivity,
            boundary_set_id: o.boundarySetId, area_code: x.areaCode, period: x.period, value: x.value, lower: x.lower ?? null, upper: x.upper ?? null,
          }));
          await insertRows(trx, 'observations', rows, control, progress);
        }
        if (control.signal?.aborted) throw new ImportCancelled();
        return { datasetId, boundarySetId };
      });
      return result;
    },

    /**
     * publish for sites that come in batches from a file too big to hold: the dataset and every
     * batch go in one transaction through the database's bulk path (bulk-sites.ts). Each site
     * gets its country and sensitivity as in publish. An error — from the database or from the
     * iteration of `sites` — or a cancel rolls it all back. Progress is the caller's to report: it
     * knows how much of the file it has read.
     */
    async publishSites(meta: DatasetMeta, sites: AsyncIterable<SiteInput[]>, control: SitesWriteControl = {}): Promise<{ datasetId: string; sites: number }> {
      const datasetId = `${slug(meta.name)}-${crypto.randomBytes(4).toString('hex')}`;
      const { index, codes } = await countries();
      const sensitivities = new Map<string, Sensitivity>();
      const sensitivityOf = (category: string) => {
        let s = sensitivities.get(category);
        if (!s) sensitivities.set(category, (s = stricter(meta.sensitivity, getCategory(category).defaultSensitivity)));
        return s;
      };
      const cancelled = () => {
        if (control.signal?.aborted) throw new ImportCancelled();
      };
      async function* rows(): AsyncGenerator<SiteRow[]> {
        for await (const batch of sites) {
          cancelled();
          yield batch.map((s) => {
            const hit = index.locate(s.lng, s.lat);
            return { category: s.category, name: s.name, lng: s.lng, lat: s.lat, props: JSON.stringify(s.props), area_code: hit >= 0 ? codes[hit] : null, sensitivity: sensitivityOf(s.category) };
          });
        }
        cancelled();
      }
      const dataset = {
        id: datasetId, org_id: meta.orgId, name: meta.name, kind: meta.kind, source: meta.source, licence: meta.licence,
        data_date: meta.dataDate, imported_by: meta.importedBy, imported_at: new Date().toISOString(), sensitivity: meta.sensitivity,
        file_name: meta.fileName, file_hash: meta.fileHash, feature_count: 0, hidden: 0, style: null,
      };
      const count = await writeSitesBulk(handle, dataset, rows(), { beforeCommit: cancelled, fileHash: control.fileHash });
      return { datasetId, sites: count };
    },

    /** The catalogue: every dataset the viewer may see (access.ts), newest first, with its provenance. */
    async list(viewer: Viewer) {
      const rows = await db
        .selectFrom('datasets')
        .select(['id', 'org_id', 'name', 'kind', 'source', 'licence', 'data_date', 'imported_by', 'imported_at', 'sensitivity', 'clearance_roles', 'file_name', 'file_hash', 'feature_count', 'hidden', 'style', 'version'])
        .where(visibleDatasets(viewer))
        .orderBy('imported_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id, orgId: r.org_id, name: r.name, kind: r.kind, source: r.source, licence: r.licence, dataDate: r.data_date, importedBy: r.imported_by,
        importedAt: r.imported_at, sensitivity: r.sensitivity, clearanceRoles: r.clearance_roles.split(','), fileName: r.file_name, fileHash: r.file_hash,
        featureCount: Number(r.feature_count), hidden: Boolean(Number(r.hidden)), style: r.style ? (JSON.parse(r.style) as DatasetStyle) : null,
        version: Number(r.version), builtIn: DEFAULT_IDS.has(r.id),
      }));
    },

    /** A dataset's owner and sensitivity, or undefined when it does not exist or the viewer may not see it. */
    async get(viewer: Viewer, id: string) {
      const row = await db.selectFrom('datasets').select(['id', 'org_id', 'name', 'kind', 'sensitivity', 'clearance_roles']).where('id', '=', id).executeTakeFirst();
      return row && canSee(viewer, row) ? row : undefined;
    },

    /**
     * Renames, restyles or hides a dataset saved from `version`, for one of its organisation's
     * editors (assertCanEdit); a save from an older version (someone else saved in between) is
     * refused with StaleDataset carrying the current state. Returns the new version and the dataset.
     */
    async update(viewer: Viewer, id: string, version: number, patch: { name?: string; hidden?: boolean; style?: DatasetStyle | null; sensitivity?: Sensitivity }) {
      const found = await editable(viewer, id);
      if (patch.sensitivity !== undefined && DEFAULT_IDS.has(id)) throw new BuiltInDataset(`Dataset '${id}' is built in: its sensitivity cannot be changed.`);
      return { dataset: found, version: await db.transaction().execute(async (trx) => {
        const current = await trx.selectFrom('datasets').select(['name', 'hidden', 'style', 'version']).where('id', '=', id).executeTakeFirst();
        if (!current) throw new Error(`No dataset '${id}'`);
        if (Number(current.version) !== version) {
          throw new StaleDataset(`Dataset '${id}' was changed by someone else since you opened it (version ${version}, now ${Number(current.version)}); look at the current one and save again.`, {
            version: Number(current.version), name: current.name, hidden: Boolean(Number(current.hidden)), style: current.style ? (JSON.parse(current.style) as DatasetStyle) : null,
          });
        }
        const values: { name?: string; hidden?: number; style?: string | null; sensitivity?: Sensitivity } = {};
        if (patch.sensitivity !== undefined) values.sensitivity = patch.sensitivity;
        if (patch.name !== undefined) values.name = patch.name;
        if (patch.hidden !== undefined) values.hidden = patch.hidden ? 1 : 0;
        if (patch.style !== undefined) values.style = patch.style ? JSON.stringify(patch.style) : null;
        await trx.updateTable('datasets').set({ ...values, version: version + 1 }).where('id', '=', id).where('version', '=', version).execute();
        if (patch.name !== undefined) await trx.updateTable('boundary_sets').set({ name: patch.name }).where('dataset_id', '=', id).execute();
        if (patch.sensitivity !== undefined && patch.sensitivity !== found.sensitivity) await setSensitivity(trx, id, patch.sensitivity);
        return version + 1;
      }) };
    },

    /**
     * Deletes a dataset with its layer, for one of its organisation's editors: its areas, sites and
     * observations go with it. Built-in ones are refused. Returns the dataset deleted.
     */
    async remove(viewer: Viewer, id: string) {
      const found = await editable(viewer, id);
      if (DEFAULT_IDS.has(id)) throw new BuiltInDataset(`Dataset '${id}' is built in: it can be hidden (datasets.update with hidden: true), not deleted.`);
      await db.transaction().execute(async (trx) => {
        // Observations joined to this dataset's boundary set belong to other datasets: keep them
        // from pointing at nothing by refusing, rather than deleting another dataset's rows.
        const dependants = await trx
          .selectFrom('observations')
          .select('dataset_id')
          .where('boundary_set_id', '=', id)
          .where('dataset_id', '!=', id)
          .groupBy('dataset_id')
          .execute();
        if (dependants.length) {
          throw new DatasetInUse(`Dataset '${id}' has observations of ${dependants.length} other dataset(s) joined to its areas (${dependants.map((d) => d.dataset_id).join(', ')}); delete those first.`);
        }
        await trx.deleteFrom('observations').where('dataset_id', '=', id).execute();
        await trx.deleteFrom('indicators').where('id', 'like', `${id}:%`).execute();
        // its sites go with the dataset row below: by the foreign key's cascade on SQLite, on
        // PostgreSQL by a trigger that drops its partition whole (migrations 003, 004)
        await trx.deleteFrom('areas').where('boundary_set_id', 'in', trx.selectFrom('boundary_sets').select('id').where('dataset_id', '=', id)).execute();
        await trx.deleteFrom('boundary_sets').where('dataset_id', '=', id).execute();
        await trx.deleteFrom('datasets').where('id', '=', id).execute();
      });
      return found;
    },

    /** Boundary sets that observations can be joined to. */
    async boundarySets(viewer: Viewer) {
      const rows = await db
        .selectFrom('boundary_sets')
        .innerJoin('datasets', 'datasets.id', 'boundary_sets.dataset_id')
        .select(['boundary_sets.id', 'boundary_sets.name', 'boundary_sets.level', 'boundary_sets.version', 'datasets.feature_count'])
        .where(visibleDatasets(viewer))
        .orderBy('boundary_sets.level')
        .orderBy('boundary_sets.name')
        .execute();
      return rows.map((r) => ({ id: r.id, name: r.name, level: Number(r.level), version: r.version, areaCount: Number(r.feature_count) }));
    },

    /** The areas of a boundary set as join candidates (codes, names, other codes). */
    async joinCandidates(viewer: Viewer, boundarySetId: string) {
      const rows = await db
        .selectFrom('areas')
        .innerJoin('boundary_sets', 'boundary_sets.id', 'areas.boundary_set_id')
        .innerJoin('datasets', 'datasets.id', 'boundary_sets.dataset_id')
        .select(['areas.code', 'areas.name', 'areas.props'])
        .where('areas.boundary_set_id', '=', boundarySetId)
        .where(visibleDatasets(viewer))
        .execute();
      return rows.map((r) => {
        const props = JSON.parse(r.props) as Record<string, string | number | null>;
        const alt = props.altNames;
        return { code: r.code, name: r.name, props, altNames: typeof alt === 'string' && alt ? alt.split('|') : undefined };
      });
    },

    /**
     * What the tiles need of a dataset the viewer may see (undefined otherwise): its kind and
     * sensitivity, its version (import time and feature count, one indexed query), whether it holds
     * restricted sites and whether the viewer is cleared for them.
     */
    async layerOf(viewer: Viewer, id: string) {
      const row = await db.selectFrom('datasets').select(['kind', 'org_id', 'sensitivity', 'clearance_roles', 'imported_at', 'feature_count']).where('id', '=', id).executeTakeFirst();
      if (!row || !canSee(viewer, row)) return undefined;
      const restricted = row.kind === 'sites'
        ? await db.selectFrom('sites').select('id').where('dataset_id', '=', id).where('sensitivity', '=', 'restricted').limit(1).executeTakeFirst()
        : undefined;
      return { kind: row.kind, sensitivity: row.sensitivity, version: `${row.imported_at}|${Number(row.feature_count)}`, restrictedSites: restricted !== undefined, cleared: hasClearance(viewer, row) };
    },

    /** The built-in GeoNames places with their country and population, for export; undefined for another dataset. */
    async places(viewer: Viewer, id: string) {
      const meta = await db.selectFrom('datasets').select(['kind', 'org_id', 'sensitivity', 'clearance_roles']).where('id', '=', id).executeTakeFirst();
      if (meta?.kind !== 'places' || !canSee(viewer, meta)) return undefined;
      const rows = await db.selectFrom('places').select(['name', 'population', 'country_iso2', 'lng', 'lat']).where('dataset_id', '=', id).orderBy('id').execute();
      return {
        names: rows.map((r) => r.name),
        population: rows.map((r) => Number(r.population)),
        countries: rows.map((r) => r.country_iso2),
        coordinates: rows.flatMap((r) => [r.lng, r.lat]),
      };
    },

    /** A dataset's features for the map: sites as points, areas as polygons with their codes. */
    async features(viewer: Viewer, id: string) {
      const meta = await db.selectFrom('datasets').select(['kind', 'org_id', 'sensitivity', 'clearance_roles', 'source']).where('id', '=', id).executeTakeFirst();
      if (!meta || !canSee(viewer, meta)) return undefined;
      // the places have their own reader (places above) and their own layer (layers-store)
      if (meta.kind === 'places') return undefined;
      if (meta.kind === 'borders') {
        const rows = await db.selectFrom('border_lines').select(['a', 'b', 'geometry']).where('dataset_id', '=', id).orderBy('id').execute();
        return {
          kind: 'boundaries' as const,
          geojson: {
            type: 'FeatureCollection' as const,
            features: rows.map((r, i) => ({ type: 'Feature' as const, id: i, properties: { code: `${r.a}-${r.b}`, name: `${r.a} – ${r.b}` }, geometry: JSON.parse(r.geometry) })),
          },
        };
      }
      if (meta.kind === 'sites') {
        const rows = await db.selectFrom('sites').select(['id', 'name', 'category', 'lng', 'lat', 'sensitivity']).where('dataset_id', '=', id).orderBy('id').execute();
        const sites = {
          names: rows.map((r) => r.name),
          categories: rows.map((r) => r.category),
          coordinates: rows.flatMap((r) => [r.lng, r.lat]),
        };
        const restricted = rows.map((r) => r.sensitivity === 'restricted');
        const restrictedCount = restricted.filter(Boolean).length;
        // restricted sites reach a viewer without clearance only as H3 cells with protected counts
        if (restrictedCount > 0 && !hasClearance(viewer, meta)) {
          const k = await suppressionK(meta.org_id);
          return { kind: 'sites' as const, ...generaliseSites(sites, restricted, { resolution: options.h3Resolution ?? 5, k }), restrictedShown: 0 };
        }
        return { kind: 'sites' as const, ...sites, counts: undefined as GeneralisedSites['counts'] | undefined, below: undefined as number[] | undefined, generalised: undefined as GeneralisedSites['generalised'] | undefined, cells: undefined as string[] | undefined, restrictedShown: restrictedCount };
      }
      if (meta.kind === 'boundaries') {
        const rows = await db
          .selectFrom('areas')
          .innerJoin('boundary_sets', 'boundary_sets.id', 'areas.boundary_set_id')
          .select(['areas.code', 'areas.name', 'areas.geometry'])
          .where('boundary_sets.dataset_id', '=', id)
          .orderBy('areas.code')
          .execute();
        return {
          kind: 'boundaries' as const,
          geojson: {
            type: 'FeatureCollection' as const,
            features: rows.map((r, i) => ({ type: 'Feature' as const, id: i, properties: { code: r.code, name: r.name }, geometry: JSON.parse(r.geometry) })),
          },
        };
      }
      if (meta.kind === 'factors') return { kind: 'factors' as const, rows: await factorRows(viewer, id, meta) };
      const rows = await db
        .selectFrom('observations')
        .innerJoin('indicators', 'indicators.id', 'observations.indicator_id')
        .select(['indicators.name as indicator', 'observations.boundary_set_id', 'observations.area_code', 'observations.period', 'observations.value'])
        .where('observations.dataset_id', '=', id)
        .orderBy('observations.id')
        .execute();
      // each indicator's unit, for the legend ('' when the import gave none)
      const indicators = await db
        .selectFrom('indicators')
        .select(['name', 'unit'])
        .where('id', 'in', db.selectFrom('observations').select('indicator_id').distinct().where('dataset_id', '=', id))
        .orderBy('name')
        .execute();
      return {
        kind: 'observations' as const,
        indicators: indicators.map((i) => ({ name: i.name, unit: i.unit })),
        rows: rows.map((r) => ({ indicator: r.indicator, boundarySetId: r.boundary_set_id, areaCode: r.area_code, period: r.period, value: Number(r.value) })),
      };
    },
    dialect,
  };

  function suppressionK(orgId: string): Promise<number> {
    return suppressionKOf(db, orgId);
  }

  /** A dataset the viewer may see and change: NOT_FOUND when they may not see it, FORBIDDEN when not theirs to change. */
  /**
   * A dataset's new sensitivity on the copies its rows keep (areas, sites, indicators,
   * observations), as publish sets them: a site of a category restricted by default (a
   * child-welfare institution) stays restricted whatever the dataset says.
   */
  async function setSensitivity(trx: Transaction<Database>, id: string, sensitivity: Sensitivity) {
    await trx.updateTable('areas').set({ sensitivity }).where('boundary_set_id', 'in', trx.selectFrom('boundary_sets').select('id').where('dataset_id', '=', id)).execute();
    const categories = await trx.selectFrom('sites').select('category').distinct().where('dataset_id', '=', id).execute();
    for (const { category } of categories) {
      await trx.updateTable('sites').set({ sensitivity: stricter(sensitivity, getCategory(category).defaultSensitivity) }).where('dataset_id', '=', id).where('category', '=', category).execute();
    }
    await trx.updateTable('indicators').set({ sensitivity }).where('id', 'like', `${id}:%`).execute();
    await trx.updateTable('observations').set({ sensitivity }).where('dataset_id', '=', id).execute();
  }

  async function editable(viewer: Viewer, id: string) {
    const row = await db.selectFrom('datasets').select(['id', 'org_id', 'name', 'kind', 'sensitivity', 'clearance_roles']).where('id', '=', id).executeTakeFirst();
    if (!row || !canSee(viewer, row)) throw new TRPCError({ code: 'NOT_FOUND', message: `No dataset '${id}'` });
    assertCanEdit(viewer, row.org_id, `Dataset '${id}'`);
    return row;
  }

  /**
   * The rows of a stored factors dataset as this viewer may have them: protected exactly as
   * factors.get protects them (factor-protection.ts), so that the raw dataset doors (features, the
   * CSV export) give a viewer without clearance no small count that the factor panel hides.
   */
  async function factorRows(viewer: Viewer, id: string, meta: Guarded & { source: string }): Promise<FactorRow[]> {
    const rows = await db
      .selectFrom('observations')
      .innerJoin('indicators', 'indicators.id', 'observations.indicator_id')
      .select(['indicators.name as indicator', 'indicators.unit', 'observations.boundary_set_id', 'observations.area_code', 'observations.period', 'observations.value'])
      .where('observations.dataset_id', '=', id)
      .orderBy('observations.id')
      .execute();
    const { shown } = await factorProtection(db, viewer, meta, JSON.parse(meta.source) as Partial<FactorVersions>);
    const byArea = new Map<string, Map<string, number>>();
    for (const r of rows) {
      let area = byArea.get(r.area_code);
      if (!area) byArea.set(r.area_code, (area = new Map()));
      area.set(r.indicator, Number(r.value));
    }
    return rows.map((r) => {
      const { value, below, roundedTo, withheld } = shown(r.indicator, r.unit, Number(r.value), byArea.get(r.area_code)!);
      return { indicator: r.indicator, boundarySetId: r.boundary_set_id, areaCode: r.area_code, period: r.period, value, ...(below !== undefined && { below }), ...(roundedTo !== undefined && { roundedTo }), ...(withheld && { withheld }) };
    });
  }
}

/** One stored factor of one area through the dataset doors: `value` null when under k (`below`) or withheld. */
export interface FactorRow {
  indicator: string;
  boundarySetId: string;
  areaCode: string;
  period: string;
  value: number | null;
  below?: number;
  roundedTo?: number;
  withheld?: boolean;
}

export class DatasetInUse extends Error {}

/** A save made from an older version of a dataset; `current` is what it is now. */
export class StaleDataset extends Error {
  constructor(
    message: string,
    readonly current: { version: number; name: string; hidden: boolean; style: DatasetStyle | null },
  ) {
    super(message);
  }
}

/** Thrown for a built-in dataset (countries, borders, airports, places): it can be hidden, not deleted. */
export class BuiltInDataset extends DatasetInUse {}

/** How a user styled a layer. */
export interface DatasetStyle {
  colour?: string;
  opacity?: number;
  radiusPx?: number;
}

export type DatasetsStore = ReturnType<typeof createDatasetsStore>;
export { DEFAULT_ORG_ID };
