import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon } from 'geojson';
import type { Db } from './db';
import { COUNTRIES_SET_ID } from './default-data';
import { DEFAULT_SOURCES, type DefaultLayerId } from '../../data/sources';
import { BorderIndex, computeBorderlandShare } from '../domain/borderland';

export interface CountryProps {
  code: string;
  iso2: string | null;
  isoNumeric: string | null;
  name: string;
}

export interface LayerSummary {
  id: DefaultLayerId | 'borderland';
  featureCount: number;
  source: string;
  licence: string;
}

/**
 * Read queries for the default layers. Results that only change when data is imported are kept
 * in memory per process (the app server keeps no other state).
 */
export function createLayersStore({ db }: Db) {
  const cache = new Map<string, Promise<unknown>>();
  const memo = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let hit = cache.get(key) as Promise<T> | undefined;
    if (!hit) {
      hit = load();
      cache.set(key, hit);
      hit.catch(() => cache.delete(key));
    }
    return hit;
  };

  return {
    clearCache: () => cache.clear(),

    listLayers: () =>
      memo('layers', async (): Promise<LayerSummary[]> => {
        const rows = await db.selectFrom('datasets').select(['id', 'feature_count']).execute();
        const count = (id: string) => rows.find((r) => r.id === id)?.feature_count ?? 0;
        const summary = (id: DefaultLayerId): LayerSummary => ({
          id,
          featureCount: count(DEFAULT_SOURCES[id].datasetId),
          source: DEFAULT_SOURCES[id].source,
          licence: DEFAULT_SOURCES[id].licence,
        });
        return [
          summary('countries'),
          { ...summary('borders'), id: 'borderland' },
          summary('airports'),
          summary('places'),
        ];
      }),

    countries: () =>
      memo('countries', async (): Promise<FeatureCollection<Polygon | MultiPolygon, CountryProps>> => {
        const rows = await db
          .selectFrom('areas')
          .select(['id', 'code', 'name', 'props', 'geometry'])
          .where('boundary_set_id', '=', COUNTRIES_SET_ID)
          .orderBy('code')
          .execute();
        return {
          type: 'FeatureCollection',
          features: rows.map((r, i): Feature<Polygon | MultiPolygon, CountryProps> => {
            const props = JSON.parse(r.props);
            return {
              type: 'Feature',
              id: i,
              properties: { code: r.code, iso2: props.iso2 ?? null, isoNumeric: props.isoNumeric ?? null, name: r.name },
              geometry: JSON.parse(r.geometry),
            };
          }),
        };
      }),

    borders: () =>
      memo('borders', async (): Promise<FeatureCollection<LineString, { a: string; b: string }>> => {
        const rows = await db
          .selectFrom('border_lines')
          .select(['a', 'b', 'geometry'])
          .where('dataset_id', '=', DEFAULT_SOURCES.borders.datasetId)
          .orderBy('id')
          .execute();
        return {
          type: 'FeatureCollection',
          features: rows.map((r) => ({ type: 'Feature', properties: { a: r.a, b: r.b }, geometry: JSON.parse(r.geometry) })),
        };
      }),

    airports: () =>
      memo('airports', async () => {
        const rows = await db
          .selectFrom('sites')
          .select(['name', 'lng', 'lat', 'props'])
          .where('dataset_id', '=', DEFAULT_SOURCES.airports.datasetId)
          .orderBy('id')
          .execute();
        const coordinates: number[] = [];
        for (const r of rows) coordinates.push(round5(r.lng), round5(r.lat));
        return {
          names: rows.map((r) => r.name),
          iata: rows.map((r) => (JSON.parse(r.props).iata as string | null) ?? ''),
          coordinates,
        };
      }),

    places: () =>
      memo('places', async () => {
        const rows = await db
          .selectFrom('places')
          .select(['name', 'population', 'lng', 'lat'])
          .where('dataset_id', '=', DEFAULT_SOURCES.places.datasetId)
          .orderBy('id')
          .execute();
        const coordinates: number[] = new Array(rows.length * 2);
        rows.forEach((r, i) => {
          coordinates[2 * i] = round5(r.lng);
          coordinates[2 * i + 1] = round5(r.lat);
        });
        return { names: rows.map((r) => r.name), population: rows.map((r) => r.population), coordinates };
      }),

    /** Share of a country's area within radiusKm of a land border (cached per country and radius). */
    borderlandShare(code: string, geometry: Polygon | MultiPolygon, radiusKm: number) {
      return memo(`share:${code}:${radiusKm}`, async () => {
        const index = await memo('border-index', async () => {
          const { features } = await this.borders();
          return new BorderIndex(features.map((f) => f.geometry));
        });
        return computeBorderlandShare(geometry, index, radiusKm);
      });
    },

    /** One country with the counts the area profile shows; undefined when the code is unknown. */
    async countryFacts(code: string) {
      const area = await db
        .selectFrom('areas')
        .select(['code', 'name', 'props', 'geometry', 'area_km2'])
        .where('boundary_set_id', '=', COUNTRIES_SET_ID)
        .where('code', '=', code)
        .executeTakeFirst();
      if (!area) return undefined;
      const places = await db
        .selectFrom('places')
        .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('population').as('pop')])
        .where('area_code', '=', code)
        .executeTakeFirstOrThrow();
      const airports = await db
        .selectFrom('sites')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('dataset_id', '=', DEFAULT_SOURCES.airports.datasetId)
        .where('area_code', '=', code)
        .executeTakeFirstOrThrow();
      const props = JSON.parse(area.props);
      return {
        code: area.code,
        name: area.name,
        iso2: (props.iso2 as string | null) ?? null,
        isoNumeric: (props.isoNumeric as string | null) ?? null,
        geometry: JSON.parse(area.geometry) as Polygon | MultiPolygon,
        areaKm2: Number(area.area_km2),
        placesCount: Number(places.n),
        population: Number(places.pop ?? 0),
        airportsCount: Number(airports.n),
      };
    },
  };
}

export type LayersStore = ReturnType<typeof createLayersStore>;

function round5(v: number): number {
  return Math.round(v * 1e5) / 1e5;
}
