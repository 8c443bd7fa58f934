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
import { TRPCError } from '@trpc/server';
import { STRATEGY_CODES, isActionAreaCode, type ActionAreaCode, type StrategyCode } from './domain/action-areas';
import { THREE_W_COLUMNS, threeWCells } from './domain/intervention-3w';
import { handleTileRequest } from './tiles/tile-route';
import { tileLayerFor } from './tiles/layer-sources';
import { roleAtLeast, type Role } from './store/access';
import { AccountError, type SessionUser } from './store/accounts-store';
import { createRateLimiter } from './auth/rate-limit';
import { DEFAULT_ORG_ID } from './store/default-data';
import { ping } from './store/db';
import { renderPlanPdf } from './plans/plan-pdf';

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

/** A request body over its route's limit: answered 413 (see refuseOversized). */
class BodyTooLarge extends Error {}

/**
 * Reads a body up to `limit` bytes; rejects with BodyTooLarge as soon as it passes (or declares
 * more). The request stays readable, so refuseOversized can drop the rest before answering.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.reject(new BodyTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      req.off('data', onData).off('end', onEnd).off('error', reject);
      reject(new BodyTooLarge());
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on('data', onData).once('end', onEnd).once('error', reject);
  });
}

/** How much of a refused body is read and dropped before the 413 goes out. */
const REFUSED_BODY_DRAIN_BYTES = 16 * 1024 * 1024;
const REFUSED_BODY_DRAIN_MS = 5_000;

/**
 * Answers 413 for a body over its limit, and closes the connection after it. The rest of the
 * body is read and dropped first (up to REFUSED_BODY_DRAIN_BYTES or REFUSED_BODY_DRAIN_MS):
 * closing while the client is still sending resets the connection, and the client then sees
 * "EPIPE" or "connection reset" instead of the answer.
 */
async function refuseOversized(req: IncomingMessage, res: ServerResponse, error: string): Promise<void> {
  if (!req.readableEnded && !req.destroyed) {
    await new Promise<void>((resolve) => {
      let left = REFUSED_BODY_DRAIN_BYTES;
      const done = () => {
        clearTimeout(timer);
        req.off('data', onData).off('end', done).off('error', done).off('close', done);
        resolve();
      };
      const onData = (chunk: Buffer) => {
        left -= chunk.length;
        if (left < 0) done();
      };
      const timer = setTimeout(done, REFUSED_BODY_DRAIN_MS);
      req.on('data', onData).once('end', done).once('error', done).once('close', done);
      req.resume();
    });
  }
  res.setHeader('Connection', 'close');
  sendJson(req, res, { error }, 413);
}

/** The name of the session cookie: HttpOnly, SameSite=Lax, Secure over HTTPS. */
export const SESSION_COOKIE = 'atlas_session';

/** Largest body of a tRPC call (the import wizard's requests are a few KB). */
export const TRPC_MAX_BODY_BYTES = 1024 * 1024;
const SIGN_IN_MAX_BODY_BYTES = 16 * 1024;

/**
 * Who may call a route: anyone, any signed-in user (even one who must still change a one-time
 * password), or a member with at least a role in the organisation the session acts for. tRPC's
 * own procedures say theirs in trpc.ts.
 */
export type RouteAccess = 'anyone' | 'signed-in' | Role;

