import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseTileCoords, TileRequestError } from './tile-coords';
import type { TileService } from './tile-service';
import { DATASET_LAYER_PREFIX } from './layer-sources';
import type { Viewer } from '../store/access';

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

const USAGE = `expected /tiles/{layer}/{z}/{x}/{y}.pbf or /tiles/{layer}.json, {layer} being places, airports, countries or ${DATASET_LAYER_PREFIX}{id}`;

function sendError(res: ServerResponse, status: number, message: string): void {
  const body = Buffer.from(JSON.stringify({ error: message }));
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', body.length);
  res.end(body);
}

/** Whether an If-None-Match header names this ETag (a list, weak forms and * included). */
function matches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const tag = t.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

function originOf(req: IncomingMessage): string {
  const proto = String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() || 'http';
  return `${proto}://${req.headers['x-forwarded-host'] ?? req.headers.host ?? 'localhost'}`;
}

/**
 * GET /tiles/{layer}/{z}/{x}/{y}.pbf: a Mapbox Vector Tile with ETag, Cache-Control and gzip when
 * accepted; 304 for a matching If-None-Match, 204 for a tile with no feature, 400 for coordinates
 * that name no tile, 404 for an unknown layer. GET /tiles/{layer}.json: its TileJSON.
 */
export async function handleTileRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  tiles: TileService,
  /** Who asks: the tiles are read as them. */
  viewer: Viewer,
  /** The layer the viewer gets for a name in the URL (layer-sources.ts tileLayerFor); undefined when they may not see it. */
  layerFor: (name: string) => Promise<string | undefined>,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return sendError(res, 405, `${req.method} is not allowed on tiles: use GET`);
  }
  const parts = url.pathname.slice('/tiles/'.length).split('/');
  let layerName: string;
  try {
    layerName = decodeURIComponent(parts[0].replace(/\.json$/, ''));
  } catch {
    return sendError(res, 400, `invalid layer name '${parts[0]}': ${USAGE}`);
  }
  const isTileJson = parts.length === 1 && parts[0].endsWith('.json');
  if (!isTileJson && (parts.length !== 4 || !parts[3].endsWith('.pbf'))) return sendError(res, 400, `invalid tile path '${url.pathname}': ${USAGE}`);

  const granted = await layerFor(layerName);
  const layer = granted === undefined ? undefined : await tiles.layer(granted, viewer);
  if (!layer) return sendError(res, 404, `No tile layer '${layerName}': ${USAGE} of a sites or boundaries dataset`);

  if (isTileJson) {
    const base = `${originOf(req)}/tiles/${encodeURIComponent(layerName)}`;
    const doc = {
      tilejson: '3.0.0',
      name: layerName,
      version: '1.0.0',
      scheme: 'xyz',
      tiles: [`${base}/{z}/{x}/{y}.pbf`],
      minzoom: 0,
      maxzoom: layer.maxZoom,
      bounds: [-180, -85.0511, 180, 85.0511],
      vector_layers: [{ id: layerName, fields: layer.fields, minzoom: 0, maxzoom: layer.maxZoom }],
      // Not TileJSON: below this zoom a points layer's features are aggregates carrying `count`.
      aggregateBelowZoom: layer.aggregateBelowZoom,
    };
    const body = Buffer.from(JSON.stringify(doc));
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Content-Length', body.length);
    res.end(req.method === 'HEAD' ? undefined : body);
    return;
  }

  let coords;
  try {
    coords = parseTileCoords(parts[1], parts[2], parts[3].slice(0, -'.pbf'.length), layer.maxZoom);
  } catch (err) {
    if (!(err instanceof TileRequestError)) throw err;
    const beyond = /^invalid zoom/.test(err.message) && /^\d+$/.test(parts[1]) && Number(parts[1]) > layer.maxZoom;
    const hint = beyond ? ` (layer '${layerName}' has tiles up to zoom ${layer.maxZoom}; clients overzoom them, see /tiles/${encodeURIComponent(layerName)}.json)` : '';
    return sendError(res, 400, `${err.message}${hint}`);
  }

  const etag = layer.etag(coords);
  const cacheHeaders = () => {
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', layer.cacheControl);
    res.setHeader('Vary', 'Accept-Encoding');
  };
  // The ETag hashes the layer's version and the coordinates: a revalidation needs no tile.
  if (matches(req.headers['if-none-match'], etag)) {
    cacheHeaders();
    res.statusCode = 304;
    res.end();
    return;
  }
  const tile = await layer.tile(coords);
  cacheHeaders();
  if (!tile) {
    res.statusCode = 204;
    res.end();
    return;
  }
  const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const body = gzip ? await tile.gzipped() : tile.body;
  res.statusCode = 200;
  res.setHeader('Content-Type', MVT_TYPE);
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}
