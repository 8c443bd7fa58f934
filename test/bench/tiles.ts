/**
 * Vector tiles over 1,000,000 seeded points and ~50,000 areas: the project's tiler (server/tiles/)
 * side by side with PostGIS ST_AsMVT over the same data, on a fixed seeded list of tile requests
 * across zooms. "First" is a tile's first request once the layer's index is built (the build is
 * timed apart); "cached" asks the same list again. PostGIS has no tile cache: its second pass is
 * the same queries on warm buffers.
 *
 *   node --import tsx test/bench/tiles.ts [--no-postgis] [--points=N]
 */
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createTileService, type TileLayerSource } from '../../server/tiles/tile-service';
import { handleTileRequest } from '../../server/tiles/tile-route';
import { tileOf } from '../../server/tiles/web-mercator';
import type { TileCoords } from '../../server/tiles/tile-coords';
import { PUBLIC_READER } from '../../server/store/access';
import { mulberry32 } from './spatial-join-data';
import { benchPoints, subdividedAdmin1 } from './tiles-data';
import { openPostgis } from './spatial-join-postgis';
import { loadTileAreas, loadTilePoints, postgisTile, tileQueries } from './tiles-postgis';

export interface TileBenchOptions {
  /** @default 1_000_000 */
  points?: number;
  /** Features drawn per zoom to pick the tiles asked for (fewer tiles where a zoom has fewer). @default 20 */
  requestsPerZoom?: number;
  /** Compare with PostGIS (a fresh database on POSTGIS_URL, DATABASE_URL or the local server). @default true */
  postgis?: boolean;
}

export interface TileBenchLayer {
  name: string;
  features: number;
  indexMs: number;
  prerendered: number;
  prerenderMs: number;
  requests: number;
  maxZoom: number;
  firstP95Ms: number;
  firstCpuP95Ms: number;
  cachedP95Ms: number;
  /** Cached tiles over a local HTTP connection (keep-alive, no gzip). */
  httpCachedP95Ms: number;
  httpCachedCpuP95Ms: number;
  largestBytes: number;
  largestTile: string;
  postgis?: { loadMs: number; firstP95Ms: number; warmP95Ms: number; largestBytes: number; largestTile: string };
}

interface Timing {
  ms: number;
  /** CPU time of this process (user + system, GC threads included) while it ran. */
  cpuMs: number;
}

// Wall and CPU time: on a busy machine the wall time also counts waiting for a core.
async function timed<T>(fn: () => Promise<T>): Promise<Timing & { result: T }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const result = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { result, ms, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(xs.length * 0.95) - 1)];

/** Distinct tiles holding `perZoom` seeded picks of positions, at every zoom, in a seeded order. */
function requestList(position: (random: () => number) => [number, number], maxZoom: number, perZoom: number, seed: number): TileCoords[] {
  const random = mulberry32(seed);
  const seen = new Set<string>();
  const list: TileCoords[] = [];
  for (let z = 0; z <= maxZoom; z++) {
    for (let k = 0; k < perZoom; k++) {
      const [lng, lat] = position(random);
      const t = tileOf(lng, lat, z);
      const key = `${t.z}/${t.x}/${t.y}`;
      if (!seen.has(key)) (seen.add(key), list.push(t));
    }
  }
  // Fisher–Yates, so that zooms interleave as they do when a map is used.
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

function get(url: string, agent: http.Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => {
      let n = 0;
      res.on('data', (c) => (n += c.length));
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });
}

