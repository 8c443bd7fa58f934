import type { MultiPolygon, Polygon } from 'geojson';
import type { Db } from './db';
import { batchSize } from './db';
import { DEFAULT_ORG_ID } from './default-data';
import { DEFAULT_SOURCES } from '../../data/sources';
import { computeAreaFactors, type AreaFactorOptions } from '../domain/area-factors';
import { BorderIndex } from '../domain/borderland';
import { PolygonIndex } from '../domain/polygon-index';

export interface FactorSettings extends Required<Pick<AreaFactorOptions, 'borderKm' | 'catchmentKm'>> {}

/** One derived value: the indicator id is `factor:<name>[:<category>]`. */
export interface FactorValue {
  factor: string;
  category: string | null;
  value: number;
}

const factorDatasetId = (boundarySetId: string) => `factors:${boundarySetId}`;

/**
 * Factors per area, computed from the current layers and stored as observations of a derived
 * dataset, with the versions of the layers they came from and the settings, so that they can be
 * mapped, profiled and used by the risk model like any indicator. A recompute replaces them in one
 * transaction.
 */
export function createFactorsStore({ db }: Db) {
  return {
    async compute(boundarySetId: string, settings: FactorSettings, orgId = DEFAULT_ORG_ID) {
      const t0 = performance.now();
      const areaRows = await db.selectFrom('areas').select(['code', 'geometry']).where('boundary_set_id', '=', boundarySetId).orderBy('code').execute();
      if (areaRows.length === 0) return undefined;
      const areas = areaRows.map((r) => ({ code: r.code, geometry: JSON.parse(r.geometry) as Polygon | MultiPolygon, population: 0 as number | null }));

      // Population: GeoNames places inside each area (an estimate, labelled as such).
      const places = await db.selectFrom('places').select(['lng', 'lat', 'population']).execute();
      const index = new PolygonIndex(areas.map((a) => a.geometry));
      const xy = new Float64Array(places.length * 2);
      places.forEach((p, i) => {
        xy[2 * i] = p.lng;
        xy[2 * i + 1] = p.lat;
      });
      index.locateAll(xy).forEach((h, i) => {
        if (h >= 0) areas[h].population! += Number(places[i].population);
      });
      for (const a of areas) if (a.population === 0) a.population = null;

      const siteDatasets = await db
        .selectFrom('datasets')
        .select(['id', 'imported_at'])
        .where('kind', '=', 'sites')
        .where('hidden', '=', 0)
        .where((eb) => eb.or([eb('org_id', '=', orgId), eb('sensitivity', '=', 'public')]))
        .execute();
      const sites = siteDatasets.length
        ? await db.selectFrom('sites').select(['category', 'lng', 'lat']).where('dataset_id', 'in', siteDatasets.map((d) => d.id)).execute()
        : [];
      const borderRows = await db.selectFrom('border_lines').select('geometry').where('dataset_id', '=', DEFAULT_SOURCES.borders.datasetId).execute();
      const borders = new BorderIndex(borderRows.map((r) => JSON.parse(r.geometry)));
      const results = computeAreaFactors(areas, sites, borders, settings);

      const values: { code: string; factor: string; value: number }[] = [];
      for (const r of results) {
        values.push({ code: r.code, factor: 'area-km2', value: r.areaKm2 });
        if (r.population !== null) values.push({ code: r.code, factor: 'population-geonames', value: r.population });
        values.push({ code: r.code, factor: 'borderland-share', value: r.borderlandShare });
        values.push({ code: r.code, factor: 'transit-catchment-share', value: r.transitCatchmentShare });
        for (const [c, n] of Object.entries(r.counts)) {
          values.push({ code: r.code, factor: `sites-count:${c}`, value: n });
          if (Number.isFinite(r.per100k[c])) values.push({ code: r.code, factor: `sites-per-100k:${c}`, value: r.per100k[c] });
          if (Number.isFinite(r.per1000Km2[c])) values.push({ code: r.code, factor: `sites-per-1000km2:${c}`, value: r.per1000Km2[c] });
        }
        for (const [c, km] of Object.entries(r.nearestTransitKm)) if (Number.isFinite(km)) values.push({ code: r.code, factor: `nearest-km:${c}`, value: km });
      }

      const datasetId = factorDatasetId(boundarySetId);
      const now = new Date().toISOString();
      const versions = { settings, sites: siteDatasets.map((d) => `${d.id}@${d.imported_at}`).sort(), borders: DEFAULT_SOURCES.borders.datasetId, places: DEFAULT_SOURCES.places.datasetId };
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('observations').where('dataset_id', '=', datasetId).execute();
        await trx.deleteFrom('indicators').where('id', 'like', `${datasetId}:%`).execute();
        await trx.deleteFrom('datasets').where('id', '=', datasetId).execute();
        await trx
          .insertInto('datasets')
          .values({
            id: datasetId, org_id: orgId, name: `Factors of ${boundarySetId}`, kind: 'factors', source: JSON.stringify(versions),
            licence: 'Derived', data_date: now.slice(0, 10), imported_by: 'system', imported_at: now, sensitivity: 'internal',
            file_name: null, file_hash: null, feature_count: values.length, hidden: 0, style: null,
          })
          .execute();
        const names = [...new Set(values.map((v) => v.factor))];
        for (const name of names) {
          await trx
            .insertInto('indicators')
            .values({ id: `${datasetId}:${name}`, org_id: orgId, name, unit: unitOf(name), direction: 'higher-more-risk', transform: 'none', source: 'Risk Atlas factors', licence: 'Derived', sensitivity: 'internal' })
            .execute();
        }
        const rows = values.map((v) => ({
          indicator_id: `${datasetId}:${v.factor}`, dataset_id: datasetId, org_id: orgId, sensitivity: 'internal' as const,
          boundary_set_id: boundarySetId, area_code: v.code, period: now.slice(0, 10), value: v.value, lower: null, upper: null,
        }));
        const size = batchSize(11);
        for (let i = 0; i < rows.length; i += size) await trx.insertInto('observations').values(rows.slice(i, i + size)).execute();
      });
      return { datasetId, areas: areas.length, values: values.length, versions, ms: Math.round(performance.now() - t0) };
    },

    /** The stored factors of one area, with the settings and layer versions they came from. */
    async get(boundarySetId: string, code: string) {
      const datasetId = factorDatasetId(boundarySetId);
      const meta = await db.selectFrom('datasets').select(['source', 'imported_at']).where('id', '=', datasetId).executeTakeFirst();
      if (!meta) return undefined;
      const rows = await db
        .selectFrom('observations')
        .innerJoin('indicators', 'indicators.id', 'observations.indicator_id')
        .select(['indicators.name', 'indicators.unit', 'observations.value'])
        .where('observations.dataset_id', '=', datasetId)
        .where('observations.area_code', '=', code)
        .orderBy('indicators.name')
        .execute();
      const values: (FactorValue & { unit: string })[] = rows.map((r) => {
        const [factor, category = null] = r.name.split(/:(.*)/s, 2);
        return { factor, category, unit: r.unit, value: Number(r.value) };
      });
      return { computedAt: meta.imported_at, versions: JSON.parse(meta.source), values };
    },
  };
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