/** The route table: every path the server answers, with who may call it (the authorisation matrix test reads it). */
export const ROUTES: { name: string; methods: string[]; pattern: RegExp; access: RouteAccess; example: string }[] = [
  { name: 'health', methods: ['GET', 'HEAD'], pattern: /^\/health$/, access: 'anyone', example: '/health' },
  { name: 'sign-in', methods: ['POST'], pattern: /^\/api\/auth\/sign-in$/, access: 'anyone', example: '/api/auth/sign-in' },
  { name: 'sign-out', methods: ['POST'], pattern: /^\/api\/auth\/sign-out$/, access: 'anyone', example: '/api/auth/sign-out' },
  { name: 'me', methods: ['GET', 'HEAD'], pattern: /^\/api\/me$/, access: 'signed-in', example: '/api/me' },
  // each procedure checks its own rule (trpc.ts); the route admits the request to them
  { name: 'trpc', methods: ['GET', 'POST'], pattern: /^\/trpc(\/|$)/, access: 'anyone', example: '/trpc/no.such.procedure' },
  { name: 'uploads', methods: ['POST'], pattern: /^\/api\/uploads$/, access: 'editor', example: '/api/uploads?name=a.csv' },
  { name: 'export', methods: ['GET', 'HEAD'], pattern: /^\/api\/datasets\/([^/]+)\/export\.(csv|geojson)$/, access: 'viewer', example: '/api/datasets/natural-earth-countries/export.csv' },
  { name: 'plan-pdf', methods: ['GET', 'HEAD'], pattern: /^\/api\/plans\/([^/]+)\.pdf$/, access: 'viewer', example: '/api/plans/no-such-plan.pdf' },
  { name: 'interventions-3w', methods: ['GET', 'HEAD'], pattern: /^\/api\/interventions\/3w\.(csv|xlsx)$/, access: 'viewer', example: '/api/interventions/3w.csv?set=world-atlas-50m-admin0' },
  { name: 'audit-csv', methods: ['GET', 'HEAD'], pattern: /^\/api\/audit\.csv$/, access: 'admin', example: '/api/audit.csv' },
  { name: 'tiles', methods: ['GET', 'HEAD'], pattern: /^\/tiles\//, access: 'viewer', example: '/tiles/airports/0/0/0.pbf' },
  { name: 'basemap', methods: ['GET', 'HEAD'], pattern: /^\/basemap\//, access: 'viewer', example: '/basemap/style.json' },
  { name: 'api-unknown', methods: ['GET', 'HEAD', 'POST'], pattern: /^\/api\//, access: 'anyone', example: '/api/nothing' },
  // the built client: the sign-in page must load before anyone is signed in
  { name: 'static', methods: ['GET', 'HEAD'], pattern: /^\//, access: 'anyone', example: '/' },
];

/** Whether a user passes a route's rule. */
function admits(access: RouteAccess, user: SessionUser | null): boolean {
  if (access === 'anyone') return true;
  if (!user) return false;
  if (access === 'signed-in') return true;
  return !user.mustChangePassword && roleAtLeast(user.role, access);
}

/**
 * Every response: a strict Content-Security-Policy the built client works under (no inline scripts
 * or styles), no framing, no MIME sniffing, no referrer.
 */
const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': [
    "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data: blob:", "font-src 'self'",
    "worker-src 'self' blob:", "connect-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

function cookieOf(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
  }
  return null;
}

const isHttps = (req: IncomingMessage) =>
  Boolean((req.socket as { encrypted?: boolean }).encrypted) || String(req.headers['x-forwarded-proto'] ?? '').split(',')[0].trim() === 'https';

/**
 * A cross-site request that carries the cookie: refused for every method that changes something
 * (CSRF). Browsers say where a request comes from in Sec-Fetch-Site, older ones in Origin; a
 * request with neither is not a browser's and carries no ambient cookie of a victim.
 */
function crossSite(req: IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = req.headers.origin;
  if (typeof origin === 'string') {
    try {
      return new URL(origin).host !== req.headers.host;
    } catch {
      return true;
    }
  }
  return false;
}

/** The whole HTTP surface (ROUTES): every request passes the route's access rule before its handler. */
export function createRequestHandler(
  services: Services,
  opts: { clientDir: string; signInPerMinute?: number; uploadsPerMinute?: number; /** Host names answered (env.ts allowedHostsOf); null or absent: any. */ allowedHosts?: string[] | null },
) {
  const allowedHosts = opts.allowedHosts ? new Set(opts.allowedHosts) : null;
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

  async function handleTrpc(req: IncomingMessage, res: ServerResponse, url: URL, who: Who): Promise<void> {
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await readBody(req, TRPC_MAX_BODY_BYTES);
    const request = new Request(url, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: body && body.length ? new Uint8Array(body) : undefined,
    });
    const response = await fetchRequestHandler({
      endpoint: '/trpc',
      req: request,
      router: appRouter,
      createContext: () => createContextInner(services, who.user, { ip: who.ip, token: who.token }),
      onError({ error, path: procedure }) {
        if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${procedure}: ${error.stack ?? error.message}`);
      },
    });
    const buffer = Buffer.from(await response.arrayBuffer());
    const type = response.headers.get('content-type') ?? TYPES['.json'];
    send(req, res, prepare(buffer, type), 'no-cache', response.status);
  }

  // Files for the import wizard arrive as the raw request body; the name comes in the query.
  async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL, who: Who): Promise<void> {
    if (!uploadLimiter.take(who.user!.id)) {
      req.resume();
      res.setHeader('Retry-After', '60');
      return sendJson(req, res, { error: `More than ${uploadLimiter.limit} uploads in a minute; wait a minute and try again.` }, 429);
    }
    const name = url.searchParams.get('name')?.trim();
    if (!name) return sendJson(req, res, { error: "Give the file's name as ?name=" }, 400);
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > services.limits.maxBytes) {
      req.resume();
      return sendJson(req, res, { error: `${name} is larger than the upload limit of ${Math.round(services.limits.maxBytes / 1024 / 1024)} MB (IMPORT_MAX_BYTES)` }, 413);
    }
    try {
      const upload = await saveUpload(services.dataDir, req, name, services.limits.maxBytes, who.user!.orgId);
      await services.audit.record({ viewer: who.user, ip: who.ip }, { action: 'upload', target: upload.id, detail: { name: upload.name, size: upload.size, sha256: upload.sha256 } });
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

  /** A plan as an A4 PDF (plan-pdf.ts), printed from what this viewer may see; audited. `?lang=fr` prints it in French. */
  async function handlePlanPdf(req: IncomingMessage, res: ServerResponse, url: URL, id: string, who: Who): Promise<void> {
    const viewer = who.user!;
    const plan = await services.plans.get(viewer, id);
    if (!plan) return sendJson(req, res, { error: `No plan '${id}'` }, 404);
    const lang = url.searchParams.get('lang') === 'fr' ? 'fr' : 'en';
    const inventory = await services.plans.inventory(viewer, plan.area.boundarySetId, plan.area.code);
    const pdf = await renderPlanPdf(plan, inventory, { lang });
    await services.audit.record({ viewer, ip: who.ip }, { action: 'plan.pdf', target: plan.id, detail: { version: plan.version, lang, bytes: pdf.length }, orgId: plan.orgId });
    for (const datasetId of new Set(inventory.restrictedRead)) await services.audit.record({ viewer, ip: who.ip }, { action: 'read.restricted', target: datasetId, detail: { via: 'plan-pdf', plan: plan.id } });
    const name = `${plan.title.normalize('NFD').replace(/[^\w -]+/g, '').trim().replace(/\s+/g, '-').slice(0, 80) || 'plan'}.pdf`;
    res.writeHead(200, {
      'Content-Type': 'application/pdf',
      'Content-Length': String(pdf.length),
      'Content-Disposition': `attachment; filename="${name}"`,
      'Cache-Control': 'private, no-store',
    });
    res.end(req.method === 'HEAD' ? undefined : pdf);
  }

  // Downloads of a dataset: CSV (formula-injection safe) or GeoJSON, with its provenance in the name.
  async function handleExport(req: IncomingMessage, res: ServerResponse, url: URL, id: string, format: 'csv' | 'geojson', who: Who): Promise<void> {
    const viewer = who.user!;
    const meta = await services.datasets.get(viewer, id);
    // a file of internal or restricted data leaves the atlas's protection: only when the user confirmed it (the client asks)
    if (meta && meta.sensitivity !== 'public' && url.searchParams.get('confirm') !== '1') {
      return sendJson(req, res, { error: `confirm: '${meta.name}' is ${meta.sensitivity} data; a file of it leaves the atlas's protection. Add ?confirm=1 to the export URL to confirm (the export is audited).` }, 428);
    }
    const places = await services.datasets.places(viewer, id);
    const features = places ? null : await services.datasets.features(viewer, id);
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
        const g = features.generalised;
        // restricted sites of a viewer without clearance: one row per H3 cell with the protected count
        body = g
          ? toCsv(['name', 'category', 'longitude', 'latitude', 'sites', 'h3_cell'], features.names.map((n, i) => [n, features.categories[i], features.coordinates[2 * i], features.coordinates[2 * i + 1], features.below![i] ? `<${features.below![i]}` : features.counts![i], features.cells![i]]))
          : toCsv(['name', 'category', 'longitude', 'latitude'], features.names.map((n, i) => [n, features.categories[i], features.coordinates[2 * i], features.coordinates[2 * i + 1]]));
      } else if (features.kind === 'boundaries') {
        body = toCsv(['code', 'name'], features.geojson.features.map((f) => [f.properties.code, f.properties.name]));
      } else if (features.kind === 'factors') {
        // stored factors as the viewer may have them (factor-protection.ts): how each was protected in a column of its own
        body = toCsv(['indicator', 'boundary_set', 'area_code', 'period', 'value', 'protection'], features.rows.map((r) => [
          r.indicator, r.boundarySetId, r.areaCode, r.period, r.below ? `<${r.below}` : r.value,
          r.below ? `fewer than ${r.below}` : r.withheld ? 'withheld: distance to a restricted site' : r.roundedTo ? `rounded down to a multiple of ${r.roundedTo}` : '',
        ]));
      } else {
        body = toCsv(['indicator', 'boundary_set', 'area_code', 'period', 'value'], features.rows.map((r) => [r.indicator, r.boundarySetId, r.areaCode, r.period, r.value]));
      }
    } else {
      if (features.kind === 'observations' || features.kind === 'factors') return sendJson(req, res, { error: `Dataset '${id}' is a table of ${features.kind}; export it as CSV` }, 400);
      const fc =
        features.kind === 'boundaries'
          ? features.geojson
          : {
              type: 'FeatureCollection',
              features: features.names.map((name, i) => ({
                type: 'Feature',
                properties: features.generalised
                  ? { name, category: features.categories[i], sites: features.below![i] ? `<${features.below![i]}` : features.counts![i], h3Cell: features.cells![i] || null }
                  : { name, category: features.categories[i] },
                geometry: pointOf(features.coordinates, i),
              })),
            };
      body = JSON.stringify(fc);
    }
    if (meta?.sensitivity === 'restricted' || (features?.kind === 'sites' && features.restrictedShown > 0)) {
      await services.audit.record({ viewer, ip: who.ip }, { action: 'read.restricted', target: id, detail: { via: `export.${format}` }, orgId: meta?.org_id });
    }
    if (meta && meta.sensitivity !== 'public') {
      // a file of internal data leaves the atlas's protection (the client asked the user to confirm)
      await services.audit.record({ viewer, ip: who.ip }, { action: 'dataset.export', target: id, detail: { format, sensitivity: meta.sensitivity, generalised: Boolean(features?.kind === 'sites' && features.generalised), confirmed: true }, orgId: meta.org_id });
    }
    res.setHeader('Content-Disposition', `attachment; filename="${id.replace(/[^a-z0-9-]/gi, '_')}.${format}"`);
    send(req, res, prepare(Buffer.from(body), format === 'csv' ? 'text/csv; charset=utf-8' : 'application/geo+json'), 'private, no-cache');
  }

  /** The 3W summary of a boundary set (?set=ID, optional &strategy= or &actionArea=) as CSV or XLSX; every export is audited. */
  async function handle3w(req: IncomingMessage, res: ServerResponse, url: URL, format: 'csv' | 'xlsx', who: Who): Promise<void> {
    const viewer = who.user!;
    const set = url.searchParams.get('set');
    if (!set) return sendJson(req, res, { error: 'Name the boundary set: ?set=ID (for example ?set=world-atlas-50m-admin0)' }, 400);
    const strategy = url.searchParams.get('strategy') ?? undefined;
    const actionArea = url.searchParams.get('actionArea') ?? undefined;
    if (strategy && !(STRATEGY_CODES as readonly string[]).includes(strategy)) return sendJson(req, res, { error: `strategy: unknown strategy '${strategy.slice(0, 20)}'; expected one of ${STRATEGY_CODES.join(', ')}` }, 400);
    if (actionArea && !isActionAreaCode(actionArea)) return sendJson(req, res, { error: `actionArea: unknown action-area code '${actionArea.slice(0, 20)}'; expected one such as 2.2 or 6B.1` }, 400);
    let summary: Awaited<ReturnType<typeof services.interventions.threeW>>;
    try {
      summary = await services.interventions.threeW(viewer, set, { strategy: strategy as StrategyCode | undefined, actionArea: actionArea as ActionAreaCode | undefined });
    } catch (err) {
      if (err instanceof TRPCError && err.code === 'NOT_FOUND') return sendJson(req, res, { error: err.message }, 404);
      throw err;
    }
    await services.audit.record({ viewer, ip: who.ip }, { action: 'interventions.export', target: set, detail: { format, strategy: strategy ?? null, actionArea: actionArea ?? null, rows: summary.rows.length } });
    const name = `3w-${set.replace(/[^a-z0-9-]/gi, '_')}`;
    res.setHeader('Content-Disposition', `attachment; filename="${name}.${format}"`);
    if (format === 'csv') {
      return send(req, res, prepare(Buffer.from(toCsv([...THREE_W_COLUMNS], summary.rows.map(threeWCells))), 'text/csv; charset=utf-8'), 'private, no-cache');
    }
    // loaded on first use, as read-table.ts loads it
    const { default: Excel } = await import('exceljs');
    const wb = new Excel.Workbook();
    const sheet = wb.addWorksheet('3W');
    sheet.addRow([...THREE_W_COLUMNS]);
    sheet.getRow(1).font = { bold: true };
    for (const r of summary.rows) sheet.addRow(threeWCells(r));
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    send(req, res, prepare(body, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'), 'private, no-cache');
  }

  async function handleAuditCsv(req: IncomingMessage, res: ServerResponse, url: URL, who: Who): Promise<void> {
    const q = url.searchParams;
    const events = await services.audit.list(who.user!, { action: q.get('action') ?? undefined, email: q.get('email') ?? undefined, since: q.get('since') ?? undefined, until: q.get('until') ?? undefined, limit: 10_000 });
    const body = toCsv(['at', 'email', 'action', 'target', 'detail', 'ip'], events.map((e) => [e.at, e.email, e.action, e.target, e.detail ? JSON.stringify(e.detail) : '', e.ip]));
    res.setHeader('Content-Disposition', 'attachment; filename="audit.csv"');
    send(req, res, prepare(Buffer.from(body), 'text/csv; charset=utf-8'), 'private, no-store');
  }

  async function handleSignIn(req: IncomingMessage, res: ServerResponse, who: Who): Promise<void> {
    if (!signInLimiter.take(who.ip ?? 'unknown')) {
      res.setHeader('Retry-After', '60');
      return sendJson(req, res, { error: `Too many sign-in attempts from this address; wait a minute and try again.` }, 429);
    }
    let input: { email?: unknown; password?: unknown };
    try {
      input = JSON.parse((await readBody(req, SIGN_IN_MAX_BODY_BYTES)).toString('utf8'));
    } catch (err) {
      if (err instanceof BodyTooLarge) throw err;
      return sendJson(req, res, { error: 'Send JSON: { "email": "…", "password": "…" }' }, 400);
    }
    if (typeof input?.email !== 'string' || typeof input.password !== 'string' || !input.email || !input.password) {
      return sendJson(req, res, { error: 'Give an e-mail and a password: { "email": "…", "password": "…" }' }, 400);
    }
    try {
      const { token, user, expiresAt } = await services.accounts.signIn(input.email, input.password);
      await services.audit.record({ viewer: user, ip: who.ip }, { action: 'auth.sign-in' });
      const maxAge = Math.max(0, Math.floor((Date.parse(expiresAt) - Date.now()) / 1000));
      res.setHeader('Set-Cookie', `${SESSION_COOKIE}=${token}; HttpOnly; SameSite=Lax; Path=/; Max-Age=${maxAge}${isHttps(req) ? '; Secure' : ''}`);
      res.statusCode = 204;
      res.end();
    } catch (err) {
      if (!(err instanceof AccountError)) throw err;
      // in the log of each organisation of the account; an unknown e-mail in the default organisation's
      const email = input.email.trim().toLowerCase().slice(0, 200);
      const orgs = await services.accounts.organisationIdsOf(email);
      for (const orgId of orgs.length ? orgs : [DEFAULT_ORG_ID]) {
        await services.audit.record({ email, ip: who.ip }, { action: 'auth.sign-in-failed', detail: { status: err.status }, orgId });
      }
      return sendJson(req, res, { error: err.message }, err.status);
    }
  }

  async function handleSignOut(req: IncomingMessage, res: ServerResponse, who: Who): Promise<void> {
    req.resume();
    if (who.user) {
      await services.accounts.signOut(who.token);
      await services.audit.record({ viewer: who.user, ip: who.ip }, { action: 'auth.sign-out' });
    }
    res.setHeader('Set-Cookie', `${SESSION_COOKIE}=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0${isHttps(req) ? '; Secure' : ''}`);
    res.statusCode = 204;
    res.end();
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    let rel: string;
    try {
      rel = decodeURIComponent(pathname).replace(/^\/+/, '');
    } catch {
      return sendJson(req, res, { error: `The path ${JSON.stringify(pathname.slice(0, 200))} has a % escape that does not decode` }, 400);
    }
    let file = path.resolve(clientDir, rel);
    // inside the client folder only: not a sibling whose name starts the same, not a NUL trick
    const inside = path.relative(clientDir, file);
    if (rel.includes('\0') || inside.startsWith('..') || path.isAbsolute(inside)) return sendJson(req, res, { error: 'Bad path' }, 400);
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
      // the page itself is never stored: Back after a quick exit asks the server again, and finds the session ended
      (doc) => send(req, res, doc, isAsset ? 'public, max-age=31536000, immutable' : file.endsWith('index.html') ? 'no-store' : 'no-cache'),
      (err) => {
        prepared.delete(key);
        console.error(`static ${file}: ${(err as Error).stack ?? err}`);
        sendJson(req, res, { error: 'Something went wrong on the server; the error is in its log.' }, 500);
      },
    );
  }

  async function route(req: IncomingMessage, res: ServerResponse, url: URL, name: string, who: Who): Promise<void> {
    switch (name) {
      case 'health':
        await ping(services.db);
        return sendJson(req, res, { status: 'ok', database: services.db.dialect });
      case 'sign-in':
        return handleSignIn(req, res, who);
      case 'sign-out':
        return handleSignOut(req, res, who);
      case 'me': {
        const u = who.user!;
        return sendJson(req, res, { id: u.id, email: u.email, name: u.name, orgId: u.orgId, role: u.role, mustChangePassword: u.mustChangePassword, organisations: u.organisations }, 200, 'private, no-store');
      }
      case 'trpc':
        return handleTrpc(req, res, url, who);
      case 'uploads':
        return handleUpload(req, res, url, who);
      case 'export': {
        const m = url.pathname.match(ROUTES.find((r) => r.name === 'export')!.pattern)!;
        let id: string;
        try {
          id = decodeURIComponent(m[1]);
        } catch {
          return sendJson(req, res, { error: `The dataset id ${JSON.stringify(m[1].slice(0, 200))} has a % escape that does not decode` }, 400);
        }
        return handleExport(req, res, url, id, m[2] as 'csv' | 'geojson', who);
      }
      case 'plan-pdf': {
        const m = url.pathname.match(ROUTES.find((r) => r.name === 'plan-pdf')!.pattern)!;
        let id: string;
        try {
          id = decodeURIComponent(m[1]);
        } catch {
          return sendJson(req, res, { error: `The plan id ${JSON.stringify(m[1].slice(0, 200))} has a % escape that does not decode` }, 400);
        }
        return handlePlanPdf(req, res, url, id, who);
      }
      case 'interventions-3w':
        return handle3w(req, res, url, url.pathname.endsWith('.xlsx') ? 'xlsx' : 'csv', who);
      case 'audit-csv':
        return handleAuditCsv(req, res, url, who);
      case 'tiles':
        return handleTileRequest(req, res, url, services.tiles, who.user!, (layerName) => tileLayerOf(who, layerName));
      case 'basemap': {
        const doc = basemapDocs[url.pathname];
        if (!doc) return sendJson(req, res, { error: `No basemap document '${url.pathname}'` }, 404);
        let p = prepared.get(url.pathname);
        if (!p) {
          p = Promise.resolve(doc()).then((value) =>
            prepare(Buffer.from(JSON.stringify(value)), url.pathname.endsWith('.geojson') ? 'application/geo+json' : TYPES['.json']),
          );
          prepared.set(url.pathname, p);
          p.catch(() => prepared.delete(url.pathname));
        }
        return send(req, res, await p, 'private, no-cache');
      }
      case 'api-unknown':
        req.resume();
        return sendJson(req, res, { error: `No API route ${req.method} ${url.pathname}` }, 404);
      default:
        return serveStatic(req, res, url.pathname);
    }
  }

  // Which tile layer each viewer gets for a name (two small queries), kept for a few seconds.
  const tileGrants = new Map<string, { at: number; layer: Promise<string | undefined> }>();
  function tileLayerOf(who: Who, name: string): Promise<string | undefined> {
    const user = who.user!;
    const key = `${JSON.stringify(user.memberships)}\n${name}`;
    const hit = tileGrants.get(key);
    if (hit && Date.now() - hit.at < 5_000) return hit.layer;
    const layer = tileLayerFor(services.datasets, user, name).then(async (granted) => {
      if (granted?.restricted) await services.audit.record({ viewer: user, ip: who.ip }, { action: 'read.restricted', target: name, detail: { via: 'tiles' } });
      return granted?.layer;
    });
    if (tileGrants.size > 10_000) tileGrants.clear();
    tileGrants.set(key, { at: Date.now(), layer });
    layer.catch(() => tileGrants.delete(key));
    return layer;
  }

  const signInLimiter = createRateLimiter(opts.signInPerMinute ?? 20, 60_000);
  const uploadLimiter = createRateLimiter(opts.uploadsPerMinute ?? 30, 60_000);

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      // a page of another site that rebinds its name to this address names its own host
      const host = String(req.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
      if (allowedHosts && !allowedHosts.has(host)) {
        req.resume();
        return sendJson(req, res, { error: `This server does not answer to the host '${host.slice(0, 100)}' (ALLOWED_HOSTS).` }, 421);
      }
      // TileJSON builds its URLs from X-Forwarded-Host behind a proxy: only a name the server answers to
      const forwarded = req.headers['x-forwarded-host'];
      if (forwarded !== undefined && allowedHosts && !allowedHosts.has(String(forwarded).toLowerCase().replace(/:\d+$/, ''))) delete req.headers['x-forwarded-host'];
      const entry = ROUTES.find((r) => r.pattern.test(url.pathname))!;
      if (!entry.methods.includes(req.method ?? '')) {
        req.resume();
        res.setHeader('Allow', entry.methods.join(', '));
        return sendJson(req, res, { error: `${req.method} is not allowed on ${url.pathname}: use ${entry.methods.join(' or ')}` }, 405);
      }
      if (req.method !== 'GET' && req.method !== 'HEAD' && crossSite(req)) {
        req.resume();
        return sendJson(req, res, { error: 'A request from another site cannot change anything here (cross-site request refused).' }, 403);
      }
      const token = cookieOf(req, SESSION_COOKIE);
      const who: Who = { user: token ? await services.accounts.viewerOf(token) : null, token, ip: req.socket.remoteAddress ?? null };
      if (!admits(entry.access, who.user)) {
        req.resume();
        if (!who.user) return sendJson(req, res, { error: token ? 'Your session has ended; sign in again.' : 'Sign in to use Risk Atlas.' }, 401);
        if (who.user.mustChangePassword) return sendJson(req, res, { error: 'Choose a new password before going on.' }, 403);
        return sendJson(req, res, { error: `This needs the ${entry.access} role; yours is ${who.user.role}.` }, 403);
      }
      return await route(req, res, url, entry.name, who);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        return refuseOversized(req, res, `The request body is larger than this route accepts (${url.pathname.startsWith('/trpc') ? `${TRPC_MAX_BODY_BYTES / 1024} KB` : `${SIGN_IN_MAX_BODY_BYTES / 1024} KB`}).`);
      }
      // the details go to the log, never to the caller
      console.error(`${req.method} ${url.pathname}: ${(err as Error).stack ?? err}`);
      if (!res.headersSent) sendJson(req, res, { error: 'Something went wrong on the server; the error is in its log.' }, 500);
      else res.end();
    }
  };
}

/** Who asks: the signed-in user (null when nobody is), their session token and address. */
interface Who {
  user: SessionUser | null;
  token: string | null;
  ip: string | null;
}
