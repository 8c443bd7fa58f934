import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { encodeTile } from './encode-tile';
import { encodeWithinBytes } from './fit-tile';
import { PointTileIndex, POINT_KEY_ZOOM, type PointLayerData, type PointTileOptions } from './point-tile-index';
import { PolygonTileIndex, type PolygonLayerData, type PolygonTileOptions } from './polygon-tile-index';
import { TileCache } from './tile-cache';
import type { TileCoords } from './tile-coords';
import type { Viewer } from '../store/access';

const gzip = promisify(zlib.gzip);

/** Bumped when this code makes different tiles from the same data, so that old ETags stop matching. */
export const TILE_FORMAT_VERSION = 1;

export type TileLayerData = PointLayerData | PolygonLayerData;

/** A layer tiles can be made of, as a layer source describes it (cheap: no features yet). */
export interface TileLayerSource {
  kind: 'points' | 'polygons';
  /** Changes whenever the layer's features change; part of every ETag. */
  version: string;
  /** Cache-Control of the layer's tiles. */
  cacheControl: string;
  /** Properties of the features and their MVT types, for TileJSON's vector_layers. */
  fields: Record<string, 'String' | 'Number'>;
  /** The layer's features, read once, when its index is first needed. */
  load(): Promise<TileLayerData>;
}

/**
 * Finds a layer by the name it has in tile URLs, as `viewer` may read it (its `load` reads as
 * them); undefined when there is none for them. The tiles of a name are shared by every viewer it
 * resolves for: a source must resolve a name only for viewers who get the same features from it.
 */
export type ResolveTileLayer = (name: string, viewer: Viewer) => Promise<TileLayerSource | undefined>;

export interface TileServiceOptions {
  /** Bytes of encoded tiles (with their gzipped copies) kept in memory. @default 128 MiB */
  cacheBytes?: number;
  /** How long a layer's version is trusted before it is read again (another process may have changed the layer). @default 10_000 */
  revalidateMs?: number;
  /** A larger tile is made again: points aggregated, the smallest areas dropped. @default 500,000 */
  maxTileBytes?: number;
  /**
   * Tiles of polygon layers up to this zoom are made in the background once the index is built
   * (85 tiles at 3): at 50,000 areas each takes a few hundred ms, too long for a first request.
   * @default 3
   */
  prerenderMaxZoom?: number;
  points?: PointTileOptions;
  polygons?: PolygonTileOptions;
  /** Milliseconds clock, replaceable in tests. @default performance.now */
  now?: () => number;
}

/** An MVT as sent: its bytes, and a gzipped copy made on first use. */
export interface EncodedTile {
  body: Buffer;
  gzipped(): Promise<Buffer>;
}

/** One layer's tiles, at the version its name resolved to. */
export interface LayerTiles {
  name: string;
  kind: 'points' | 'polygons';
  version: string;
  cacheControl: string;
  fields: Record<string, 'String' | 'Number'>;
  /** Highest zoom with tiles of its own; clients overzoom past it. */
  maxZoom: number;
  /** Points below this zoom come as aggregates (points layers only). */
  aggregateBelowZoom?: number;
  /** A strong ETag for tile z/x/y: a hash of the layer, its version and the coordinates. */
  etag(c: TileCoords): string;
  /** The encoded tile, or null when no feature falls in it. */
  tile(c: TileCoords): Promise<EncodedTile | null>;
}

type TileIndex = PointTileIndex | PolygonTileIndex;

interface LayerEntry {
  name: string;
  source: TileLayerSource;
  checkedAt: number;
  index?: Promise<TileIndex>;
  prerendered?: Promise<number>;
}

/** What building a layer's index took. */
export interface WarmReport {
  features: number;
  indexMs: number;
  /** Tiles made up front (polygon layers' low zooms) and the time that took. */
  prerendered: number;
  prerenderMs: number;
}

/**
 * Vector tiles of every layer: per-layer indexes built lazily on first request and encoded tiles in
 * an LRU, both kept per process and dropped by `clear` (or when a layer's version changes).
 */
