import type { Db } from '../store/db';
import type { LayersStore } from '../store/layers-store';
import type { DatasetsStore } from '../store/datasets-store';
import { canSee, hasClearance, type Viewer } from '../store/access';
import { DEFAULT_SOURCES } from '../../data/sources';
import type { ResolveTileLayer, TileLayerData, TileLayerSource } from './tile-service';

/** The built-in layers have tiles of their own; a user dataset is `dataset:{id}`. */
export const DATASET_LAYER_PREFIX = 'dataset:';

/** The tile layer of a dataset's generalised view: restricted sites as H3 cells (domain/generalise.ts). */
const GENERALISED_SUFFIX = '~generalised';

/** Built-in layers change only when the default data is reloaded on upgrade. */
const DEFAULT_CACHE_CONTROL = 'public, max-age=3600, must-revalidate';

interface DatasetRow {
  kind: string;
  org_id: string;
  sensitivity: string;
  clearance_roles: string;
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
    db.db.selectFrom('datasets').select(['kind', 'org_id', 'sensitivity', 'clearance_roles', 'imported_at', 'feature_count']).where('id', '=', id).executeTakeFirst();
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
    const generalised = name.endsWith(GENERALISED_SUFFIX);
    const id = name.slice(DATASET_LAYER_PREFIX.length, generalised ? -GENERALISED_SUFFIX.length : undefined);
    const row = await datasetRow(id);
    if (!row) return undefined;
    // Tiles of a public dataset may sit in shared caches; the others only in the user's browser.
    const cacheControl = `${row.sensitivity === 'public' && !generalised ? 'public' : 'private'}, max-age=60, must-revalidate`;
    const version = versionOf(row);
    // The names were checked by tileLayerFor: this reads the whole dataset, as a cleared viewer of its organisation.
    const reader: Viewer = { id: 'tiles', email: '', orgId: row.org_id, role: 'admin', memberships: [{ orgId: row.org_id, role: generalised ? 'viewer' : 'admin' }] };
    const load = async (): Promise<TileLayerData> => {
      const features = await datasets.features(generalised ? { ...reader, role: 'viewer' } : reader, id);
      if (features?.kind === 'sites') {
        if (features.counts && features.below) {
          return {
            kind: 'points', coordinates: features.coordinates,
            properties: { name: features.names, category: features.categories, sites: features.counts, below: features.below }, sums: ['sites'],
          };
        }
        return { kind: 'points', coordinates: features.coordinates, properties: { name: features.names, category: features.categories } };
      }
      if (features?.kind === 'boundaries') return { kind: 'polygons', geojson: features.geojson };
      throw new Error(`Dataset '${id}' changed while its tiles were being made; try again.`);
    };
    if (row.kind === 'sites') {
      const fields: TileLayerSource['fields'] = generalised ? { name: 'String', category: 'String', count: 'Number', sites: 'Number', below: 'Number' } : { name: 'String', category: 'String', count: 'Number' };
      return { kind: 'points', version, cacheControl, fields, load };
    }
    if (row.kind === 'boundaries') return { kind: 'polygons', version, cacheControl, fields: { code: 'String', name: 'String' }, load };
    return undefined;
  };
}

/**
 * The tile layer a viewer gets for a name in a tile URL: the built-in layers as they are; a
 * dataset the viewer may see (access.ts), and when it holds restricted sites the viewer is not
 * cleared for, its generalised view. Undefined when the viewer may not see it.
 */
export async function tileLayerFor(db: Db, viewer: Viewer, name: string): Promise<{ layer: string; restricted: boolean } | undefined> {
  if (!name.startsWith(DATASET_LAYER_PREFIX)) return name.includes(GENERALISED_SUFFIX) ? undefined : { layer: name, restricted: false };
  const id = name.slice(DATASET_LAYER_PREFIX.length);
  if (id.endsWith(GENERALISED_SUFFIX)) return undefined;
  const row = await db.db.selectFrom('datasets').select(['kind', 'org_id', 'sensitivity', 'clearance_roles']).where('id', '=', id).executeTakeFirst();
  if (!row || !canSee(viewer, row)) return undefined;
  if (row.kind !== 'sites') return { layer: name, restricted: row.sensitivity === 'restricted' };
  const restrictedSite = await db.db.selectFrom('sites').select('id').where('dataset_id', '=', id).where('sensitivity', '=', 'restricted').limit(1).executeTakeFirst();
  if (!restrictedSite) return { layer: name, restricted: row.sensitivity === 'restricted' };
  return hasClearance(viewer, row) ? { layer: name, restricted: true } : { layer: `${name}${GENERALISED_SUFFIX}`, restricted: false };
}
