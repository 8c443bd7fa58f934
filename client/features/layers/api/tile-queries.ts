import { useQueries, useQuery } from '@tanstack/react-query';
import type { TileSource } from '../../../map/layers/tile-layers';
import type { LayerQuery } from './dataset-queries';

/** The tile layer name of a user dataset (DATASET_LAYER_PREFIX in server/tiles/layer-sources.ts). */
export function datasetTileLayer(datasetId: string): string {
  return `dataset:${datasetId}`;
}

/** The tile URL template of layer `name` on `origin`, the page's own. */
export function tileUrlTemplate(name: string, origin: string): string {
  return `${origin}/tiles/${encodeURIComponent(name)}/{z}/{x}/{y}.pbf`;
}

/**
 * A layer's TileJSON as a tile source. Its own `tiles` name the host the server saw (a proxy
 * may have rewritten it): the tiles are fetched from the page's origin instead.
 */
export function toTileSource(name: string, tileJson: { minzoom?: unknown; maxzoom?: unknown }, origin: string): TileSource {
  const { minzoom = 0, maxzoom } = tileJson;
  if (!Number.isInteger(minzoom) || !Number.isInteger(maxzoom)) {
    throw new Error(`TileJSON of '${name}': expected integer minzoom and maxzoom, got ${JSON.stringify(minzoom)} and ${JSON.stringify(maxzoom)}`);
  }
  return { tiles: [tileUrlTemplate(name, origin)], minZoom: minzoom as number, maxZoom: maxzoom as number };
}

async function fetchTileSource(name: string): Promise<TileSource> {
  const response = await fetch(`/tiles/${encodeURIComponent(name)}.json`);
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(body?.error ?? `tiles of '${name}': HTTP ${response.status}`);
  return toTileSource(name, body ?? {}, window.location.origin);
}

// a layer's tile source changes only when it is re-imported (a new dataset id): keep it for the visit
const forever = { staleTime: Infinity, gcTime: Infinity } as const;

/** The tile source of each layer in `names`, in that order. */
export function useTileSources(names: string[]): LayerQuery<TileSource>[] {
  return useQueries({
    queries: names.map((name) => ({ queryKey: ['tiles', name], queryFn: () => fetchTileSource(name), ...forever })),
    combine: toLayerQueries,
  });
}

const loadTileLayers = () => import('../../../map/layers/tile-layers');

/**
 * The tile layer factories, with deck.gl's MVTLayer and loaders.gl's parser (about 25 kB
 * gzipped): loaded once the first tiled layer is shown, kept as a query for its state and retries.
 */
export function useTileLayerFactories(enabled: boolean) {
  return useQuery({
    queryKey: ['module', 'tile-layers'],
    queryFn: loadTileLayers,
    enabled,
    ...forever,
    // a module namespace is no plain object to share structure with
    structuralSharing: false,
  });
}

export type TileLayerFactories = Awaited<ReturnType<typeof loadTileLayers>>;

// module level: `combine` then returns the same array until a result changes
function toLayerQueries(results: { data: TileSource | undefined; isPending: boolean; fetchStatus: string; error: Error | null }[]): LayerQuery<TileSource>[] {
  return results.map((r) => ({ data: r.data, loading: r.isPending && r.fetchStatus === 'fetching', error: r.error }));
}
