import { MVTLayer, type MVTLayerProps } from '@deck.gl/geo-layers';
import { load } from '@loaders.gl/core';
import { MVTLoader } from '@loaders.gl/mvt';
import type { Rgb } from '../../lib/colours';
import { PLACES_LAYER_ID, placeRadiusM, placeStyle } from './places';
import { SITE_HIGHLIGHT, siteColours, siteRadiusPx } from './user-sites';
import { boundaryPartProps } from './user-boundaries';
import { FLAT_MARKS } from './point-columns';

// Layers drawn from the server's vector tiles (server/tiles/), for layers too big to download
// whole. This module pulls in @deck.gl/geo-layers and loaders.gl's MVT parser: it is loaded on
// demand (features/layers/api/tile-queries.ts), never before the first paint.

/** A tiled layer as its TileJSON describes it, with tile URLs on the page's own origin. */
export interface TileSource {
  /** URL templates, `…/{z}/{x}/{y}.pbf`. */
  tiles: string[];
  minZoom: number;
  /** The highest zoom with tiles of its own; the layer overzooms them beyond it. */
  maxZoom: number;
}

/** Told of each tile request of a layer, for the layer panel's loading state. */
export interface TileRequests {
  started(): void;
  /** With the error of a failed request; an aborted one (its tile left the view) has none. */
  ended(error?: Error): void;
}

/**
 * The properties of a tile feature (server/tiles/point-tile-index.ts): a point's own, or on an
 * aggregate of the points of a grid cell (below zoom 8), their `count` and summed `population`.
 */
export type TileFeatureProperties = Record<string, string | number | undefined>;

// Tiles are parsed on the main thread: loaders.gl would otherwise load its MVT worker from
// unpkg.com, and the app makes no third-party request. A tile is at most 500 KB
// (server/tiles/tile-service.ts), a few milliseconds to parse.
const LOADERS = [MVTLoader];
const LOAD_OPTIONS = { core: { worker: false } };

type TileFetch = NonNullable<MVTLayerProps['fetch']>;

// one fetch function per listener, so that a layer's props stay the same between renders
const fetches = new WeakMap<TileRequests, TileFetch>();

/** deck.gl's tile fetch (loaders.gl's `load` with the tile's abort signal), reporting to `requests`. */
function fetchReportingTo(requests: TileRequests): TileFetch {
  let fetchTile = fetches.get(requests);
  if (!fetchTile) {
    fetchTile = (url, { loaders, loadOptions, signal }) => {
      requests.started();
      const options = { ...loadOptions, core: { ...loadOptions?.core, fetch: { ...loadOptions?.core?.fetch, signal } } };
      return load(url, loaders ?? LOADERS, options).then(
        (tile) => {
          requests.ended();
          return tile;
        },
        (error: unknown) => {
          requests.ended(signal?.aborted ? undefined : error instanceof Error ? error : new Error(String(error)));
          throw error;
        },
      );
    };
    fetches.set(requests, fetchTile);
  }
  return fetchTile;
}

function tileProps(source: TileSource, requests: TileRequests) {
  return {
    data: source.tiles,
    minZoom: source.minZoom,
    maxZoom: source.maxZoom,
    loaders: LOADERS,
    loadOptions: LOAD_OPTIONS,
    fetch: fetchReportingTo(requests),
    // failures reach the layer panel through `requests`; deck.gl's default logs them as errors
    onTileError: ignore,
  };
}

function ignore() {}

const propertiesOf = (f: unknown) => (f as { properties: TileFeatureProperties }).properties;


export interface PlaceTilesLayerOptions {
  source: TileSource;
  visible: boolean;
  requests: TileRequests;
}

/**
 * Populated places from tiles: as places.ts draws them, and zoomed out one disc per grid cell
 * whose area stands for the cell's summed population, as a place's does for its own.
 */
export function createPlaceTilesLayer({ source, visible, requests }: PlaceTilesLayerOptions) {
  return new MVTLayer({
    id: PLACES_LAYER_ID,
    ...tileProps(source, requests),
    visible,
    pickable: true,
    autoHighlight: true,
    highlightColor: placeStyle.highlight,
    pointType: 'circle',
    stroked: false,
    getFillColor: placeStyle.fill,
    getPointRadius: (f) => placeRadiusM(Number(propertiesOf(f).population) || 0),
    pointRadiusUnits: 'meters',
    pointRadiusMinPixels: placeStyle.minRadiusPx,
    pointRadiusMaxPixels: placeStyle.maxRadiusPx,
    parameters: FLAT_MARKS,
  });
}

export interface SiteTilesLayerOptions {
  /** Stable across renders: `d:<dataset id>`. */
  id: string;
  source: TileSource;
  visible: boolean;
  colour: Rgb;
  /** 0–1. */
  opacity: number;
  radiusPx: number;
  requests: TileRequests;
}

/** A user's sites from tiles: as user-sites.ts draws them, an aggregate larger with its count. */
export function createSiteTilesLayer({ id, source, visible, colour, opacity, radiusPx, requests }: SiteTilesLayerOptions) {
  const colours = siteColours(colour, opacity);
  return new MVTLayer({
    id,
    ...tileProps(source, requests),
    visible,
    pickable: true,
    autoHighlight: true,
    highlightColor: SITE_HIGHLIGHT,
    pointType: 'circle',
    getFillColor: colours.fill,
    getPointRadius: (f) => siteRadiusPx(radiusPx, Number(propertiesOf(f).count) || 1),
    pointRadiusUnits: 'pixels',
    stroked: true,
    getLineColor: colours.outline,
    lineWidthUnits: 'pixels',
    getLineWidth: 1,
    parameters: FLAT_MARKS,
    updateTriggers: { getPointRadius: radiusPx },
  });
}

export interface BoundaryTilesLayerOptions {
  /** Stable across renders: `d:<dataset id>`. */
  id: string;
  source: TileSource;
  visible: boolean;
  colour: Rgb;
  /** 0–1, of the outline. */
  opacity: number;
  /** As user-boundaries.ts: the pickable wash, or the outlines. */
  part: 'fill' | 'outline';
  requests: TileRequests;
}

/** A user's boundary set from tiles, in the same two parts as user-boundaries.ts. */
export function createBoundaryTilesLayer({ id, source, visible, colour, opacity, part, requests }: BoundaryTilesLayerOptions) {
  return new MVTLayer({ ...boundaryPartProps({ id, colour, opacity, part }), ...tileProps(source, requests), visible });
}
