import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from './routers/_app';
import { createContextInner, type Services } from './context';
import { createBasemap } from './basemap';
import { saveUpload } from './imports/uploads';
import { ImportError } from './importers/import-error';
import { toCsv } from './domain/csv';
import { handleTileRequest } from './tiles/tile-route';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** Responses smaller than this are not worth compressing. */
const GZIP_MIN_BYTES = 1024;

interface Prepared {
  body: Buffer;
  gzipped: Buffer | null;
  etag: string;
  type: string;
}

function prepare(body: Buffer, type: string): Prepared {
  const compressible = body.length >= GZIP_MIN_BYTES && /json|javascript|css|html|svg/.test(type);
  return {
    body,
    gzipped: compressible ? zlib.gzipSync(body, { level: 6 }) : null,
    etag: `"${crypto.createHash('sha1').update(body).digest('base64url').slice(0, 20)}"`,
    type,
  };
}

function send(req: IncomingMessage, res: ServerResponse, p: Prepared, cacheControl: string, status = 200): void {
  res.setHeader('Content-Type', p.type);
  res.setHeader('ETag', p.etag);
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Vary', 'Accept-Encoding');
  if (status === 200 && req.headers['if-none-match'] === p.etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = status;
  const gzip = p.gzipped && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  if (gzip) res.setHeader('Content-Encoding', 'gzip');
  const body = gzip ? p.gzipped! : p.body;
  res.setHeader('Content-Length', body.length);
  res.end(req.method === 'HEAD' ? undefined : body);
}

function sendJson(req: IncomingMessage, res: ServerResponse, value: unknown, status = 200, cacheControl = 'no-cache'): void {
  send(req, res, prepare(Buffer.from(JSON.stringify(value)), TYPES['.json']), cacheControl, status);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** The whole HTTP surface: /health, /trpc, /tiles, /basemap and the built client. */
export function createRequestHandler(services: Services, opts: { clientDir: string }) {
  const basemap = createBasemap(services.layers);
  const prepared = new Map<string, Promise<Prepared>>();
  const basemapDocs: Record<string, () => unknown> = {
    '/basemap/style.json': basemap.style,
    '/basemap/land.geojson': basemap.land,
    '/basemap/countries.geojson': basemap.countries,
    '/basemap/borders.geojson': basemap.borders,
    '/basemap/places.geojson': basemap.places,
  };
  const clientDir = path.resolve(opts.clientDir);

  async function handleTrpc(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req);
    const request = new Request(url, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: body && body.length ? new Uint8Array(body) : undefined,
    });
    const response = await fetchRequestHandler({
      endpoint: '/trpc',
      req: request,
      router: appRouter,
      createContext: () => createContextInner(services),
      onError({ error, path: procedure }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${procedure}: ${error.stack ?? error.message}`);
      },
    });
    const buffer = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type') ?? TYPES['.json'];
    send(req, res, prepare(buffer, type), 'no-cache', response.status);
  }

  // Files for the import wizard arrive as the raw request body; the name comes in the query.
  async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'POST') return sendJson(req, res, { error: 'POST the file as the request body' }, 405);
    const name = url.searchParams.get('name')?.trim();
    if (!name) return sendJson(req, res, { error: "Give the file's name as ?name=" }, 400);
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > services.limits.maxBytes) {
      req.resume();
      return sendJson(req, res, { error: `${name} is larger than the upload limit of ${Math.round(services.limits.maxBytes / 1024 / 1024)} MB (IMPORT_MAX_BYTES)` }, 413);
    }
    try {
      const upload = await saveUpload(services.dataDir, req, name, services.limits.maxBytes);
      return sendJson(req, res, { id: upload.id, name: upload.name, size: upload.size, sha256: upload.sha256 }, 201);
    } catch (err) {
      if (err instanceof ImportError) {
        req.resume();
        return sendJson(req, res, { error: err.message }, 413);
      }
      throw err;
    }
  }

  const pointOf = (coordinates: number[], i: number) => ({ type: 'Point', coordinates: [coordinates[2 * i], coordinates[2 * i + 1]] });

  // Downloads of a dataset: CSV (formula-injection safe) or GeoJSON, with its provenance in the name.
  async function handleExport(req: IncomingMessage, res: ServerResponse, id: string, format: 'csv' | 'geojson'): Promise<void> {
    const places = await services.datasets.places(id);
    const features = places ? null : await services.datasets.features(id);
    let body: string;
    if (places) {
      // the GeoNames places: their country and population in columns of their own
      body = format === 'csv'
        ? toCsv(['name', 'country', 'population', 'longitude', 'latitude'], places.names.map((n, i) => [n, places.countries[i], places.population[i], places.coordinates[2 * i], places.coordinates[2 * i + 1]]))
        : JSON.stringify({ type: 'FeatureCollection', features: places.names.map((name, i) => ({ type: 'Feature', properties: { name, country: places.countries[i], population: places.population[i] }, geometry: pointOf(places.coordinates, i) })) });
    } else if (!features) {
      return sendJson(req, res, { error: `No dataset '${id}'` }, 404);
    } else if (format === 'csv') {
      if (features.kind === 'sites') {
        body = toCsv(['name', 'category', 'longitude', 'latitude'], features.names.map((n, i) => [n, features.categories[i], features.coordinates[2 * i], features.coordinates[2 * i + 1]]));
      } else if (features.kind === 'boundaries') {
        body = toCsv(['code', 'name'], features.geojson.features.map((f) => [f.properties.code, f.properties.name]));
      } else {
        body = toCsv(['indicator', 'boundary_set', 'area_code', 'period', 'value'], features.rows.map((r) => [r.indicator, r.boundarySetId, r.areaCode, r.period, r.value]));
      }
    } else {
      if (features.kind === 'observations') return sendJson(req, res, { error: `Dataset '${id}' is a table of observations; export it as CSV` }, 400);
      const fc =
        features.kind === 'boundaries'
          ? features.geojson
          : { type: 'FeatureCollection', features: features.names.map((name, i) => ({ type: 'Feature', properties: { name, category: features.categories[i] }, geometry: pointOf(features.coordinates, i) })) };
      body = JSON.stringify(fc);
    }
    res.setHeader('Content-Disposition', `attachment; filename="${id.replace(/[^a-z0-9-]/gi, '_')}.${format}"`);
    send(req, res, prepare(Buffer.from(body), format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json'), 'no-cache');
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    const rel = decodeURIComponent(pathname).replace(/^\/+/, '');
    let file = path.resolve(clientDir, rel);
    if (!file.startsWith(clientDir)) {
      res.statusCode = 400;
      res.end('Bad path');
      return;
    }
    const isAsset = rel.startsWith('assets/');
    if (!rel || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      if (isAsset || path.extname(rel)) {
        res.statusCode = 404;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(`Not found: ${pathname}`);
        return;
      }
      // The app's own routes all serve index.html; the client reads the URL.
      file = path.join(clientDir, 'index.html');
      if (!fs.existsSync(file)) {
        res.statusCode = 503;
        res.setHeader('Content-Type', 'text/plain; charset=utf-8');
        res.end(`The client is not built (no ${file}). Run "npm run build", or start with "npm start", which builds it.`);
        return;
      }
    }
    const key = `static:${file}`;
    let p = prepared.get(key);
    if (!p) {
      p = fs.promises.readFile(file).then((body) => prepare(body, TYPES[path.extname(file)] ?? 'application/octet-stream'));
      prepared.set(key, p);
    }
    p.then(
      (doc) => send(req, res, doc, isAsset ? 'public, max-age=31536000, immutable' : 'no-cache'),
      (err) => {
        prepared.delete(key);
        res.statusCode = 500;
        res.end(String(err));
      },
    );
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/health') {
        await services.db.db.selectFrom('app_meta').select('key').limit(1).execute();
        return sendJson(req, res, { status: 'ok', database: services.db.dialect });
      }
      if (url.pathname.startsWith('/trpc/') || url.pathname === '/trpc') return await handleTrpc(req, res, url);
      if (url.pathname === '/api/uploads') return await handleUpload(req, res, url);
      // Vector tiles: /tiles/{layer}/{z}/{x}/{y}.pbf and /tiles/{layer}.json (server/tiles/).
      if (url.pathname.startsWith('/tiles/')) return await handleTileRequest(req, res, url, services.tiles);
      const exportMatch = url.pathname.match(/^\/api\/datasets\/([^/]+)\/export\.(csv|geojson)$/);
      if (exportMatch) return await handleExport(req, res, decodeURIComponent(exportMatch[1]), exportMatch[2] as 'csv' | 'geojson');
      const doc = basemapDocs[url.pathname];
      if (doc) {
        let p = prepared.get(url.pathname);
        if (!p) {
          p = Promise.resolve(doc()).then((value) =>
            prepare(Buffer.from(JSON.stringify(value)), url.pathname.endsWith('.geojson') ? 'application/geo+json' : TYPES['.json']),
          );
          prepared.set(url.pathname, p);
          p.catch(() => prepared.delete(url.pathname));
        }
        return send(req, res, await p, 'no-cache');
      }
      if (url.pathname.startsWith('/basemap/')) return sendJson(req, res, { error: `No basemap document '${url.pathname}'` }, 404);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.statusCode = 405;
        res.end();
        return;
      }
      return serveStatic(req, res, url.pathname);
    } catch (err) {
      console.error(`${req.method} ${url.pathname}: ${(err as Error).stack ?? err}`);
      if (!res.headersSent) sendJson(req, res, { error: (err as Error).message }, 500);
      else res.end();
    }
  };
}
