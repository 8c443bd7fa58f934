import type { Feature, FeatureCollection, LineString, MultiPolygon, Polygon, Position } from 'geojson';
import { TRPCError } from '@trpc/server';
import type { Db } from './db';
import { canSee, type Guarded, type Viewer } from './access';
import { COUNTRIES_SET_ID } from './default-data';
import { DEFAULT_SOURCES, type DefaultLayerId } from '../../data/sources';
import { buildBorderlandZoneParallel } from '../compute/borderland-zone-pool';
import { polygonAreaKm2 } from '../domain/geodesy';
import { ZoneShareAreas, zoneShares, type ZoneShare } from '../domain/zone-shares';

export interface CountryProps {
  code: string;
  iso2: string | null;
  isoNumeric: string | null;
  name: string;
}

/** The borderland zone at one width, and each country's share of area inside it. */
export interface BorderlandZone {
  radiusKm: number;
  /** Coordinates rounded to 1e-5° (about a metre), longitudes continuous past ±180°. */
  geometry: MultiPolygon;
  /** Geodesic area of the zone, km². */
  areaKm2: number;
  /** By country code (alpha-3), from the exact overlay of the unrounded zone. */
  shares: Map<string, ZoneShare>;
  /** Time taken to trace the zone and to compute the shares, ms. */
  zoneMs: number;
  sharesMs: number;
}

/** Zones kept in memory, the most recently used first out last (≈ 2 MB each at 50 km). */
const ZONES_KEPT = 8;

export interface LayerSummary {
  id: DefaultLayerId | 'borderland';
  featureCount: number;
  source: string;
  licence: string;
}

/**
 * Read queries for the default layers, each for a viewer: a layer whose dataset the viewer may not
 * see (access.ts; the built-in ones are public) is not theirs to read. Results that only change
 * when data is imported are kept in memory per process (the app server keeps no other state).
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

  // One zone per width, the least recently used dropped past ZONES_KEPT.
  const zones = new Map<number, Promise<BorderlandZone>>();

  // who may read each built-in layer: its dataset's owner and sensitivity
  const guards = () =>
    memo('guards', async () => {
      const ids = Object.values(DEFAULT_SOURCES).map((s) => s.datasetId);
      const rows = await db.selectFrom('datasets').select(['id', 'org_id', 'sensitivity', 'clearance_roles']).where('id', 'in', ids).execute();
      return new Map<string, Guarded>(rows.map((r) => [r.id, r]));
    });
  const mayRead = async (viewer: Viewer, layer: DefaultLayerId) => {
    const row = (await guards()).get(DEFAULT_SOURCES[layer].datasetId);
    return row !== undefined && canSee(viewer, row);
  };
  const assertMayRead = async (viewer: Viewer, ...layers: DefaultLayerId[]) => {
    for (const layer of layers) if (!(await mayRead(viewer, layer))) throw new TRPCError({ code: 'NOT_FOUND', message: `No layer '${layer}'` });
  };

  // the layers as stored, read once; store (below) gives them to the viewers who may read them
  const read = {
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

  };

  const store = {
    clearCache: () => {
      cache.clear();
      zones.clear();
    },

    /** The built-in layers the viewer may read, with their feature counts and provenance. */
    async listLayers(viewer: Viewer): Promise<LayerSummary[]> {
      const all = await memo('layers', async (): Promise<LayerSummary[]> => {
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
      });
      const shown: LayerSummary[] = [];
      for (const l of all) if (await mayRead(viewer, l.id === 'borderland' ? 'borders' : l.id)) shown.push(l);
      return shown;
    },

    /** The countries (Natural Earth admin-0). */
    async countries(viewer: Viewer) {
      await assertMayRead(viewer, 'countries');
      return read.countries();
    },

    /** The land borders between countries, as lines. */
    async borders(viewer: Viewer) {
      await assertMayRead(viewer, 'borders');
      return read.borders();
    },

    /** The airports, as parallel arrays. */
    async airports(viewer: Viewer) {
      await assertMayRead(viewer, 'airports');
      return read.airports();
    },

    /** The GeoNames places, as parallel arrays. */
    async places(viewer: Viewer) {
      await assertMayRead(viewer, 'places');
      return read.places();
    },

    /**
     * The zone within radiusKm of the land borders (traced on worker threads) and every country's
     * share inside it, so that the map and the country panel show the same zone.
     */
    async borderlandZone(viewer: Viewer, radiusKm: number): Promise<BorderlandZone> {
      await assertMayRead(viewer, 'borders', 'countries');
      let hit = zones.get(radiusKm);
      if (hit) {
        zones.delete(radiusKm);
        zones.set(radiusKm, hit);
        return hit;
      }
      hit = (async () => {
        const [borders, countries] = await Promise.all([read.borders(), read.countries()]);
        const areas = await memo('zone-share-areas', async () => new ZoneShareAreas(countries.features.map((f) => f.geometry)));
        const t0 = performance.now();
        const zone = await buildBorderlandZoneParallel(borders.features.map((f) => f.geometry), radiusKm);
        const t1 = performance.now();
        const shares = zoneShares(areas, zone);
        const sharesMs = performance.now() - t1;
        return {
          radiusKm,
          geometry: roundZone(zone),
          areaKm2: polygonAreaKm2(zone),
          shares: new Map(countries.features.map((f, i) => [f.properties.code, shares[i]])),
          zoneMs: t1 - t0,
          sharesMs,
        };
      })();
      zones.set(radiusKm, hit);
      hit.catch(() => zones.delete(radiusKm));
      while (zones.size > ZONES_KEPT) zones.delete(zones.keys().next().value!);
      return hit;
    },

    /** One country with the counts the area profile shows; undefined when the code is unknown. */
    async countryFacts(viewer: Viewer, code: string) {
      await assertMayRead(viewer, 'countries', 'places', 'airports');
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
  return store;
}

export type LayersStore = ReturnType<typeof createLayersStore>;

function round5(v: number): number {
  return Math.round(v * 1e5) / 1e5;
}

// The zone with coordinates rounded for sending, vertices that round together merged.
function roundZone(zone: MultiPolygon): MultiPolygon {
  return {
    type: 'MultiPolygon',
    coordinates: zone.coordinates.map((rings) =>
      rings.map((ring) => {
        const out: Position[] = [];
        for (const [x, y] of ring) {
          const p = [round5(x), round5(y)];
          const last = out[out.length - 1];
          if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
        }
        return out;
      }),
    ),
  };
}
