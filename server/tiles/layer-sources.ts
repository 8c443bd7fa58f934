import type { Db } from '../store/db';
import type { LayersStore } from '../store/layers-store';
import type { DatasetsStore } from '../store/datasets-store';
import { DEFAULT_ORG_ID } from '../store/default-data';
import { DEFAULT_SOURCES } from '../../data/sources';
import type { ResolveTileLayer, TileLayerData, TileLayerSource } from './tile-service';

/** The built-in layers have tiles of their own; a user dataset is `dataset:{id}`. */
export const DATASET_LAYER_PREFIX = 'dataset:';

/** Built-in layers change only when the default data is reloaded on upgrade. */
const DEFAULT_CACHE_CONTROL = 'public, max-age=3600, must-revalidate';

interface DatasetRow {
  kind: string;
  org_id: string;
  sensitivity: string;
  imported_at: string;
  feature_count: number | string;
}

/**
 * Resolves tile layer names against the stores: `places`, `airports`, `countries` and
 * `dataset:{id}` for a sites or boundaries dataset the default organisation can see. A layer's
 * version is its dataset's import time and feature count, read with one indexed query.
 */
export function createLayerSources({ db, layers, datasets }: { db: Db; layers: LayersStore; datasets: DatasetsStore }): ResolveTileLayer {
  const datasetRow = (id: string): Promise<DatasetRow | undefined> =>
    db.db.selectFrom('datasets').select(['kind', 'org_id', 'sensitivity', 'imported_at', 'feature_count']).where('id', '=', id).executeTakeFirst();
  const versionOf = (row: DatasetRow) => `${row.imported_at}|${Number(row.feature_count)}`;

  const builtIn: Record<string, Omit<TileLayerSource, 'version' | 'cacheControl'> & { datasetId: string }> = {
    places: {
      datasetId: DEFAULT_SOURCES.places.datasetId,
      kind: 'points',
      fields: { name: 'String', population: 'Number', count: 'Number' },
      async load(): Promise<TileLayerData> {
        const p = await layers.places();
        return { kind: 'points', coordinates: p.coordinates, properties: { name: p.names, population: p.population }, sums: ['population'] };
      },
    },
    airports: {
      datasetId: DEFAULT_SOURCES.airports.datasetId,
      kind: 'points',
      fields: { name: 'String', iata: 'String', count: 'Number' },
      async load(): Promise<TileLayerData> {
        const a = await layers.airports();
        return { kind: 'points', coordinates: a.coordinates, properties: { name: a.names, iata: a.iata } };
      },
    },
    countries: {
      datasetId: DEFAULT_SOURCES.countries.datasetId,
      kind: 'polygons',
      fields: { code: 'String', iso2: 'String', isoNumeric: 'String', name: 'String' },
      async load(): Promise<TileLayerData> {
        return { kind: 'polygons', geojson: await layers.countries() };
      },
    },
  };

  return async (name): Promise<TileLayerSource | undefined> => {
    const layer = builtIn[name];
    if (layer && Object.hasOwn(builtIn, name)) {
      const row = await datasetRow(layer.datasetId);
      if (!row) return undefined;
      return { ...layer, version: versionOf(row), cacheControl: DEFAULT_CACHE_CONTROL };
    }
    if (!name.startsWith(DATASET_LAYER_PREFIX)) return undefined;
    const id = name.slice(DATASET_LAYER_PREFIX.length);
    const row = await datasetRow(id);
    // The catalogue's rule: a dataset of the (for now only) organisation, or a public one.
    if (!row || (row.org_id !== DEFAULT_ORG_ID && row.sensitivity !== 'public')) return undefined;
    // Tiles of a public dataset may sit in shared caches; the others only in the user's browser.
    const cacheControl = `${row.sensitivity === 'public' ? 'public' : 'private'}, max-age=60, must-revalidate`;
    const version = versionOf(row);
    const load = async (): Promise<TileLayerData> => {
      const features = await datasets.features(id);
      if (features?.kind === 'sites') {
        return { kind: 'points', coordinates: features.coordinates, properties: { name: features.names, category: features.categories } };
      }
      if (features?.kind === 'boundaries') return { kind: 'polygons', geojson: features.geojson };
      throw new Error(`Dataset '${id}' changed while its tiles were being made; try again.`);
    };
    if (row.kind === 'sites') return { kind: 'points', version, cacheControl, fields: { name: 'String', category: 'String', count: 'Number' }, load };
    if (row.kind === 'boundaries') return { kind: 'polygons', version, cacheControl, fields: { code: 'String', name: 'String' }, load };
    return undefined;
  };
}