export async function benchTiles(options: TileBenchOptions = {}): Promise<{ layers: TileBenchLayer[]; loadAverage: number[]; postgisSkipped?: string }> {
  const { points: pointCount = 1_000_000, requestsPerZoom = 20, postgis = true } = options;
  const points = benchPoints(pointCount);
  const areas = subdividedAdmin1();

  const sources: Record<string, TileLayerSource> = {
    points: {
      kind: 'points', version: 'bench', cacheControl: 'no-cache', fields: { name: 'String', count: 'Number' },
      load: async () => ({ kind: 'points', coordinates: points.coordinates, properties: { name: points.names } }),
    },
    areas: {
      kind: 'polygons', version: 'bench', cacheControl: 'no-cache', fields: { code: 'String', name: 'String' },
      load: async () => ({ kind: 'polygons', geojson: areas }),
    },
  };
  const tiles = createTileService(async (name) => sources[name], { cacheBytes: 1024 * 1024 * 1024 });
  const server = http.createServer((req, res) => void handleTileRequest(req, res, new URL(req.url!, 'http://localhost'), tiles, PUBLIC_READER, async (name) => name));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const requests = {
    points: requestList((random) => {
      const i = Math.floor(random() * pointCount);
      return [points.coordinates[2 * i], points.coordinates[2 * i + 1]];
    }, 16, requestsPerZoom, 42),
    areas: requestList((random) => {
      const ring = areas.features[Math.floor(random() * areas.features.length)].geometry.coordinates[0][0];
      return ring[Math.floor(random() * ring.length)] as [number, number];
    }, 14, requestsPerZoom, 43),
  };

  const layers: TileBenchLayer[] = [];
  for (const name of ['points', 'areas'] as const) {
    const warm = (await tiles.warm(name, PUBLIC_READER))!;
    const layer = (await tiles.layer(name, PUBLIC_READER))!;
    const list = requests[name];
    const first: Timing[] = [];
    const cached: Timing[] = [];
    const overHttp: Timing[] = [];
    let largest = { bytes: 0, tile: '' };
    for (const c of list) {
      const { result: tile, ...t } = await timed(() => layer.tile(c));
      first.push(t);
      if (tile && tile.body.length > largest.bytes) largest = { bytes: tile.body.length, tile: `${c.z}/${c.x}/${c.y}` };
    }
    for (const c of list) cached.push(await timed(() => layer.tile(c)));
    // A fresh keep-alive connection per layer: building an index blocks the loop past the server's keep-alive timeout.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (const c of list) overHttp.push(await timed(() => get(`${base}/tiles/${name}/${c.z}/${c.x}/${c.y}.pbf`, agent)));
    agent.destroy();
    layers.push({
      name, features: warm.features, indexMs: warm.indexMs, prerendered: warm.prerendered, prerenderMs: warm.prerenderMs,
      requests: list.length, maxZoom: layer.maxZoom,
      firstP95Ms: p95(first.map((t) => t.ms)), firstCpuP95Ms: p95(first.map((t) => t.cpuMs)),
      cachedP95Ms: p95(cached.map((t) => t.ms)),
      httpCachedP95Ms: p95(overHttp.map((t) => t.ms)), httpCachedCpuP95Ms: p95(overHttp.map((t) => t.cpuMs)),
      largestBytes: largest.bytes, largestTile: largest.tile,
    });
  }
  server.close();

  const loadAverage = os.loadavg();
  if (!postgis || process.env.RISK_ATLAS_SKIP_POSTGIS === '1') return { layers, loadAverage, postgisSkipped: 'skipped by request' };
  let db;
  try {
    db = await openPostgis(process.env.POSTGIS_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  } catch (e) {
    return { layers, loadAverage, postgisSkipped: (e as Error).message };
  }
  try {
    await db.client.query(`SET statement_timeout = '300s'`);
    const loadMs: Record<string, number> = {};
    let t0 = performance.now();
    await loadTilePoints(db.client, points);
    loadMs.points = performance.now() - t0;
    t0 = performance.now();
    await loadTileAreas(db.client, areas);
    loadMs.areas = performance.now() - t0;
    for (const layer of layers) {
      const list = requests[layer.name as 'points' | 'areas'];
      const sql = (z: number) => (layer.name === 'areas' ? tileQueries.areas : z < 8 ? tileQueries.pointGrid : tileQueries.points);
      const passes: number[][] = [[], []];
      let largest = { bytes: 0, tile: '' };
      for (const pass of passes) {
        for (const c of list) {
          const r = await postgisTile(db.client, sql(c.z), c.z, c.x, c.y);
          pass.push(r.ms);
          if (r.bytes > largest.bytes) largest = { bytes: r.bytes, tile: `${c.z}/${c.x}/${c.y}` };
        }
      }
      layer.postgis = { loadMs: loadMs[layer.name], firstP95Ms: p95(passes[0]), warmP95Ms: p95(passes[1]), largestBytes: largest.bytes, largestTile: largest.tile };
    }
  } finally {
    await db.close();
  }
  return { layers, loadAverage };
}

/** The lines `npm run bench` prints. */
export function formatTiles(result: Awaited<ReturnType<typeof benchTiles>>): string[] {
  const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(0));
  const kb = (n: number) => `${(n / 1000).toFixed(0)} KB`;
  const lines: string[] = [];
  for (const l of result.layers) {
    const pg = l.postgis;
    const prerender = l.prerendered ? ` + ${l.prerendered} low-zoom tiles pre-rendered in ${(l.prerenderMs / 1000).toFixed(1)} s` : '';
    lines.push(`tiles     ${l.name} (${l.features.toLocaleString('en')}): index ${(l.indexMs / 1000).toFixed(1)} s${prerender}; ${l.requests} seeded requests z0–${l.maxZoom}`);
    lines.push(
      `tiles     ${l.name} first request p95 ${ms(l.firstP95Ms)} ms (CPU ${ms(l.firstCpuP95Ms)} ms)` +
        (pg ? ` vs ST_AsMVT ${ms(pg.firstP95Ms)} ms: ${(l.firstP95Ms / pg.firstP95Ms).toFixed(3)}×` : '') + ` (goal ≤ 50 ms)`,
    );
    lines.push(
      `tiles     ${l.name} cached p95 ${ms(l.cachedP95Ms)} ms in process, ${ms(l.httpCachedP95Ms)} ms over HTTP (CPU ${ms(l.httpCachedCpuP95Ms)} ms)` +
        (pg ? ` vs ST_AsMVT again ${ms(pg.warmP95Ms)} ms: ${(l.httpCachedP95Ms / pg.warmP95Ms).toFixed(4)}×` : '') + ` (goal ≤ 5 ms)`,
    );
    lines.push(
      `tiles     ${l.name} largest tile ${kb(l.largestBytes)} (${l.largestTile})` +
        (pg ? ` vs ST_AsMVT ${kb(pg.largestBytes)} (${pg.largestTile}); PostGIS load ${(pg.loadMs / 1000).toFixed(0)} s` : '') +
        ` (goal ≤ 500 KB)`,
    );
  }
  lines.push(`tiles     load average during the run: ${result.loadAverage.map((n) => n.toFixed(1)).join(', ')} on ${os.cpus().length} cores`);
  if (result.postgisSkipped) lines.push(`tiles     PostGIS not compared: ${result.postgisSkipped}`);
  return lines;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const result = await benchTiles({ postgis: !process.argv.includes('--no-postgis'), points: arg('points') ? Number(arg('points')) : undefined });
  for (const line of formatTiles(result)) console.log(line);
}
