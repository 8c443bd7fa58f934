import { createStore, type Store } from '../../lib/store';
import type { TileRequests } from '../../map/layers/tile-layers';
import type { LayerStatus } from './use-data-layers';

/** The state of a tiled layer's requests, as the layer panel shows it. */
export interface TileRequestStatus {
  /** Some tile of the view is being fetched. */
  loading: boolean;
  /** Why a tile of the latest batch failed; cleared when the next batch starts. */
  error: { message: string } | null;
}

export interface TileRequestTracker {
  /** Request states by tile layer name (places, dataset:{id}). */
  store: Store<Record<string, TileRequestStatus>>;
  /** What the tile layer `name` reports its requests to: the same object each time. */
  requestsOf(name: string): TileRequests;
}

const idle: TileRequestStatus = { loading: false, error: null };

/**
 * Counts the tile requests in flight per layer, so that the panel says "loading" while a view's
 * tiles come in, and keeps the last failure of a batch. The store changes only when a layer
 * starts or stops loading, or a request fails: not on every tile.
 */
export function createTileRequestTracker(): TileRequestTracker {
  const store = createStore<Record<string, TileRequestStatus>>({});
  const inFlight = new Map<string, number>();
  const listeners = new Map<string, TileRequests>();
  const update = (name: string, change: Partial<TileRequestStatus>) =>
    store.set((all) => ({ ...all, [name]: { ...(all[name] ?? idle), ...change } }));

  return {
    store,
    requestsOf(name) {
      let requests = listeners.get(name);
      if (!requests) {
        requests = {
          started() {
            const n = inFlight.get(name) ?? 0;
            inFlight.set(name, n + 1);
            if (n === 0) update(name, { loading: true, error: null });
          },
          ended(error) {
            const n = Math.max(0, (inFlight.get(name) ?? 0) - 1);
            inFlight.set(name, n);
            if (error || n === 0) update(name, { ...(error && { error: { message: error.message } }), ...(n === 0 && { loading: false }) });
          },
        };
        listeners.set(name, requests);
      }
      return requests;
    },
  };
}

/**
 * The state of a layer drawn from tiles, for the layer panel: loading while its TileJSON, the
 * tile layer code or a tile of the view is; failed with the first of them that failed.
 */
export function tiledStatus(visible: boolean, grouped: boolean, ...parts: (LayerStatus | undefined)[]): LayerStatus {
  if (!visible) return { loading: false, error: null, grouped };
  return { loading: parts.some((p) => p?.loading), error: parts.find((p) => p?.error)?.error ?? null, grouped };
}
