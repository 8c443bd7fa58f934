/**
 * Borderland zones around the world-atlas land borders (1:50m and 1:10m) and every country's share
 * inside, side by side: ours (the zone traced on worker threads, shares by exact overlay) and
 * PostGIS as an expert writes it (border lines cut into short pieces — ST_Segmentize on
 * geography, then ST_Subdivide —, a geography buffer per piece, ST_Union; shares by
 * ST_Intersection of the subdivided countries with the subdivided zone, areas on geography).
 * Loading is not timed on either side (PostGIS: tables, repair, subdivision and GiST of the
 * countries; ours: the worker pool and the countries' edges and index); each side runs three times,
 * interleaved, and the fastest run is taken. Prints the times and their ratio, the distance from the zone's edge to
 * the borders at its vertices and edge midpoints (p1/p50/p99), and how far the shares differ.
 *
 * `node --import tsx test/bench/borderland-zones.ts [--scales 50m,10m] [--km 50] [--no-postgis]`
 */
import { cpus, loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import type { LineString, MultiPolygon, Polygon } from 'geojson';
import type pg from 'pg';
import { buildWorld, type WorldScale } from '../../data/world';
import { ZonePool } from '../../server/compute/borderland-zone-pool';
import { BorderIndex, computeBorderlandShare } from '../../server/domain/borderland';
import { buildBorderlandZone } from '../../server/domain/borderland-zone';
import { ZoneShareAreas, zoneShares } from '../../server/domain/zone-shares';
import { loadPolygons, openPostgis, type PostgisDb } from './spatial-join-postgis';
import { flagValue, formatMs } from './bench-cli';

export interface BorderlandBenchOptions {
  /** @default ['50m', '10m'] */
  scales?: WorldScale[];
  /** @default 50 */
  radiusKm?: number;
  /**
   * PostgreSQL server to make a scratch PostGIS database on; null skips PostGIS.
   * @default process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
   */
  databaseUrl?: string | null;
}

/** Runs of each side; the faster is taken (the machine may be busy with other work). */
const ROUNDS = 3;

/** How PostGIS cuts the border lines before buffering: longest segment (m) and most vertices per piece. */
const PIECES = { segmentizeM: 50_000, maxVertices: 32 };

export interface BorderlandScaleResult {
  scale: WorldScale;
  segments: number;
  ours: { zoneMs: number; sharesMs: number; singleThreadMs: number; poolStartMs: number; prepareMs: number; edge: EdgeStats; vertices: number };
  postgis?: { zoneMs: number; sharesMs: number; loadMs: number; edge: EdgeStats; vertices: number; wholeLinesEdge?: EdgeStats };
  /** Largest |ours − PostGIS| share, 0–1, and the same for the equal-area sampling. */
  maxShareDiff?: number;
  maxSamplingDiff?: number;
}

interface EdgeStats {
  min: number;
  p1: number;
  p50: number;
  p99: number;
  max: number;
}

export async function benchBorderlandZones(options: BorderlandBenchOptions = {}): Promise<BorderlandScaleResult[]> {
  const scales = options.scales ?? ['50m', '10m'];
  const km = options.radiusKm ?? 50;
  const databaseUrl = options.databaseUrl === undefined ? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' : options.databaseUrl;
  log(`borderland zones at ${km} km: ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  let db: PostgisDb | undefined;
  if (databaseUrl) {
    try {
      db = await openPostgis(databaseUrl);
      const { rows } = await db.client.query('SELECT postgis_lib_version() AS v, version() AS pg');
      log(`PostGIS ${rows[0].v} on ${String(rows[0].pg).split(' on ')[0]}; lines cut by ST_Segmentize(geography, ${PIECES.segmentizeM / 1000} km) + ST_Subdivide(·, ${PIECES.maxVertices})`);
    } catch (e) {
      log(`PostGIS not available, its columns stay empty: ${(e as Error).message}`);
      db = undefined;
    }
  } else {
    log('PostGIS skipped (--no-postgis): its columns stay empty');
  }
  const results: BorderlandScaleResult[] = [];
  try {
    for (const scale of scales) results.push(await benchScale(scale, km, db));
  } finally {
    await db?.close();
  }
  printTable(results, km);
  return results;
}

async function benchScale(scale: WorldScale, km: number, db: PostgisDb | undefined): Promise<BorderlandScaleResult> {
  const world = buildWorld(scale);
  const lines = world.borders.map((b) => b.geometry);
  const geometries = world.countries.map((c) => c.geometry);
  const codes = world.countries.map((c) => c.code);
  const index = new BorderIndex(lines);
  log(`\n${scale}: ${world.borders.length} border lines, ${index.segmentCount.toLocaleString('en')} segments; ${geometries.length} countries`);

  // Ours, set up: the worker pool (holding the borders' index) and the countries' side of the overlay.
  let t0 = performance.now();
  const pool = await ZonePool.create(lines);
  const poolStartMs = performance.now() - t0;
  t0 = performance.now();
  const areas = new ZoneShareAreas(geometries);
  const prepareMs = performance.now() - t0;

  let zone: MultiPolygon = { type: 'MultiPolygon', coordinates: [] };
  let shares = zoneShares(areas, zone);
  let zoneMs = Infinity;
  let sharesMs = Infinity;
  let pgZoneMs = Infinity;
  let pgSharesMs = Infinity;
  let pgShares: Float64Array | undefined;
  let pgLoadMs = NaN;
  if (db) pgLoadMs = await loadPostgis(db.client, world.borders.map((b) => b.geometry), geometries);
  try {
    // Rounds of ours then PostGIS, so that both meet the same load on the machine.
    for (let round = 1; round <= ROUNDS; round++) {
      t0 = performance.now();
      zone = await pool.zone(km);
      const t1 = performance.now();
      shares = zoneShares(areas, zone);
      const t2 = performance.now();
      if (t2 - t0 < zoneMs + sharesMs) [zoneMs, sharesMs] = [t1 - t0, t2 - t1];
      let line = `  round ${round}: ours ${ms(t1 - t0)} zone (workers busy ${pool.lastBusyMs.map(ms).join(' + ')}) + ${ms(t2 - t1)} shares`;
      if (db) {
        const run = await postgisZoneAndShares(db.client, km, geometries.length);
        if (run.zoneMs + run.sharesMs < pgZoneMs + pgSharesMs) [pgZoneMs, pgSharesMs] = [run.zoneMs, run.sharesMs];
        pgShares = run.shares;
        line += `; PostGIS ${ms(run.zoneMs)} zone + ${ms(run.sharesMs)} shares`;
      }
      log(line);
    }
  } finally {
    await pool.close();
  }
  t0 = performance.now();
  buildBorderlandZone(lines, km);
  const singleThreadMs = performance.now() - t0;
  log(`  ours, set-up not counted: worker pool ${ms(poolStartMs)}, countries' edges and index ${ms(prepareMs)}; the zone on one thread (index included): ${ms(singleThreadMs)}`);

  const vertices = countVertices(zone);
  const ourEdge = edgeStats(zone, index, km);
  log(`  ours: ${zone.coordinates.length} polygons, ${vertices.toLocaleString('en')} vertices; edge ${formatEdge(ourEdge)}`);
  const result: BorderlandScaleResult = {
    scale,
    segments: index.segmentCount,
    ours: { zoneMs, sharesMs, singleThreadMs, poolStartMs, prepareMs, edge: ourEdge, vertices },
  };

  const pick = ['VAT', 'SMR', 'LSO', 'FJI', 'RUS'].map((c) => codes.indexOf(c)).filter((i) => i >= 0);
  log(`  ours:    ${pick.map((i) => `${codes[i]} ${pct(shares[i].share)}`).join(', ')}`);
  if (db && pgShares) {
    const pgZone = await postgisZone(db.client);
    const pgEdge = edgeStats(pgZone, index, km);
    const pgVertices = countVertices(pgZone);
    log(`  PostGIS: ${pick.map((i) => `${codes[i]} ${pct(pgShares![i])}`).join(', ')}`);
    log(`  PostGIS: ${pgZone.coordinates.length} polygons, ${pgVertices.toLocaleString('en')} vertices; edge ${formatEdge(pgEdge)} (loaded in ${ms(pgLoadMs)}, not counted)`);
    let wholeLinesEdge: EdgeStats | undefined;
    if (scale === '50m') {
      // The obvious query: whole lines buffered, for the edge it gives.
      t0 = performance.now();
      await db.client.query(`DROP TABLE IF EXISTS zone_whole; CREATE TABLE zone_whole AS SELECT ST_Union(ST_Buffer(geom::geography, ${km * 1000})::geometry) AS geom FROM borders`);
      const wholeMs = performance.now() - t0;
      wholeLinesEdge = edgeStats(await postgisZone(db.client, 'zone_whole'), index, km);
      log(`  PostGIS, whole lines buffered (no cutting): ${ms(wholeMs)}; edge ${formatEdge(wholeLinesEdge)}`);
    }
    result.postgis = { zoneMs: pgZoneMs, sharesMs: pgSharesMs, loadMs: pgLoadMs, edge: pgEdge, vertices: pgVertices, wholeLinesEdge };

    // Shares: ours against PostGIS, and the equal-area sampling (the former method) against PostGIS.
    const ours = shares.map((s) => s.share);
    result.maxShareDiff = printDifferences('ours − PostGIS', codes, ours, pgShares);
    t0 = performance.now();
    const sampled = geometries.map((g) => computeBorderlandShare(g, index, km).share);
    const samplingMs = performance.now() - t0;
    result.maxSamplingDiff = printDifferences(`sampling (20,000 per country, ${ms(samplingMs)}) − PostGIS`, codes, sampled, pgShares);
  }
  return result;
}

async function loadPostgis(client: pg.Client, lines: LineString[], countries: (Polygon | MultiPolygon)[]): Promise<number> {
  const t0 = performance.now();
  await client.query('DROP TABLE IF EXISTS borders, borders_raw');
  await client.query('CREATE UNLOGGED TABLE borders_raw (id int, gj text)');
  await client.query(`INSERT INTO borders_raw SELECT (e->>'id')::int, e->>'gj' FROM json_array_elements($1::json) e`, [
    JSON.stringify(lines.map((g, id) => ({ id, gj: JSON.stringify(g) }))),
  ]);
  await client.query('CREATE TABLE borders AS SELECT id, ST_SetSRID(ST_GeomFromGeoJSON(gj), 4326) AS geom FROM borders_raw');
  // Countries repaired, wrapped into [−180, 180], subdivided into pieces of ≤ 255 vertices with a GiST index.
  await loadPolygons(client, countries, 'countries');
  return performance.now() - t0;
}

// The expert query, in the steps an expert would run: cut, buffer and union; subdivide the zone
// and index it; intersect with the countries' pieces and sum geodesic areas.
async function postgisZoneAndShares(client: pg.Client, km: number, countryCount: number): Promise<{ zoneMs: number; sharesMs: number; shares: Float64Array }> {
  await client.query('DROP TABLE IF EXISTS zone, zone_pieces');
  const t0 = performance.now();
  // A piece that is a closed ring (San Marino's border at 1:10m) is cut in two: GEOS before 3.14
  // buffers some closed lines with a spurious hole — there, San Marino itself
  // (https://github.com/libgeos/geos/issues/1223, https://github.com/locationtech/jts/issues/876).
  await client.query(`CREATE TABLE zone AS SELECT ST_Union(ST_Buffer(part::geography, ${km * 1000})::geometry) AS geom FROM (
      SELECT ST_Subdivide(ST_Segmentize(geom::geography, ${PIECES.segmentizeM})::geometry, ${PIECES.maxVertices}) AS piece FROM borders) p,
    LATERAL unnest(CASE WHEN ST_IsClosed(piece) THEN ARRAY[ST_LineSubstring(piece, 0, 0.5), ST_LineSubstring(piece, 0.5, 1)] ELSE ARRAY[piece] END) AS part`);
  const t1 = performance.now();
  await client.query('CREATE TABLE zone_pieces AS SELECT ST_Subdivide(geom, 255) AS geom FROM zone');
  await client.query('CREATE INDEX ON zone_pieces USING gist (geom)');
  const { rows } = await client.query<{ poly_id: number; share: number | null }>(`
    SELECT c.poly_id, coalesce(i.m2, 0) / nullif(ST_Area(c.geom::geography), 0) AS share
    FROM countries c LEFT JOIN (
      SELECT cp.poly_id, sum(ST_Area(ST_Intersection(cp.geom, zp.geom)::geography)) AS m2
      FROM countries_pieces cp JOIN zone_pieces zp ON ST_Intersects(cp.geom, zp.geom)
      GROUP BY cp.poly_id) i USING (poly_id)`);
  const t2 = performance.now();
  const shares = new Float64Array(countryCount).fill(NaN);
  for (const r of rows) shares[r.poly_id] = r.share ?? NaN;
  return { zoneMs: t1 - t0, sharesMs: t2 - t1, shares };
}

async function postgisZone(client: pg.Client, table = 'zone'): Promise<MultiPolygon> {
  const { rows } = await client.query(`SELECT ST_AsGeoJSON(ST_Multi(geom)) AS g FROM ${table}`);
  return JSON.parse(rows[0].g) as MultiPolygon;
}

// Distance to the borders at every vertex of the zone and at the midpoint of every edge.
function edgeStats(zone: MultiPolygon, index: BorderIndex, km: number): EdgeStats {
  const d: number[] = [];
  for (const rings of zone.coordinates) {
    for (const ring of rings) {
      for (let i = 0; i + 1 < ring.length; i++) {
        d.push(index.distanceKm(ring[i][0], ring[i][1], 3 * km));
        d.push(index.distanceKm((ring[i][0] + ring[i + 1][0]) / 2, (ring[i][1] + ring[i + 1][1]) / 2, 3 * km));
      }
    }
  }
  d.sort((a, b) => a - b);
  const q = (p: number) => d[Math.floor(p * (d.length - 1))];
  return { min: d[0], p1: q(0.01), p50: q(0.5), p99: q(0.99), max: d[d.length - 1] };
}

function printDifferences(what: string, codes: string[], a: number[], b: Float64Array): number {
  const rows = codes
    .map((code, i) => ({ code, a: a[i], b: b[i], diff: Math.abs(a[i] - b[i]) }))
    .filter((r) => Number.isFinite(r.diff))
    .sort((x, y) => y.diff - x.diff);
  const skipped = codes.length - rows.length;
  log(`  shares, ${what}: max |difference| ${(100 * rows[0].diff).toFixed(2)} points over ${rows.length} countries` +
    `${skipped ? ` (${skipped} without area left out)` : ''}; most: ${rows.slice(0, 5).map((r) => `${r.code} ${pct(r.a)} vs ${pct(r.b)}`).join(', ')}`);
  return rows[0].diff;
}

function countVertices(zone: MultiPolygon): number {
  let n = 0;
  for (const rings of zone.coordinates) for (const ring of rings) n += ring.length;
  return n;
}

function printTable(results: BorderlandScaleResult[], km: number): void {
  const cols = ['scale', 'segments', 'ours zone', 'ours shares', 'ours total', 'PostGIS zone', 'PostGIS shares', 'PostGIS total', 'ours / PostGIS', 'goal', `ours edge p1–p99 (${km} km ±1 %)`, 'PostGIS edge p1–p99', 'max share diff'];
  const rows = results.map((r) => {
    const ours = r.ours.zoneMs + r.ours.sharesMs;
    const theirs = r.postgis ? r.postgis.zoneMs + r.postgis.sharesMs : NaN;
    const ratio = ours / theirs;
    const goal = r.scale === '10m' ? `≤ 10 s ${ours <= 10_000 ? 'met' : 'NOT met'}` : `≤ 1.0× ${Number.isFinite(ratio) ? (ratio <= 1 ? 'met' : 'NOT met') : '—'}`;
    const edge = (e?: EdgeStats) => (e ? `${e.p1.toFixed(2)}–${e.p99.toFixed(2)} ${e.p1 >= 0.99 * km && e.p99 <= 1.01 * km ? 'met' : 'NOT met'}` : '—');
    return [r.scale, r.segments.toLocaleString('en'), ms(r.ours.zoneMs), ms(r.ours.sharesMs), ms(ours), ms(r.postgis?.zoneMs ?? NaN), ms(r.postgis?.sharesMs ?? NaN), ms(theirs),
      Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—', goal, edge(r.ours.edge), edge(r.postgis?.edge),
      r.maxShareDiff === undefined ? '—' : `${(100 * r.maxShareDiff).toFixed(2)} pt`];
  });
  const width = cols.map((c, i) => Math.max(c.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('  ');
  log(`\nborderland zones at ${km} km and the share of every country inside — wall-clock, fastest of ${ROUNDS} interleaved runs, load not counted; load average now ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  log(line(cols));
  for (const row of rows) log(line(row));
}

function formatEdge(e: EdgeStats): string {
  return `min ${e.min.toFixed(2)}, p1 ${e.p1.toFixed(2)}, p50 ${e.p50.toFixed(2)}, p99 ${e.p99.toFixed(2)}, max ${e.max.toFixed(2)} km`;
}

const pct = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(2)} %` : '—');
const ms = formatMs;
const log = (line: string) => console.log(line);

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const value = (flag: string) => flagValue(flag, args);
  const scales = value('--scales')?.split(',') as WorldScale[] | undefined;
  for (const s of scales ?? []) if (!['50m', '10m'].includes(s)) throw new Error(`invalid scale: ${s} (expected 50m or 10m)`);
  await benchBorderlandZones({
    scales,
    radiusKm: value('--km') ? Number(value('--km')) : undefined,
    databaseUrl: args.includes('--no-postgis') ? null : undefined,
  });
}
