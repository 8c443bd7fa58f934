import type { LayersStore } from '../store/layers-store';
import type { DatasetsStore } from '../store/datasets-store';
import type { Viewer } from '../store/access';
import { DEFAULT_SOURCES } from '../../data/sources';
import type { ResolveTileLayer, TileLayerData, TileLayerSource } from './tile-service';

/** The built-in layers have tiles of their own; a user dataset is `dataset:{id}`. */
export const DATASET_LAYER_PREFIX = 'dataset:';

/** The tile layer of a dataset's generalised view: restricted sites as H3 cells (domain/generalise.ts). */
const GENERALISED_SUFFIX = '~generalised';

/** Built-in layers change only when the default data is reloaded on upgrade. */
const DEFAULT_CACHE_CONTROL = 'public, max-age=3600, must-revalidate';

type LayerOf = NonNullable<Awaited<ReturnType<DatasetsStore['layerOf']>>>;

/**
 * The view of a dataset a viewer gets in tiles: the dataset's own layer, or, when it holds
 * restricted sites they are not cleared for, its generalised one.
 */
const viewOf = (name: string, layer: LayerOf) => (layer.kind === 'sites' && layer.restrictedSites && !layer.cleared ? `${name}${GENERALISED_SUFFIX}` : name);

/**
 * Resolves tile layer names through the stores, as the viewer they were granted to
 * (tileLayerFor) reads them: `places`, `airports`, `countries` and `dataset:{id}` (or its
 * generalised view) for a sites or boundaries dataset. A name resolves only for a viewer who is
 * granted exactly it, so that every viewer sharing a name's tiles gets the same features.
 */
export function createLayerSources({ layers, datasets }: { layers: LayersStore; datasets: DatasetsStore }): ResolveTileLayer {
  const builtIn: Record<string, Omit<TileLayerSource, 'version' | 'cacheControl' | 'load'> & { datasetId: string; load(viewer: Viewer): Promise<TileLayerData> }> = {
    places: {
      datasetId: DEFAULT_SOURCES.places.datasetId,
      kind: 'points',
      fields: { name: 'String', population: 'Number', count: 'Number' },
      async load(viewer) {
        const p = await layers.places(viewer);
        return { kind: 'points', coordinates: p.coordinates, properties: { name: p.names, population: p.population }, sums: ['population'] };
      },
    },
    airports: {
      datasetId: DEFAULT_SOURCES.airports.datasetId,
      kind: 'points',
      fields: { name: 'String', iata: 'String', count: 'Number' },
      async load(viewer) {
        const a = await layers.airports(viewer);
        return { kind: 'points', coordinates: a.coordinates, properties: { name: a.names, iata: a.iata } };
      },
    },
    countries: {
      datasetId: DEFAULT_SOURCES.countries.datasetId,
      kind: 'polygons',
      fields: { code: 'String', iso2: 'String', isoNumeric: 'String', name: 'String' },
      async load(viewer) {
        return { kind: 'polygons', geojson: await layers.countries(viewer) };
      },
    },
  };

  return async (name, viewer): Promise<TileLayerSource | undefined> => {
    const layer = builtIn[name];
    if (layer && Object.hasOwn(builtIn, name)) {
      const found = await datasets.layerOf(viewer, layer.datasetId);
      if (!found) return undefined;
      return { kind: layer.kind, fields: layer.fields, version: found.version, cacheControl: DEFAULT_CACHE_CONTROL, load: () => layer.load(viewer) };
    }
    if (!name.startsWith(DATASET_LAYER_PREFIX)) return undefined;
    const generalised = name.endsWith(GENERALISED_SUFFIX);
    const id = name.slice(DATASET_LAYER_PREFIX.length, generalised ? -GENERALISED_SUFFIX.length : undefined);
    const found = await datasets.layerOf(viewer, id);
    // not the view this viewer gets: a cleared viewer's features under the generalised name would reach the others
    if (!found || viewOf(`${DATASET_LAYER_PREFIX}${id}`, found) !== name) return undefined;
    // Tiles of a public dataset may sit in shared caches; the others only in the user's browser.
    const cacheControl = `${found.sensitivity === 'public' && !generalised ? 'public' : 'private'}, max-age=60, must-revalidate`;
    const load = async (): Promise<TileLayerData> => {
      const features = await datasets.features(viewer, id);
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
    if (found.kind === 'sites') {
      const fields: TileLayerSource['fields'] = generalised ? { name: 'String', category: 'String', count: 'Number', sites: 'Number', below: 'Number' } : { name: 'String', category: 'String', count: 'Number' };
      return { kind: 'points', version: found.version, cacheControl, fields, load };
    }
    if (found.kind === 'boundaries') return { kind: 'polygons', version: found.version, cacheControl, fields: { code: 'String', name: 'String' }, load };
    return undefined;
  };
}

/**
 * The tile layer a viewer gets for a name in a tile URL: a built-in layer as it is; a dataset the
 * viewer may see (access.ts), and when it holds restricted sites the viewer is not cleared for,
 * its generalised view. Undefined when the viewer may not see it.
 */
export async function tileLayerFor(datasets: DatasetsStore, viewer: Viewer, name: string): Promise<{ layer: string; restricted: boolean } | undefined> {
  if (!name.startsWith(DATASET_LAYER_PREFIX)) return name.includes(GENERALISED_SUFFIX) ? undefined : { layer: name, restricted: false };
  const id = name.slice(DATASET_LAYER_PREFIX.length);
  if (id.endsWith(GENERALISED_SUFFIX)) return undefined;
  const found = await datasets.layerOf(viewer, id);
  if (!found) return undefined;
  const layer = viewOf(name, found);
  // a read of restricted data: a restricted dataset, or restricted sites at full precision
  return { layer, restricted: found.sensitivity === 'restricted' || (found.restrictedSites && layer === name) };
}