export function createTileService(resolve: ResolveTileLayer, options: TileServiceOptions = {}) {
  const { cacheBytes = 128 * 1024 * 1024, revalidateMs = 10_000, maxTileBytes = 500_000, prerenderMaxZoom = 3, now = () => performance.now() } = options;
  const entries = new Map<string, LayerEntry>();
  const resolving = new Map<string, Promise<TileLayerSource | undefined>>();
  const cache = new TileCache<EncodedTile | null>(cacheBytes);
  const building = new Map<string, Promise<EncodedTile | null>>();
  const maxZoomOf = (kind: 'points' | 'polygons') => (kind === 'points' ? POINT_KEY_ZOOM : (options.polygons?.maxZoom ?? 14));
  const aggregateBelowZoom = options.points?.aggregateBelowZoom ?? 8;

  function clear(name?: string): void {
    if (name === undefined) {
      entries.clear();
      cache.clear();
      return;
    }
    entries.delete(name);
    cache.clear(`${name}\n`);
  }

  async function entryOf(name: string, viewer: Viewer): Promise<LayerEntry | undefined> {
    const cached = entries.get(name);
    if (cached && now() - cached.checkedAt < revalidateMs) return cached;
    let pending = resolving.get(name);
    if (!pending) {
      pending = resolve(name, viewer).finally(() => resolving.delete(name));
      resolving.set(name, pending);
    }
    const source = await pending;
    const current = entries.get(name);
    if (!source) {
      if (current) clear(name);
      return undefined;
    }
    if (current && current.source.version === source.version) {
      current.checkedAt = now();
      return current;
    }
    if (current) clear(name);
    const entry: LayerEntry = { name, source, checkedAt: now() };
    entries.set(name, entry);
    return entry;
  }

  function indexOf(entry: LayerEntry): Promise<TileIndex> {
    if (!entry.index) {
      entry.index = entry.source.load().then((data) =>
        data.kind === 'points' ? new PointTileIndex(data, options.points) : new PolygonTileIndex(data, options.polygons),
      );
      // A failed load is tried again by the next request.
      entry.index.then(
        (index) => void (index instanceof PolygonTileIndex && prerender(entry)),
        () => (entry.index = undefined),
      );
    }
    return entry.index;
  }

  // Makes the low-zoom tiles one per macrotask, so requests are answered in between.
  function prerender(entry: LayerEntry): Promise<number> {
    entry.prerendered ??= (async () => {
      let made = 0;
      for (let z = 0; z <= prerenderMaxZoom; z++) {
        for (let x = 0; x < 2 ** z; x++) {
          for (let y = 0; y < 2 ** z; y++) {
            await new Promise((r) => setImmediate(r));
            if (entries.get(entry.name) !== entry) return made;
            await tileOf(entry, { z, x, y });
            made++;
          }
        }
      }
      return made;
    })();
    // Pre-rendering is an optimisation: a failure leaves the tiles to be made on request.
    entry.prerendered.catch((err) => {
      console.error(`tiles: pre-rendering '${entry.name}' failed: ${(err as Error).stack ?? err}`);
      entry.prerendered = undefined;
    });
    return entry.prerendered;
  }

  function tileOf(entry: LayerEntry, c: TileCoords): Promise<EncodedTile | null> {
    const { name, source } = entry;
    const key = `${name}\n${source.version}\n${c.z}/${c.x}/${c.y}`;
    const hit = cache.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    let pending = building.get(key);
    if (!pending) {
      pending = makeTile(name, entry, key, c).finally(() => building.delete(key));
      building.set(key, pending);
      // An empty tile still takes a cache slot; count it as a small entry.
      pending.then((t) => entries.get(name) === entry && cache.set(key, t, t ? t.body.length : 64), () => {});
    }
    return pending;
  }

  async function makeTile(cacheName: string, entry: LayerEntry, key: string, { z, x, y }: TileCoords): Promise<EncodedTile | null> {
    const index = await indexOf(entry);
    // a layer's views (a dataset's generalised one, `name~view`) carry the layer's own name in the tile
    const name = cacheName.replace(/~[a-z]+$/, '');
    let body: Buffer;
    if (index instanceof PointTileIndex) {
      const tile = index.getTile(z, x, y);
      if (tile.features.length === 0) return null;
      body = encodeTile(name, tile.features);
      // Long names can make a tile of fewer than maxPointsPerTile points too big: aggregate it.
      if (body.length > maxTileBytes && !tile.aggregated) body = encodeTile(name, index.getTile(z, x, y, { aggregate: true }).features);
    } else {
      const features = index.getTile(z, x, y);
      if (features.length === 0) return null;
      body = encodeWithinBytes(features, (f) => encodeTile(name, f), maxTileBytes).body;
    }
    let zipped: Promise<Buffer> | undefined;
    return {
      body,
      gzipped: () => {
        if (!zipped) {
          zipped = gzip(body, { level: 6 });
          zipped.then((g) => cache.grow(key, g.length), () => (zipped = undefined));
        }
        return zipped;
      },
    };
  }

  return {
    /** The tiles of layer `name` for a viewer, or undefined when there is no such layer for them. */
    async layer(name: string, viewer: Viewer): Promise<LayerTiles | undefined> {
      const entry = await entryOf(name, viewer);
      if (!entry) return undefined;
      const { source } = entry;
      return {
        name,
        kind: source.kind,
        version: source.version,
        cacheControl: source.cacheControl,
        fields: source.fields,
        maxZoom: maxZoomOf(source.kind),
        aggregateBelowZoom: source.kind === 'points' ? aggregateBelowZoom : undefined,
        etag: ({ z, x, y }) =>
          `"${crypto.createHash('sha1').update(`${TILE_FORMAT_VERSION}\n${name}\n${source.version}\n${z}/${x}/${y}`).digest('base64url').slice(0, 22)}"`,
        tile: (c) => tileOf(entry, c),
      };
    },

    /**
     * Builds a layer's index and pre-renders its low zooms now rather than on first request;
     * undefined for an unknown layer.
     */
    async warm(name: string, viewer: Viewer): Promise<WarmReport | undefined> {
      const entry = await entryOf(name, viewer);
      if (!entry) return undefined;
      const t0 = now();
      const index = await indexOf(entry);
      const t1 = now();
      const prerendered = index instanceof PolygonTileIndex ? await prerender(entry) : 0;
      return { features: index.size, indexMs: t1 - t0, prerendered, prerenderMs: now() - t1 };
    },

    /** Drops the cached index and tiles of one layer, or of every layer. */
    clear,

    /** Bytes of encoded tiles held in memory. */
    cachedBytes: () => cache.bytes,
  };
}

export type TileService = ReturnType<typeof createTileService>;
